-- `round show`: every status record of the round, corrections and corrected records
-- included, with their sources and the reason of a retraction (the caller leaves
-- retracted records out unless asked for them).
SELECT sr.status_record_id AS "id!", NULL AS "party?: String", i.slug AS item, sr.status AS value,
       sr.note, sr.confidence,
       sr.recorded_at AS "recorded_at: Instant",
       sr.supersedes_status_record_id IS NOT NULL AS "corrects!: bool",
       EXISTS (SELECT 1 FROM status_record n
               WHERE n.supersedes_status_record_id = sr.status_record_id) AS "superseded!: bool",
       (SELECT group_concat(s.slug, ', ') FROM citation c JOIN source s ON s.source_id = c.source_id
        WHERE c.status_record_id = sr.status_record_id) AS "sources?: String",
       -- A retracted record is the latest of its item and round: the corrected records
       -- before it are retracted with it.
       (SELECT x.reason FROM status_record r JOIN retraction x ON x.status_record_id = r.status_record_id
        WHERE r.agenda_item_id = sr.agenda_item_id AND r.round_id = sr.round_id) AS "retracted?: String"
FROM status_record sr
JOIN agenda_item i ON i.agenda_item_id = sr.agenda_item_id
WHERE sr.round_id = ?1
ORDER BY i.agenda_item_id, sr.status_record_id
