-- The round of a process with a given slug.
SELECT r.round_id AS "round_id!", r.process_id, o.number, r.slug, r.title, r.start_date, r.state
FROM round r
JOIN round_order o ON o.round_id = r.round_id
WHERE r.process_id = ?1 AND r.slug = ?2
