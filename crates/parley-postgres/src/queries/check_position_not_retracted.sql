SELECT n.position_id::text AS "row!",
       format('corrects a retracted row, or was recorded at round %s after its retraction', n.round_id) AS "detail!"
FROM position n
WHERE EXISTS (SELECT 1 FROM retraction x WHERE x.position_id = n.supersedes_position_id)
   OR EXISTS (SELECT 1 FROM retraction x WHERE x.round_id = n.round_id AND x.recorded_at < n.recorded_at)
ORDER BY n.position_id LIMIT NULLIF($1, -1)
