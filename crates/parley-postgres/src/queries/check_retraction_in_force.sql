SELECT x.retraction_id::text AS "row!",
       CASE WHEN x.status_record_id IS NOT NULL
            THEN format('retracts status_record %s, which a correction supersedes', x.status_record_id)
            ELSE format('retracts position %s, which a correction supersedes', x.position_id) END AS "detail!"
FROM retraction x
WHERE EXISTS (SELECT 1 FROM status_record c WHERE c.supersedes_status_record_id = x.status_record_id)
   OR EXISTS (SELECT 1 FROM position c WHERE c.supersedes_position_id = x.position_id)
ORDER BY x.retraction_id LIMIT NULLIF($1, -1)
