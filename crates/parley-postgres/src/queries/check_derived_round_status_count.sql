WITH expected AS (SELECT round_id, count(*) AS statuses FROM status_in_force GROUP BY round_id)
SELECT COALESCE(r.slug, '?') AS "round!", c.statuses AS "stored?", e.statuses AS "expected?"
FROM (SELECT round_id FROM expected UNION SELECT round_id FROM round_status_count) w
LEFT JOIN expected e ON e.round_id = w.round_id
LEFT JOIN round_status_count c ON c.round_id = w.round_id
LEFT JOIN round r ON r.round_id = w.round_id
WHERE c.statuses IS DISTINCT FROM e.statuses
ORDER BY w.round_id
LIMIT $1
