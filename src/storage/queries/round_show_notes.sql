-- `round show`: the analysts' notes on the round.
SELECT kind, body FROM round_note WHERE round_id = ?1 ORDER BY round_note_id
