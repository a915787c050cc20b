-- An agenda item ($2, of process $1) and the items above it, nearest first.
WITH RECURSIVE up (agenda_item_id, depth) AS (
    SELECT agenda_item_id, 0 FROM agenda_item WHERE process_id = $1 AND slug = $2
    UNION ALL
    SELECT i.parent_agenda_item_id, up.depth + 1
    FROM up JOIN agenda_item i ON i.agenda_item_id = up.agenda_item_id
    WHERE i.parent_agenda_item_id IS NOT NULL AND up.depth < 1000
)
SELECT i.slug FROM up JOIN agenda_item i ON i.agenda_item_id = up.agenda_item_id
ORDER BY up.depth
