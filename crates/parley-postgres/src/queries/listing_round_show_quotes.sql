-- `round show`: who said what, each with its id (which `quote retract` takes) and the
-- reason of a retraction.
SELECT q.quote_id AS id, COALESCE(q.speaker_name || COALESCE(', ' || q.speaker_description, ''),
                q.speaker_description) AS "speaker!",
       pa.slug AS "party?", i.slug AS "item?", q.text,
       (SELECT x.reason FROM retraction x WHERE x.quote_id = q.quote_id
        ORDER BY x.retraction_id LIMIT 1) AS retracted
FROM quote q
LEFT JOIN party pa ON pa.party_id = q.party_id
LEFT JOIN agenda_item i ON i.agenda_item_id = q.agenda_item_id
WHERE q.round_id = $1
ORDER BY q.quote_id
