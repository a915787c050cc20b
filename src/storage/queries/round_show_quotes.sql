-- `round show`: who said what.
SELECT COALESCE(q.speaker_name || COALESCE(', ' || q.speaker_description, ''),
                q.speaker_description) AS "speaker!: String",
       pa.slug AS "party?", i.slug AS "item?", q.text
FROM quote q
LEFT JOIN party pa ON pa.party_id = q.party_id
LEFT JOIN agenda_item i ON i.agenda_item_id = q.agenda_item_id
WHERE q.round_id = ?1
ORDER BY q.quote_id
