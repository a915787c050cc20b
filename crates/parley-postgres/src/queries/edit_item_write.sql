UPDATE agenda_item SET title = $2, description = $3, recorded_at = $5,
    parent_agenda_item_id = (SELECT agenda_item_id FROM agenda_item
                             WHERE process_id = $6 AND slug = $4)
WHERE agenda_item_id = $1
  AND ($4::text IS NULL OR EXISTS (SELECT 1 FROM agenda_item WHERE process_id = $6 AND slug = $4))
RETURNING parent_agenda_item_id
