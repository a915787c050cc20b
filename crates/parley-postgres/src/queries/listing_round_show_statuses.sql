-- `round show`: every status record of the round, corrections and corrected records
-- included, with their sources (in source id order, as SQLite reads them from the
-- index on (status_record_id, source_id)) and the reason of a retraction.
SELECT sr.status_record_id AS id, NULL::text AS party, i.slug AS item, sr.status AS value,
       sr.note, sr.confidence, sr.recorded_at,
       sr.supersedes_status_record_id IS NOT NULL AS "corrects!",
       EXISTS (SELECT 1 FROM status_record n
               WHERE n.supersedes_status_record_id = sr.status_record_id) AS "superseded!",
       (SELECT string_agg(s.slug, ', ' ORDER BY s.source_id) FROM citation c
        JOIN source s ON s.source_id = c.source_id
        WHERE c.status_record_id = sr.status_record_id) AS sources,
       -- A retracted record is the latest of its item and round: the corrected records
       -- before it are retracted with it.
       (SELECT x.reason FROM status_record r JOIN retraction x ON x.status_record_id = r.status_record_id
        WHERE r.agenda_item_id = sr.agenda_item_id AND r.round_id = sr.round_id
        ORDER BY x.retraction_id LIMIT 1) AS retracted
FROM status_record sr
JOIN agenda_item i ON i.agenda_item_id = sr.agenda_item_id
WHERE sr.round_id = $1
ORDER BY i.agenda_item_id, sr.status_record_id
