SELECT w.write_log_id::text AS "row!",
       format('recorded at %s, before the write before it (%s)',
              to_char(w.recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
              to_char(p.recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) AS "detail!"
FROM write_log w
JOIN write_log p ON p.write_log_id = (SELECT max(write_log_id) FROM write_log
                                      WHERE write_log_id < w.write_log_id)
WHERE w.recorded_at < p.recorded_at
ORDER BY w.write_log_id LIMIT NULLIF($1, -1)
