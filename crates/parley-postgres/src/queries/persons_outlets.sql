-- `outlet list`: every outlet with its aliases (in the order added) and how many
-- sources it published.
SELECT o.slug AS outlet, o.name,
       (SELECT string_agg(a.alias, ', ' ORDER BY a.outlet_alias_id) FROM outlet_alias a
        WHERE a.outlet_id = o.outlet_id) AS aliases,
       (SELECT count(*) FROM source s WHERE s.outlet_id = o.outlet_id)::bigint AS "sources!"
FROM outlet o ORDER BY o.outlet_id
