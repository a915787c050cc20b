-- `diff`: every item of the process ?1 with its status record in force after round ?2
-- and after round ?3 (set there or at the item's latest round before): two seeks per
-- item in status_in_force, whatever the length of the history.
SELECT i.slug AS item, i.title,
       b.status_record_id AS "before_id?: i64", b.status AS "before?: String",
       a.status_record_id AS "after_id?: i64", a.status AS "after?: String"
FROM agenda_item i
LEFT JOIN status_record b ON b.status_record_id = (
    SELECT f.status_record_id FROM status_in_force f
    WHERE f.agenda_item_id = i.agenda_item_id
      AND (f.round_date_key, f.round_id) <= (SELECT o.date_key, o.round_id FROM round_order o WHERE o.round_id = ?2)
    ORDER BY f.round_date_key DESC, f.round_id DESC
    LIMIT 1)
LEFT JOIN status_record a ON a.status_record_id = (
    SELECT f.status_record_id FROM status_in_force f
    WHERE f.agenda_item_id = i.agenda_item_id
      AND (f.round_date_key, f.round_id) <= (SELECT o.date_key, o.round_id FROM round_order o WHERE o.round_id = ?3)
    ORDER BY f.round_date_key DESC, f.round_id DESC
    LIMIT 1)
WHERE i.process_id = ?1
ORDER BY i.agenda_item_id
