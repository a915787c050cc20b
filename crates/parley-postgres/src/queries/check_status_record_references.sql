SELECT sr.status_record_id::text AS "row!",
       CASE WHEN i.agenda_item_id IS NULL
            THEN format('names agenda item %s, which does not exist', sr.agenda_item_id)
            ELSE format('names round %s, which does not exist', sr.round_id) END AS "detail!"
FROM status_record sr
LEFT JOIN agenda_item i ON i.agenda_item_id = sr.agenda_item_id
LEFT JOIN round r ON r.round_id = sr.round_id
WHERE i.agenda_item_id IS NULL OR r.round_id IS NULL
ORDER BY sr.status_record_id LIMIT NULLIF($1, -1)
