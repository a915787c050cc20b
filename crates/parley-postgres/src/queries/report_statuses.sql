-- Every status record of process $1 in force at $2, by item (SQLite packs each item's
-- records into one JSON array; here each crosses as a row of its own, in the same
-- order).
SELECT sr.status_record_id, sr.agenda_item_id, sr.round_id, sr.status, sr.confidence,
       sr.supersedes_status_record_id IS NOT NULL AS "is_correction!"
FROM status_record sr
JOIN round r ON r.round_id = sr.round_id
WHERE r.process_id = $1 AND sr.recorded_at <= $2
  AND NOT EXISTS (SELECT 1 FROM status_record c
                  WHERE c.supersedes_status_record_id = sr.status_record_id
                    AND c.recorded_at <= $2)
  AND NOT EXISTS (SELECT 1 FROM retraction x
                  WHERE x.status_record_id = sr.status_record_id AND x.recorded_at <= $2)
  AND NOT EXISTS (SELECT 1 FROM retraction x WHERE x.round_id = sr.round_id AND x.recorded_at <= $2)
ORDER BY sr.agenda_item_id, sr.status_record_id
