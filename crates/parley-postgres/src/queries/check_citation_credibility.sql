SELECT citation_id::text AS "row!", format('credibility %s is not a credibility grade', credibility) AS "detail!"
FROM citation
WHERE credibility IS NOT NULL AND credibility NOT IN (1, 2, 3, 4, 5, 6)
ORDER BY citation_id LIMIT NULLIF($1, -1)
