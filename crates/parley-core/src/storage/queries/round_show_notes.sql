-- `round show`: the analysts' notes on the round, each with its id (which `note
-- retract` takes) and the reason of a retraction.
SELECT n.round_note_id AS "id!", n.kind, n.body,
       (SELECT x.reason FROM retraction x WHERE x.round_note_id = n.round_note_id) AS "retracted?: String"
FROM round_note n
WHERE n.round_id = ?1
ORDER BY n.round_note_id
