SELECT f.commitment_fate_id::text AS "row!",
       format('a fate of commitment %s, recorded after it or its round was retracted', f.commitment_id) AS "detail!"
FROM commitment_fate f
JOIN commitment c ON c.commitment_id = f.commitment_id
WHERE EXISTS (SELECT 1 FROM retraction x
              WHERE x.commitment_id = f.commitment_id AND x.recorded_at < f.recorded_at)
   OR EXISTS (SELECT 1 FROM retraction x WHERE x.round_id = c.round_id AND x.recorded_at < f.recorded_at)
ORDER BY f.commitment_fate_id LIMIT NULLIF($1, -1)
