SELECT round_id, title FROM round WHERE round_id = $1
