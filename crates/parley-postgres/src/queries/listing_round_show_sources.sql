-- `round show`: the sources cited for the round's details, each named by its outlet
-- (and how it was obtained, when the source says).
SELECT s.slug AS source,
       COALESCE(o.name || COALESCE(' (via ' || s.obtained_via || ')', ''), s.outlet) AS "outlet!",
       s.title, s.url, s.reliability, c.credibility
FROM citation c
JOIN source s ON s.source_id = c.source_id
LEFT JOIN outlet o ON o.outlet_id = s.outlet_id
WHERE c.round_id = $1
ORDER BY s.source_id
