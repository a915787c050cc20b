SELECT n.position_id::text AS "row!",
       format('supersedes %s, which is not a row of the same party, item and round',
              n.supersedes_position_id) AS "detail!"
FROM position n
LEFT JOIN position o ON o.position_id = n.supersedes_position_id
WHERE n.supersedes_position_id IS NOT NULL
  AND (o.position_id IS NULL OR o.party_id <> n.party_id OR o.agenda_item_id <> n.agenda_item_id
       OR o.round_id <> n.round_id)
ORDER BY n.position_id LIMIT NULLIF($1, -1)
