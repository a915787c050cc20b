SELECT x.retraction_id::text AS "row!", 'names a claim, round or write that does not exist' AS "detail!"
FROM retraction x
WHERE (x.round_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM round WHERE round_id = x.round_id))
   OR (x.status_record_id IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM status_record WHERE status_record_id = x.status_record_id))
   OR (x.position_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM position WHERE position_id = x.position_id))
   OR (x.commitment_id IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM commitment WHERE commitment_id = x.commitment_id))
   OR (x.quote_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM quote WHERE quote_id = x.quote_id))
   OR (x.round_note_id IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM round_note WHERE round_note_id = x.round_note_id))
   OR NOT EXISTS (SELECT 1 FROM write_log WHERE write_log_id = x.write_log_id)
ORDER BY x.retraction_id LIMIT NULLIF($1, -1)
