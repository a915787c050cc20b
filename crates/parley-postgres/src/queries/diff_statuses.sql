-- `diff`: every item of the process $1 with its status record in force after round $2
-- and after round $3 (src/storage/queries/diff_statuses.sql). Date keys compare in the
-- database's collation, as the schema's triggers and views that number rounds compare
-- them (digits, '-' and 'undated' order alike in C and in the usual locales).
SELECT i.slug AS item, i.title,
       b.status_record_id AS "before_id?", b.status AS "before?",
       a.status_record_id AS "after_id?", a.status AS "after?"
FROM agenda_item i
LEFT JOIN status_record b ON b.status_record_id = (
    SELECT f.status_record_id FROM status_in_force f
    WHERE f.agenda_item_id = i.agenda_item_id
      AND (f.round_date_key, f.round_id) <= (SELECT o.date_key, o.round_id FROM round_order o WHERE o.round_id = $2)
    ORDER BY f.round_date_key DESC, f.round_id DESC
    LIMIT 1)
LEFT JOIN status_record a ON a.status_record_id = (
    SELECT f.status_record_id FROM status_in_force f
    WHERE f.agenda_item_id = i.agenda_item_id
      AND (f.round_date_key, f.round_id) <= (SELECT o.date_key, o.round_id FROM round_order o WHERE o.round_id = $3)
    ORDER BY f.round_date_key DESC, f.round_id DESC
    LIMIT 1)
WHERE i.process_id = $1
ORDER BY i.agenda_item_id
