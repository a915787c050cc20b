-- `export`: the persons each note of the rounds numbered $2 to $3 of process $1
-- names, in the order written.
SELECT np.round_note_id AS owner, pe.slug AS name
FROM round_order o JOIN round_note n ON n.round_id = o.round_id
JOIN round_note_person np ON np.round_note_id = n.round_note_id
JOIN person pe ON pe.person_id = np.person_id
WHERE o.process_id = $1 AND o.number BETWEEN $2 AND $3 ORDER BY np.round_note_person_id
