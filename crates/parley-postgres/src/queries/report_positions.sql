-- Every position of process $1 in force at $2, its party named as it was then.
SELECT p.position_id, pa.slug AS party,
       COALESCE((SELECT h.name FROM party_history h
                 WHERE h.party_id = pa.party_id AND h.replaced_at > $2
                 ORDER BY h.replaced_at, h.party_history_id LIMIT 1), pa.name) AS "party_name!",
       p.agenda_item_id, p.round_id, p.stance, COALESCE(st.label, p.stance) AS "stance_label!",
       p.note
FROM position p
JOIN round r ON r.round_id = p.round_id
JOIN party pa ON pa.party_id = p.party_id
LEFT JOIN stance st ON st.slug = p.stance
WHERE r.process_id = $1 AND p.recorded_at <= $2
  AND NOT EXISTS (SELECT 1 FROM position c
                  WHERE c.supersedes_position_id = p.position_id AND c.recorded_at <= $2)
  AND NOT EXISTS (SELECT 1 FROM retraction x WHERE x.position_id = p.position_id AND x.recorded_at <= $2)
  AND NOT EXISTS (SELECT 1 FROM retraction x WHERE x.round_id = p.round_id AND x.recorded_at <= $2)
ORDER BY p.position_id
