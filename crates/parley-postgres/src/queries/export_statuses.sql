-- `export`: the status records in force at the rounds numbered $2 to $3 of process
-- $1, by round and then item.
SELECT sr.status_record_id AS id, sr.round_id, i.slug AS item, sr.status, sr.note, sr.confidence
FROM round_order o JOIN status_record sr ON sr.round_id = o.round_id
JOIN status_in_force f ON f.agenda_item_id = sr.agenda_item_id AND f.round_date_key = o.date_key
                      AND f.round_id = sr.round_id AND f.status_record_id = sr.status_record_id
JOIN agenda_item i ON i.agenda_item_id = sr.agenda_item_id
WHERE o.process_id = $1 AND o.number BETWEEN $2 AND $3
ORDER BY o.number, sr.agenda_item_id
