DELETE FROM party_alias WHERE party_id = $1 AND alias = $2
