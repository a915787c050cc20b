-- `round show`: who took part, and how, and who led each delegation.
SELECT p.slug AS party, p.name, rp.role, rp.note, pe.name AS "lead?", pe.slug AS "lead_slug?"
FROM round_party rp
JOIN party p ON p.party_id = rp.party_id
LEFT JOIN person pe ON pe.person_id = rp.lead_person_id
WHERE rp.round_id = $1
ORDER BY rp.round_party_id
