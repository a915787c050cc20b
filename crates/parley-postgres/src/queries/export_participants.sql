-- `export`: who took part in the rounds numbered $2 to $3 of process $1, as written.
SELECT rp.round_party_id AS id, rp.round_id, pa.slug, rp.role, rp.note, pe.slug AS "lead?"
FROM round_order o JOIN round_party rp ON rp.round_id = o.round_id
JOIN party pa ON pa.party_id = rp.party_id
LEFT JOIN person pe ON pe.person_id = rp.lead_person_id
WHERE o.process_id = $1 AND o.number BETWEEN $2 AND $3 ORDER BY rp.round_party_id
