SELECT recorded_at FROM write_log ORDER BY write_log_id DESC LIMIT 1
