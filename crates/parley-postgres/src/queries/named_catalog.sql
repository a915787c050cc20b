-- Every record of a named kind ($1: party, person or outlet) with the names it answers
-- to: its name (ord 0), a party's short code (1), its aliases (2) in the order they
-- were added; as src/storage/catalog.rs reads them on SQLite.
SELECT slug AS "slug!", name AS "name!" FROM (
    SELECT 'party' AS kind, party_id AS id, 0 AS ord, 0 AS name_id, slug, name FROM party
    UNION ALL SELECT 'party', party_id, 1, 0, slug, short_code FROM party WHERE short_code IS NOT NULL
    UNION ALL SELECT 'party', a.party_id, 2, a.party_alias_id, p.slug, a.alias
              FROM party_alias a JOIN party p ON p.party_id = a.party_id
    UNION ALL SELECT 'person', person_id, 0, 0, slug, name FROM person
    UNION ALL SELECT 'person', a.person_id, 2, a.person_alias_id, p.slug, a.alias
              FROM person_alias a JOIN person p ON p.person_id = a.person_id
    UNION ALL SELECT 'outlet', outlet_id, 0, 0, slug, name FROM outlet
    UNION ALL SELECT 'outlet', a.outlet_id, 2, a.outlet_alias_id, o.slug, a.alias
              FROM outlet_alias a JOIN outlet o ON o.outlet_id = a.outlet_id) AS named
WHERE kind = $1
ORDER BY id, ord, name_id
