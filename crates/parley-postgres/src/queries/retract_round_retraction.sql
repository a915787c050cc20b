SELECT reason, recorded_at FROM retraction WHERE round_id = $1
