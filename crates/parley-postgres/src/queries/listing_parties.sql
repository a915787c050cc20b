-- `party list`: every party with its aliases, in the order they were added.
SELECT p.slug AS party, p.name, p.short_code, p.kind,
       (SELECT string_agg(a.alias, ', ' ORDER BY a.party_alias_id) FROM party_alias a
        WHERE a.party_id = p.party_id) AS aliases
FROM party p ORDER BY p.party_id
