SELECT round AS "round!", stored AS "stored?", expected AS "expected?"
FROM (SELECT r.slug AS round, o.number AS stored, s.number AS expected, r.process_id AS process_id
      FROM (SELECT round_id, ROW_NUMBER() OVER (PARTITION BY process_id
                                                ORDER BY start_date IS NULL, start_date COLLATE "C", round_id)
                             AS number
            FROM round
            WHERE NOT EXISTS (SELECT 1 FROM retraction x WHERE x.round_id = round.round_id)) s
      JOIN round r ON r.round_id = s.round_id
      LEFT JOIN round_order o ON o.round_id = s.round_id
      WHERE o.number IS DISTINCT FROM s.number
         OR o.date_key IS DISTINCT FROM COALESCE(r.start_date, 'undated')
         OR o.process_id IS DISTINCT FROM r.process_id
      UNION ALL
      SELECT r.slug, o.number, NULL, r.process_id
      FROM retraction x
      JOIN round_order o ON o.round_id = x.round_id
      JOIN round r ON r.round_id = x.round_id) AS wrong
ORDER BY process_id, expected IS NULL, expected
LIMIT $1
