-- `round show`: the sources cited for the round's details.
SELECT s.slug AS source, s.outlet, s.title, s.url, s.reliability, c.credibility
FROM citation c
JOIN source s ON s.source_id = c.source_id
WHERE c.round_id = ?1
ORDER BY s.source_id
