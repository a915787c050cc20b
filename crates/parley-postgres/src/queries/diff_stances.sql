-- `diff`: the stances that may differ between two rounds of the process $1 numbered $2
-- and $3 (src/storage/queries/diff_stances.sql); parties in SQLite's BINARY order.
WITH pairs AS (
    SELECT DISTINCT p.party_id, p.agenda_item_id
    FROM round_order o
    JOIN position p ON p.round_id = o.round_id
    WHERE o.process_id = $1 AND o.number > least($2::bigint, $3::bigint) AND o.number <= greatest($2::bigint, $3::bigint)
)
SELECT i.slug AS item, i.title, pa.slug AS party,
       b.position_id AS "before_id?", b.stance AS "before?",
       a.position_id AS "after_id?", a.stance AS "after?"
FROM pairs
JOIN agenda_item i ON i.agenda_item_id = pairs.agenda_item_id
JOIN party pa ON pa.party_id = pairs.party_id
LEFT JOIN position b ON b.position_id = (
    SELECT p.position_id FROM position p JOIN round_order o ON o.round_id = p.round_id
    WHERE p.party_id = pairs.party_id AND p.agenda_item_id = pairs.agenda_item_id AND o.number <= $2
      AND NOT EXISTS (SELECT 1 FROM position c WHERE c.supersedes_position_id = p.position_id)
      AND NOT EXISTS (SELECT 1 FROM retraction x WHERE x.position_id = p.position_id)
    ORDER BY o.number DESC
    LIMIT 1)
LEFT JOIN position a ON a.position_id = (
    SELECT p.position_id FROM position p JOIN round_order o ON o.round_id = p.round_id
    WHERE p.party_id = pairs.party_id AND p.agenda_item_id = pairs.agenda_item_id AND o.number <= $3
      AND NOT EXISTS (SELECT 1 FROM position c WHERE c.supersedes_position_id = p.position_id)
      AND NOT EXISTS (SELECT 1 FROM retraction x WHERE x.position_id = p.position_id)
    ORDER BY o.number DESC
    LIMIT 1)
ORDER BY i.agenda_item_id, pa.slug COLLATE "C"
