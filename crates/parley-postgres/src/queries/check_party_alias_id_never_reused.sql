SELECT row AS "row!", detail AS "detail!"
FROM (SELECT a.party_alias_id AS id, a.party_alias_id::text AS row,
             format('alias ''%s'' has the id of the removed alias ''%s'' (party_alias_history %s)',
                    a.alias, h.alias, h.party_alias_history_id) AS detail
      FROM party_alias a JOIN party_alias_history h ON h.party_alias_id = a.party_alias_id
      UNION ALL
      SELECT held.id, held.id::text,
             format('id %s has been held, but its sequence hands out ids after %s: a new alias could take it',
                    held.id, COALESCE(s.last, 0))
      FROM (SELECT max(id) AS id
            FROM (SELECT max(party_alias_id) AS id FROM party_alias
                  UNION ALL SELECT max(party_alias_id) FROM party_alias_history) AS ids) AS held
      CROSS JOIN (SELECT pg_sequence_last_value(
                             pg_get_serial_sequence('public.party_alias', 'party_alias_id')::regclass)
                         AS last) AS s
      WHERE held.id > COALESCE(s.last, 0)) AS found
ORDER BY id LIMIT NULLIF($1, -1)
