-- `export`: the quotes not retracted of the rounds numbered $2 to $3 of process $1.
SELECT q.quote_id AS id, q.round_id, pe.slug AS "speaker?", q.speaker_name, q.speaker_description,
       pa.slug AS "party?", i.slug AS "item?", q.text
FROM round_order o JOIN quote q ON q.round_id = o.round_id
LEFT JOIN person pe ON pe.person_id = q.speaker_person_id
LEFT JOIN party pa ON pa.party_id = q.party_id
LEFT JOIN agenda_item i ON i.agenda_item_id = q.agenda_item_id
WHERE o.process_id = $1 AND o.number BETWEEN $2 AND $3
  AND NOT EXISTS (SELECT 1 FROM retraction x WHERE x.quote_id = q.quote_id)
ORDER BY q.quote_id
