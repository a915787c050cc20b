SELECT row AS "row!", detail AS "detail!"
FROM (SELECT rp.round_party_id AS id, rp.round_party_id::text AS row,
             format('participant has the id of %s (round_party_history %s)',
                    CASE WHEN h.withdrawn THEN 'a withdrawn participant'
                         ELSE 'another round''s or party''s participant' END,
                    h.round_party_history_id) AS detail
      FROM round_party rp
      JOIN round_party_history h
        ON h.round_party_history_id = (
               SELECT min(x.round_party_history_id) FROM round_party_history x
               WHERE x.round_party_id = rp.round_party_id
                 AND (x.withdrawn OR x.round_id <> rp.round_id OR x.party_id <> rp.party_id))
      UNION ALL
      SELECT held.id, held.id::text,
             format('id %s has been held, but its sequence hands out ids after %s: a new participant could take it',
                    held.id, COALESCE(s.last, 0))
      FROM (SELECT max(id) AS id
            FROM (SELECT max(round_party_id) AS id FROM round_party
                  UNION ALL SELECT max(round_party_id) FROM round_party_history) AS ids) AS held
      CROSS JOIN (SELECT pg_sequence_last_value(
                             pg_get_serial_sequence('public.round_party', 'round_party_id')::regclass)
                         AS last) AS s
      WHERE held.id > COALESCE(s.last, 0)) AS found
ORDER BY id LIMIT NULLIF($1, -1)
