-- The notes of process $1's rounds recorded by $2, in the order written.
SELECT n.round_id, n.kind, n.body
FROM round_note n
JOIN round r ON r.round_id = n.round_id
WHERE r.process_id = $1 AND n.recorded_at <= $2
  AND NOT EXISTS (SELECT 1 FROM retraction x
                  WHERE x.round_note_id = n.round_note_id AND x.recorded_at <= $2)
  AND NOT EXISTS (SELECT 1 FROM retraction x WHERE x.round_id = n.round_id AND x.recorded_at <= $2)
ORDER BY n.round_note_id
