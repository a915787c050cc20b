-- `source list`: every source with how many claims cite it.
SELECT s.slug AS source, s.outlet, s.title, s.url, s.published_on, s.reliability,
       (SELECT count(*) FROM citation c WHERE c.source_id = s.source_id)::bigint AS "citations!"
FROM source s ORDER BY s.source_id
