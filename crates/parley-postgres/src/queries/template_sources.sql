-- The $1 sources most likely to be cited next: those not cited yet first (newest
-- first), then by their latest citation.
SELECT source, outlet, published_on
FROM (SELECT s.slug AS source, s.outlet, s.published_on, s.source_id,
             (SELECT max(c.citation_id) FROM citation c
              WHERE c.source_id = s.source_id) AS last_cited
      FROM source s) AS ranked
ORDER BY last_cited IS NOT NULL, last_cited DESC, source_id DESC
LIMIT $1
