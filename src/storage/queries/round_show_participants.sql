-- `round show`: who took part, and how.
SELECT p.slug AS party, p.name, rp.role, rp.note
FROM round_party rp
JOIN party p ON p.party_id = rp.party_id
WHERE rp.round_id = ?1
ORDER BY rp.round_party_id
