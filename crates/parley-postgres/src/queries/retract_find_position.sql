SELECT p.position_id, p.stance
FROM position p
JOIN party pa ON pa.party_id = p.party_id
JOIN agenda_item i ON i.agenda_item_id = p.agenda_item_id
JOIN round r ON r.round_id = p.round_id
WHERE p.round_id = $1 AND pa.slug = $2 AND i.process_id = r.process_id AND i.slug = $3
  AND NOT EXISTS (SELECT 1 FROM position c WHERE c.supersedes_position_id = p.position_id)
