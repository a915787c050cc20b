SELECT source_id::text, format('reliability ''%s'' is not an Admiralty grade', reliability)
FROM source
WHERE reliability IS NOT NULL AND reliability NOT IN ('A', 'B', 'C', 'D', 'E', 'F')
ORDER BY source_id LIMIT NULLIF($1, -1)
