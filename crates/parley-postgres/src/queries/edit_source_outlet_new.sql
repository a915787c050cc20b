INSERT INTO outlet (slug, name, recorded_at) VALUES ($1, $2, $3)
