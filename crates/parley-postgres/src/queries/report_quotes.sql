-- The quotes of process $1's rounds recorded by $2, in the order written, the
-- speaker's party named as it was then.
SELECT q.round_id, q.agenda_item_id, pa.slug AS "party?",
       COALESCE((SELECT h.name FROM party_history h
                 WHERE h.party_id = pa.party_id AND h.replaced_at > $2
                 ORDER BY h.replaced_at, h.party_history_id LIMIT 1), pa.name) AS party_name,
       q.speaker_name, q.speaker_description, q.text
FROM quote q
JOIN round r ON r.round_id = q.round_id
LEFT JOIN party pa ON pa.party_id = q.party_id
WHERE r.process_id = $1 AND q.recorded_at <= $2
  AND NOT EXISTS (SELECT 1 FROM retraction x WHERE x.quote_id = q.quote_id AND x.recorded_at <= $2)
  AND NOT EXISTS (SELECT 1 FROM retraction x WHERE x.round_id = q.round_id AND x.recorded_at <= $2)
ORDER BY q.quote_id
