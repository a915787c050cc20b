-- `round show`: what the round produced, whom it binds (in party id order, as
-- SQLite reads them from the unique index on (commitment_id, party_id)), its fate
-- now, and the reason of a retraction.
SELECT c.slug AS commitment, i.slug AS "item?", c.kind, c.description, c.due_date,
       (SELECT string_agg(pa.slug, ', ' ORDER BY cp.party_id) FROM commitment_party cp
        JOIN party pa ON pa.party_id = cp.party_id
        WHERE cp.commitment_id = c.commitment_id) AS parties,
       COALESCE((SELECT f.fate FROM commitment_fate f WHERE f.commitment_id = c.commitment_id
                 ORDER BY f.recorded_at DESC, f.commitment_fate_id DESC LIMIT 1), 'open') AS "fate!",
       (SELECT x.reason FROM retraction x WHERE x.commitment_id = c.commitment_id
        ORDER BY x.retraction_id LIMIT 1) AS retracted
FROM commitment c
LEFT JOIN agenda_item i ON i.agenda_item_id = c.agenda_item_id
WHERE c.round_id = $1
ORDER BY c.commitment_id
