UPDATE party SET name = $2, short_code = $3, kind = $4, recorded_at = $5 WHERE party_id = $1
