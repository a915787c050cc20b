-- `person show`: every delegation person $1 led, quote they spoke and note naming
-- them, in round order (by process, bytewise, then number), then in that order of
-- parts, then as recorded.
SELECT pr.slug AS process, o.number, r.slug AS round, r.start_date AS date, x.part AS "part!", x.party AS "party?",
       x.text AS "text!"
FROM person pe
JOIN (SELECT rp.lead_person_id AS person_id, rp.round_id, 0 AS ord, rp.round_party_id AS id,
             'led' AS part, pa.slug AS party, rp.role AS text
      FROM round_party rp JOIN party pa ON pa.party_id = rp.party_id
      WHERE rp.lead_person_id IS NOT NULL
      UNION ALL
      SELECT q.speaker_person_id, q.round_id, 1, q.quote_id, 'quote', pa.slug, q.text
      FROM quote q LEFT JOIN party pa ON pa.party_id = q.party_id
      WHERE q.speaker_person_id IS NOT NULL
      UNION ALL
      SELECT np.person_id, n.round_id, 2, n.round_note_id, 'note', NULL, n.kind || ': ' || n.body
      FROM round_note_person np JOIN round_note n ON n.round_note_id = np.round_note_id) x
  ON x.person_id = pe.person_id
JOIN round r ON r.round_id = x.round_id
JOIN round_order o ON o.round_id = r.round_id
JOIN process pr ON pr.process_id = r.process_id
WHERE pe.slug = $1
ORDER BY pr.slug COLLATE "C", o.number, x.ord, x.id
