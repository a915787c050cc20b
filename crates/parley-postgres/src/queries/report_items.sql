-- The agenda items of process $1 recorded by $2, each as it read then.
SELECT i.agenda_item_id,
       CASE WHEN h.agenda_item_history_id IS NULL THEN i.parent_agenda_item_id
            ELSE h.parent_agenda_item_id END AS parent_agenda_item_id,
       i.slug, COALESCE(h.title, i.title) AS "title!",
       CASE WHEN h.agenda_item_history_id IS NULL THEN i.description
            ELSE h.description END AS description
FROM agenda_item i
LEFT JOIN agenda_item_history h
  ON h.agenda_item_history_id = (SELECT v.agenda_item_history_id FROM agenda_item_history v
                                 WHERE v.agenda_item_id = i.agenda_item_id AND v.replaced_at > $2
                                 ORDER BY v.replaced_at, v.agenda_item_history_id LIMIT 1)
WHERE i.process_id = $1
  AND (i.recorded_at <= $2 OR h.recorded_at <= $2
       OR EXISTS (SELECT 1 FROM status_record s
                  WHERE s.agenda_item_id = i.agenda_item_id AND s.recorded_at <= $2)
       OR EXISTS (SELECT 1 FROM position p
                  WHERE p.agenda_item_id = i.agenda_item_id AND p.recorded_at <= $2))
ORDER BY i.agenda_item_id
