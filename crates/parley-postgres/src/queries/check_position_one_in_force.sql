SELECT g.latest::text AS "row!",
       format('party %s has %s stances in force on item %s at round %s',
              g.party_id, g.records, g.agenda_item_id, g.round_id) AS "detail!"
FROM (SELECT p.party_id, p.agenda_item_id, p.round_id, max(p.position_id) AS latest, count(*) AS records
      FROM position p
      WHERE NOT EXISTS (SELECT 1 FROM position WHERE supersedes_position_id IS NOT NULL)
         OR NOT EXISTS (SELECT 1 FROM position c WHERE c.supersedes_position_id = p.position_id)
      GROUP BY p.party_id, p.agenda_item_id, p.round_id HAVING count(*) > 1) g
ORDER BY g.latest LIMIT NULLIF($1, -1)
