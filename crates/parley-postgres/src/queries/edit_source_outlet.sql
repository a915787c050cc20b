UPDATE source SET outlet_id = (SELECT outlet_id FROM outlet WHERE slug = $2),
    obtained_via = $3
WHERE source_id = $1 AND EXISTS (SELECT 1 FROM outlet WHERE slug = $2)
