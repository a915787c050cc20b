SELECT g.latest::text AS "row!",
       format('item ''%s'' has %s statuses in force at round ''%s''',
              COALESCE(i.slug, g.agenda_item_id::text), g.records, COALESCE(r.slug, g.round_id::text)) AS "detail!"
FROM (SELECT s.agenda_item_id, s.round_id, max(s.status_record_id) AS latest, count(*) AS records
      FROM status_record s
      WHERE NOT EXISTS (SELECT 1 FROM status_record WHERE supersedes_status_record_id IS NOT NULL)
         OR NOT EXISTS (SELECT 1 FROM status_record c WHERE c.supersedes_status_record_id = s.status_record_id)
      GROUP BY s.agenda_item_id, s.round_id HAVING count(*) > 1) g
LEFT JOIN agenda_item i ON i.agenda_item_id = g.agenda_item_id
LEFT JOIN round r ON r.round_id = g.round_id
ORDER BY g.latest LIMIT NULLIF($1, -1)
