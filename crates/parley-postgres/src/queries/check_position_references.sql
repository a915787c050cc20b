SELECT p.position_id::text AS "row!",
       CASE WHEN pa.party_id IS NULL THEN format('names party %s, which does not exist', p.party_id)
            WHEN i.agenda_item_id IS NULL
            THEN format('names agenda item %s, which does not exist', p.agenda_item_id)
            ELSE format('names round %s, which does not exist', p.round_id) END AS "detail!"
FROM position p
LEFT JOIN party pa ON pa.party_id = p.party_id
LEFT JOIN agenda_item i ON i.agenda_item_id = p.agenda_item_id
LEFT JOIN round r ON r.round_id = p.round_id
WHERE pa.party_id IS NULL OR i.agenda_item_id IS NULL OR r.round_id IS NULL
ORDER BY p.position_id LIMIT NULLIF($1, -1)
