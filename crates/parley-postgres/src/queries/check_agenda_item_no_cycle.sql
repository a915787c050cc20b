WITH RECURSIVE ancestry (start, current, depth) AS (
    SELECT agenda_item_id, parent_agenda_item_id, 1 FROM agenda_item
    WHERE parent_agenda_item_id IS NOT NULL
    UNION ALL
    SELECT a.start, i.parent_agenda_item_id, a.depth + 1
    FROM ancestry a JOIN agenda_item i ON i.agenda_item_id = a.current
    WHERE i.parent_agenda_item_id IS NOT NULL AND a.depth < 100
)
SELECT row AS "row!", detail AS "detail!" FROM (
    SELECT DISTINCT i.agenda_item_id AS id, i.agenda_item_id::text AS row,
           format('agenda item ''%s'' is its own ancestor', i.slug) AS detail
    FROM ancestry a JOIN agenda_item i ON i.agenda_item_id = a.start
    WHERE a.current = a.start) AS cycles
ORDER BY id LIMIT NULLIF($1, -1)
