-- `export`: the parties each commitment of the rounds numbered $2 to $3 of process $1
-- binds, in the order written.
SELECT cp.commitment_id AS owner, pa.slug AS name
FROM round_order o JOIN commitment c ON c.round_id = o.round_id
JOIN commitment_party cp ON cp.commitment_id = c.commitment_id
JOIN party pa ON pa.party_id = cp.party_id
WHERE o.process_id = $1 AND o.number BETWEEN $2 AND $3 ORDER BY cp.commitment_party_id
