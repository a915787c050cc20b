SELECT i.agenda_item_id, i.title, i.description, p.slug AS "parent?"
FROM agenda_item i
LEFT JOIN agenda_item p ON p.agenda_item_id = i.parent_agenda_item_id
WHERE i.process_id = $1 AND i.slug = $2
