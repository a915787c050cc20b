-- The record of a named kind ($1) whose slug, alias or (a party's) short code $2 is.
-- SQLite compares aliases and short codes with COLLATE NOCASE, which folds ASCII
-- letters only: here each is found through its unique index on lower(column), then
-- kept only if it differs from $2 in ASCII case alone (so 'УКРАЇНА' finds no
-- 'Україна', as on SQLite).
SELECT slug AS "slug!" FROM party WHERE $1 = 'party' AND slug = $2
UNION SELECT slug FROM party WHERE $1 = 'party' AND lower(short_code) = lower($2)
                               AND translate(short_code, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') = translate($2, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')
UNION SELECT p.slug FROM party_alias a JOIN party p ON p.party_id = a.party_id
      WHERE $1 = 'party' AND lower(a.alias) = lower($2) AND translate(a.alias, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') = translate($2, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')
UNION SELECT slug FROM person WHERE $1 = 'person' AND slug = $2
UNION SELECT p.slug FROM person_alias a JOIN person p ON p.person_id = a.person_id
      WHERE $1 = 'person' AND lower(a.alias) = lower($2) AND translate(a.alias, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') = translate($2, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')
UNION SELECT slug FROM outlet WHERE $1 = 'outlet' AND slug = $2
UNION SELECT o.slug FROM outlet_alias a JOIN outlet o ON o.outlet_id = a.outlet_id
      WHERE $1 = 'outlet' AND lower(a.alias) = lower($2) AND translate(a.alias, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') = translate($2, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')
