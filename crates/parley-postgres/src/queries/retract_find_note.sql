SELECT n.round_note_id, n.round_id, n.body
FROM round_note n JOIN round r ON r.round_id = n.round_id
WHERE n.round_note_id = $1 AND r.process_id = $2
