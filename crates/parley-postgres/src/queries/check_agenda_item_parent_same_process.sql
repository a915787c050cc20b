SELECT i.agenda_item_id::text AS "row!",
       CASE WHEN p.agenda_item_id IS NULL
            THEN format('agenda item ''%s'' names parent %s, which does not exist',
                        i.slug, i.parent_agenda_item_id)
            ELSE format('agenda item ''%s'' and its parent ''%s'' belong to different processes',
                        i.slug, p.slug) END AS "detail!"
FROM agenda_item i
LEFT JOIN agenda_item p ON p.agenda_item_id = i.parent_agenda_item_id
WHERE i.parent_agenda_item_id IS NOT NULL
  AND (p.agenda_item_id IS NULL OR p.process_id <> i.process_id)
ORDER BY i.agenda_item_id LIMIT NULLIF($1, -1)
