SELECT alias FROM party_alias WHERE party_id = $1 ORDER BY party_alias_id
