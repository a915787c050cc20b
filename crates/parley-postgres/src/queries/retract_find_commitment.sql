SELECT commitment_id, description FROM commitment WHERE round_id = $1 AND slug = $2
