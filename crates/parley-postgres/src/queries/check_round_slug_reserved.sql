SELECT round_id::text AS "row!",
       format('round ''%s'' cannot be named by its slug: it reads as a number or a keyword', slug) AS "detail!"
FROM round
WHERE slug IN ('latest', 'previous') OR ltrim(slug, '-') !~ '[^0-9]'
ORDER BY round_id LIMIT NULLIF($1, -1)
