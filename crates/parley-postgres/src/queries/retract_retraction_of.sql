-- A union's columns come out nullable; every branch's are NOT NULL.
SELECT reason AS "reason!", recorded_at AS "recorded_at!" FROM (
    SELECT reason, recorded_at FROM retraction WHERE round_id = $1
    UNION ALL SELECT reason, recorded_at FROM retraction WHERE status_record_id = $2
    UNION ALL SELECT reason, recorded_at FROM retraction WHERE position_id = $3
    UNION ALL SELECT reason, recorded_at FROM retraction WHERE commitment_id = $4
    UNION ALL SELECT reason, recorded_at FROM retraction WHERE quote_id = $5
    UNION ALL SELECT reason, recorded_at FROM retraction WHERE round_note_id = $6) AS x
LIMIT 1
