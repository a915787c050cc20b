SELECT n.position_id::text AS "row!",
       format('supersedes %s but is not a later row (recorded %s, the row it corrects %s)',
              o.position_id,
              to_char(n.recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
              to_char(o.recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) AS "detail!"
FROM position n
JOIN position o ON o.position_id = n.supersedes_position_id
WHERE n.supersedes_position_id IS NOT NULL
  AND (n.position_id <= o.position_id OR n.recorded_at < o.recorded_at)
ORDER BY n.position_id LIMIT NULLIF($1, -1)
