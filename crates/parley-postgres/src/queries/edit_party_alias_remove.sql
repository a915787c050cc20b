INSERT INTO party_alias_history (party_alias_id, party_id, alias, recorded_at, removed_at)
SELECT party_alias_id, party_id, alias, recorded_at, $3 FROM party_alias
WHERE party_id = $1 AND alias = $2
