-- `round show`: what the round produced, whom it binds, its fate now, and the reason
-- of a retraction.
SELECT c.slug AS commitment, i.slug AS "item?", c.kind, c.description, c.due_date,
       (SELECT group_concat(pa.slug, ', ') FROM commitment_party cp
        JOIN party pa ON pa.party_id = cp.party_id
        WHERE cp.commitment_id = c.commitment_id) AS "parties?: String",
       COALESCE((SELECT f.fate FROM commitment_fate f WHERE f.commitment_id = c.commitment_id
                 ORDER BY f.recorded_at DESC, f.commitment_fate_id DESC LIMIT 1), 'open') AS "fate!: String",
       (SELECT x.reason FROM retraction x WHERE x.commitment_id = c.commitment_id) AS "retracted?: String"
FROM commitment c
LEFT JOIN agenda_item i ON i.agenda_item_id = c.agenda_item_id
WHERE c.round_id = ?1
ORDER BY c.commitment_id
