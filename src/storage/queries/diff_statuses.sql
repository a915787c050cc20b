-- `diff`: every item of the process ?1 with its status in force after round ?2 and
-- after round ?3 (set there or at the item's latest round before): two seeks per item
-- in status_in_force, whatever the length of the history.
SELECT i.slug AS item, i.title,
       (SELECT sr.status FROM status_in_force f
        JOIN status_record sr ON sr.status_record_id = f.status_record_id
        WHERE f.agenda_item_id = i.agenda_item_id
          AND (f.round_date_key, f.round_id) <= (SELECT o.date_key, o.round_id FROM round_order o WHERE o.round_id = ?2)
        ORDER BY f.round_date_key DESC, f.round_id DESC
        LIMIT 1) AS "before?: String",
       (SELECT sr.status FROM status_in_force f
        JOIN status_record sr ON sr.status_record_id = f.status_record_id
        WHERE f.agenda_item_id = i.agenda_item_id
          AND (f.round_date_key, f.round_id) <= (SELECT o.date_key, o.round_id FROM round_order o WHERE o.round_id = ?3)
        ORDER BY f.round_date_key DESC, f.round_id DESC
        LIMIT 1) AS "after?: String"
FROM agenda_item i
WHERE i.process_id = ?1
ORDER BY i.agenda_item_id
