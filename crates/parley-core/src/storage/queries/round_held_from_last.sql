-- The rounds held in a process, last first, from the ?2-th on (0: `latest`, 1:
-- `previous`): the index on (process, number) walked backwards.
SELECT o.round_id AS "round_id!", o.process_id, o.number, r.slug, r.title, r.start_date, r.state
FROM round_order o
JOIN round r ON r.round_id = o.round_id
WHERE o.process_id = ?1 AND r.state = 'held'
ORDER BY o.number DESC
LIMIT 1 OFFSET ?2
