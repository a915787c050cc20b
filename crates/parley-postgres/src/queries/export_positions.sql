-- `export`: the positions in force (neither corrected nor retracted) at the rounds
-- numbered $2 to $3 of process $1.
SELECT p.position_id AS id, p.round_id, pa.slug AS party, i.slug AS item, p.stance, p.note
FROM round_order o JOIN position p ON p.round_id = o.round_id
JOIN agenda_item i ON i.agenda_item_id = p.agenda_item_id
JOIN party pa ON pa.party_id = p.party_id
WHERE o.process_id = $1 AND o.number BETWEEN $2 AND $3
  AND NOT EXISTS (SELECT 1 FROM position n WHERE n.supersedes_position_id = p.position_id)
  AND NOT EXISTS (SELECT 1 FROM retraction x WHERE x.position_id = p.position_id)
ORDER BY p.position_id
