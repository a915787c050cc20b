SELECT sr.status_record_id::text AS "row!",
       format('item ''%s'' and round ''%s'' belong to different processes', i.slug, r.slug) AS "detail!"
FROM status_record sr
JOIN agenda_item i ON i.agenda_item_id = sr.agenda_item_id
JOIN round r ON r.round_id = sr.round_id
WHERE i.process_id <> r.process_id
ORDER BY sr.status_record_id LIMIT NULLIF($1, -1)
