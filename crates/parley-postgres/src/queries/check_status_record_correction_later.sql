SELECT n.status_record_id::text AS "row!",
       format('supersedes %s but is not a later record (recorded %s, the record it corrects %s)',
              o.status_record_id,
              to_char(n.recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
              to_char(o.recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) AS "detail!"
FROM status_record n
JOIN status_record o ON o.status_record_id = n.supersedes_status_record_id
WHERE n.supersedes_status_record_id IS NOT NULL
  AND (n.status_record_id <= o.status_record_id OR n.recorded_at < o.recorded_at)
ORDER BY n.status_record_id LIMIT NULLIF($1, -1)
