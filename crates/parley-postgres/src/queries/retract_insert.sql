INSERT INTO retraction (round_id, status_record_id, position_id, commitment_id, quote_id,
                        round_note_id, reason, write_log_id, recorded_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
