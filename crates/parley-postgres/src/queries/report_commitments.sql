-- The commitments of process $1 recorded by $2, with their fate then and their
-- parties' slugs and names then as JSON arrays written as SQLite's json_group_array
-- writes them (no spaces), so that both backends give the same text.
SELECT c.commitment_id, c.round_id, c.slug, i.slug AS "item?", c.kind, c.description, c.due_date,
       (SELECT '[' || COALESCE(string_agg(to_json(pa.slug)::text, ',' ORDER BY cp.commitment_party_id), '') || ']'
        FROM commitment_party cp JOIN party pa ON pa.party_id = cp.party_id
        WHERE cp.commitment_id = c.commitment_id) AS "parties!",
       (SELECT '[' || COALESCE(string_agg(to_json(
                   COALESCE((SELECT h.name FROM party_history h
                             WHERE h.party_id = pa.party_id AND h.replaced_at > $2
                             ORDER BY h.replaced_at, h.party_history_id LIMIT 1), pa.name))::text,
                   ',' ORDER BY cp.commitment_party_id), '') || ']'
        FROM commitment_party cp JOIN party pa ON pa.party_id = cp.party_id
        WHERE cp.commitment_id = c.commitment_id) AS "party_names!",
       COALESCE((SELECT f.fate FROM commitment_fate f
                 WHERE f.commitment_id = c.commitment_id AND f.recorded_at <= $2
                 ORDER BY f.recorded_at DESC, f.commitment_fate_id DESC LIMIT 1),
                'open') AS "fate!"
FROM commitment c
JOIN round r ON r.round_id = c.round_id
LEFT JOIN agenda_item i ON i.agenda_item_id = c.agenda_item_id
WHERE r.process_id = $1 AND c.recorded_at <= $2
  AND NOT EXISTS (SELECT 1 FROM retraction x
                  WHERE x.commitment_id = c.commitment_id AND x.recorded_at <= $2)
  AND NOT EXISTS (SELECT 1 FROM retraction x WHERE x.round_id = c.round_id AND x.recorded_at <= $2)
ORDER BY c.commitment_id
