SELECT n.status_record_id::text AS "row!",
       format('corrects a retracted record, or was recorded at round %s after its retraction', n.round_id) AS "detail!"
FROM status_record n
WHERE EXISTS (SELECT 1 FROM retraction x WHERE x.status_record_id = n.supersedes_status_record_id)
   OR EXISTS (SELECT 1 FROM retraction x WHERE x.round_id = n.round_id AND x.recorded_at < n.recorded_at)
ORDER BY n.status_record_id LIMIT NULLIF($1, -1)
