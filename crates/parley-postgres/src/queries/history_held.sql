SELECT (SELECT count(*) FROM process)::bigint,
       (SELECT count(*) FROM party)::bigint,
       (SELECT count(*) FROM source)::bigint,
       (SELECT count(*) FROM person)::bigint,
       (SELECT count(*) FROM outlet)::bigint
