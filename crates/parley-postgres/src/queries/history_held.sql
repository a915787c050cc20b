-- How many records of each kind the database holds (a count is never NULL).
SELECT (SELECT count(*) FROM process)::bigint AS "processes!",
       (SELECT count(*) FROM party)::bigint AS "parties!",
       (SELECT count(*) FROM source)::bigint AS "sources!",
       (SELECT count(*) FROM person)::bigint AS "persons!",
       (SELECT count(*) FROM outlet)::bigint AS "outlets!"
