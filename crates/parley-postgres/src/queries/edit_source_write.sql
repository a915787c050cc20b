UPDATE source SET outlet = $2, title = $3, url = $4, published_on = $5, reliability = $6,
    recorded_at = $7
WHERE source_id = $1
