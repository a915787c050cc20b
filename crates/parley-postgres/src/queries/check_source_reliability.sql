SELECT source_id::text AS "row!", format('reliability ''%s'' is not an Admiralty grade', reliability) AS "detail!"
FROM source
WHERE reliability IS NOT NULL AND reliability NOT IN ('A', 'B', 'C', 'D', 'E', 'F')
ORDER BY source_id LIMIT NULLIF($1, -1)
