SELECT status_record_id::text AS "row!", format('status ''%s'' is not a status', status) AS "detail!"
FROM status_record
WHERE status NOT IN ('proposed', 'discussed', 'progressing', 'preliminary', 'agreed', 'implementing',
                     'implemented', 'contested', 'stalled', 'dropped')
ORDER BY status_record_id LIMIT NULLIF($1, -1)
