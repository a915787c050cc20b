-- The agenda items (with their parents) of the processes whose slugs $1 holds; of
-- every process when $1 is NULL.
SELECT p.slug AS process, i.slug, i.title, parent.slug AS "parent?"
FROM agenda_item i JOIN process p ON p.process_id = i.process_id
LEFT JOIN agenda_item parent ON parent.agenda_item_id = i.parent_agenda_item_id
WHERE $1::text[] IS NULL OR p.slug = ANY($1)
ORDER BY i.agenda_item_id
