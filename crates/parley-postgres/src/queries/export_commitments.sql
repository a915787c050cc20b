-- `export`: the commitments not retracted of the rounds numbered $2 to $3 of process
-- $1, each with its latest fate and that fate's note.
SELECT c.commitment_id AS id, c.round_id, c.slug, i.slug AS "item?", c.kind, c.description, c.due_date,
       (SELECT f.fate FROM commitment_fate f WHERE f.commitment_id = c.commitment_id
        ORDER BY f.recorded_at DESC, f.commitment_fate_id DESC LIMIT 1) AS fate,
       (SELECT f.note FROM commitment_fate f WHERE f.commitment_id = c.commitment_id
        ORDER BY f.recorded_at DESC, f.commitment_fate_id DESC LIMIT 1) AS fate_note
FROM round_order o JOIN commitment c ON c.round_id = o.round_id
LEFT JOIN agenda_item i ON i.agenda_item_id = c.agenda_item_id
WHERE o.process_id = $1 AND o.number BETWEEN $2 AND $3
  AND NOT EXISTS (SELECT 1 FROM retraction x WHERE x.commitment_id = c.commitment_id)
ORDER BY c.commitment_id
