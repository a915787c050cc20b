-- `item list`: a process's items with the status in force at each one's latest round,
-- found by one seek per item in status_in_force (round_date_key in byte order, as
-- SQLite compares it).
SELECT i.slug AS item, i.title, p.slug AS "parent?", sr.status AS "status?", r.slug AS "round?"
FROM agenda_item i
LEFT JOIN agenda_item p ON p.agenda_item_id = i.parent_agenda_item_id
LEFT JOIN status_record sr ON sr.status_record_id = (
    SELECT l.status_record_id FROM status_in_force l
    WHERE l.agenda_item_id = i.agenda_item_id
    ORDER BY l.round_date_key COLLATE "C" DESC, l.round_id DESC
    LIMIT 1)
LEFT JOIN round r ON r.round_id = sr.round_id
WHERE i.process_id = $1
ORDER BY i.agenda_item_id
