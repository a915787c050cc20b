SELECT party_id, name, short_code, kind FROM party WHERE slug = $1
