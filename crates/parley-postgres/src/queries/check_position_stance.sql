SELECT position_id::text AS "row!", format('stance ''%s'' is not a stance', stance) AS "detail!"
FROM position
WHERE stance NOT IN ('red_line', 'priority', 'proposes', 'supports', 'open', 'opposes', 'rejects')
ORDER BY position_id LIMIT NULLIF($1, -1)
