-- `round show`: every position recorded at the round, corrections included, with
-- their sources and the reason of a retraction.
SELECT p.position_id AS id, pa.slug AS party, i.slug AS item, p.stance AS value, p.note,
       NULL::bigint AS confidence, p.recorded_at,
       p.supersedes_position_id IS NOT NULL AS "corrects!",
       EXISTS (SELECT 1 FROM position n WHERE n.supersedes_position_id = p.position_id) AS "superseded!",
       (SELECT string_agg(s.slug, ', ' ORDER BY s.source_id) FROM citation c
        JOIN source s ON s.source_id = c.source_id
        WHERE c.position_id = p.position_id) AS sources,
       -- A retracted row is the latest of its party, item and round: the corrected rows
       -- before it are retracted with it.
       (SELECT x.reason FROM position r JOIN retraction x ON x.position_id = r.position_id
        WHERE r.party_id = p.party_id AND r.agenda_item_id = p.agenda_item_id AND r.round_id = p.round_id
        ORDER BY x.retraction_id LIMIT 1) AS retracted
FROM position p
JOIN agenda_item i ON i.agenda_item_id = p.agenda_item_id
JOIN party pa ON pa.party_id = p.party_id
WHERE p.round_id = $1
ORDER BY pa.party_id, i.agenda_item_id, p.position_id
