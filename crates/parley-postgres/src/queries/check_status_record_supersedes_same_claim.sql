SELECT n.status_record_id::text AS "row!",
       format('supersedes %s, which is not a record of the same item and round',
              n.supersedes_status_record_id) AS "detail!"
FROM status_record n
LEFT JOIN status_record o ON o.status_record_id = n.supersedes_status_record_id
WHERE n.supersedes_status_record_id IS NOT NULL
  AND (o.status_record_id IS NULL OR o.agenda_item_id <> n.agenda_item_id OR o.round_id <> n.round_id)
ORDER BY n.status_record_id LIMIT NULLIF($1, -1)
