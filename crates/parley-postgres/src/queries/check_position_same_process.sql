SELECT p.position_id::text AS "row!",
       format('item ''%s'' and round ''%s'' belong to different processes', i.slug, r.slug) AS "detail!"
FROM position p
JOIN agenda_item i ON i.agenda_item_id = p.agenda_item_id
JOIN round r ON r.round_id = p.round_id
WHERE i.process_id <> r.process_id
ORDER BY p.position_id LIMIT NULLIF($1, -1)
