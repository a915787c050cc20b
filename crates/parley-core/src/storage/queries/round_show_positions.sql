-- `round show`: every position recorded at the round, corrections included, with
-- their sources and the reason of a retraction.
SELECT p.position_id AS "id!", pa.slug AS "party?: String", i.slug AS item, p.stance AS value, p.note,
       NULL AS "confidence?: i64", p.recorded_at AS "recorded_at: Instant",
       p.supersedes_position_id IS NOT NULL AS "corrects!: bool",
       EXISTS (SELECT 1 FROM position n WHERE n.supersedes_position_id = p.position_id) AS "superseded!: bool",
       (SELECT group_concat(s.slug, ', ') FROM citation c JOIN source s ON s.source_id = c.source_id
        WHERE c.position_id = p.position_id) AS "sources?: String",
       -- A retracted row is the latest of its party, item and round: the corrected rows
       -- before it are retracted with it.
       (SELECT x.reason FROM position r JOIN retraction x ON x.position_id = r.position_id
        WHERE r.party_id = p.party_id AND r.agenda_item_id = p.agenda_item_id AND r.round_id = p.round_id)
           AS "retracted?: String"
FROM position p
JOIN agenda_item i ON i.agenda_item_id = p.agenda_item_id
JOIN party pa ON pa.party_id = p.party_id
WHERE p.round_id = ?1
ORDER BY pa.party_id, i.agenda_item_id, p.position_id
