SELECT source_id, outlet, title, url, published_on, reliability
FROM source WHERE slug = $1
