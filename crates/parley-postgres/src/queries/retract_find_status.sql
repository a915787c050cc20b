SELECT sr.status_record_id, sr.status
FROM status_record sr
JOIN agenda_item i ON i.agenda_item_id = sr.agenda_item_id
JOIN round r ON r.round_id = sr.round_id
WHERE sr.round_id = $1 AND i.process_id = r.process_id AND i.slug = $2
  AND NOT EXISTS (SELECT 1 FROM status_record c
                  WHERE c.supersedes_status_record_id = sr.status_record_id)
