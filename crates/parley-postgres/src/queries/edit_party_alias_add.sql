INSERT INTO party_alias (party_id, alias, recorded_at) VALUES ($1, $2, $3)
