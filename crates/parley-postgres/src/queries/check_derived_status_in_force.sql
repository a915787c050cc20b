WITH expected AS (
    SELECT sr.status_record_id, sr.agenda_item_id, COALESCE(r.start_date, 'undated') AS round_date_key,
           sr.round_id
    FROM status_record sr JOIN round r ON r.round_id = sr.round_id
    WHERE NOT EXISTS (SELECT 1 FROM status_record c
                      WHERE c.supersedes_status_record_id = sr.status_record_id)
      AND NOT EXISTS (SELECT 1 FROM retraction x WHERE x.status_record_id = sr.status_record_id)
      AND NOT EXISTS (SELECT 1 FROM retraction x WHERE x.round_id = sr.round_id)),
stored AS (
    SELECT status_record_id, agenda_item_id, round_date_key, round_id FROM status_in_force),
wrong AS (
    SELECT true AS missing, * FROM (SELECT * FROM expected EXCEPT SELECT * FROM stored) AS m
    UNION ALL
    SELECT false, * FROM (SELECT * FROM stored EXCEPT SELECT * FROM expected) AS e)
SELECT w.missing AS "missing!", w.status_record_id AS "status_record_id!",
       COALESCE(i.slug, '?') AS "item!", COALESCE(r.slug, '?') AS "round!"
FROM wrong w
LEFT JOIN agenda_item i ON i.agenda_item_id = w.agenda_item_id
LEFT JOIN round r ON r.round_id = w.round_id
ORDER BY w.status_record_id, w.missing
LIMIT $1
