-- `export`: the notes not retracted of the rounds numbered $2 to $3 of process $1.
SELECT n.round_note_id AS id, n.round_id, n.kind, n.body
FROM round_order o JOIN round_note n ON n.round_id = o.round_id
WHERE o.process_id = $1 AND o.number BETWEEN $2 AND $3
  AND NOT EXISTS (SELECT 1 FROM retraction x WHERE x.round_note_id = n.round_note_id)
ORDER BY n.round_note_id
