INSERT INTO write_log (recorded_at, clock_at, command, summary) VALUES ($1, $2, $3, $4)
RETURNING write_log_id
