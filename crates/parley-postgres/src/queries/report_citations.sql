-- The sources cited by the status records $1, each as it read at $2.
SELECT c.status_record_id AS "status_record_id!", s.slug AS source,
       COALESCE(h.outlet, o.name || COALESCE(' (via ' || s.obtained_via || ')', ''), s.outlet) AS "outlet!",
       CASE WHEN h.source_history_id IS NULL THEN s.title ELSE h.title END AS title,
       CASE WHEN h.source_history_id IS NULL THEN s.url ELSE h.url END AS url,
       CASE WHEN h.source_history_id IS NULL THEN s.published_on ELSE h.published_on END AS published,
       CASE WHEN h.source_history_id IS NULL THEN s.reliability ELSE h.reliability END AS reliability,
       c.credibility
FROM citation c
JOIN source s ON s.source_id = c.source_id
LEFT JOIN outlet o ON o.outlet_id = s.outlet_id
LEFT JOIN source_history h
  ON h.source_history_id = (SELECT v.source_history_id FROM source_history v
                            WHERE v.source_id = s.source_id AND v.replaced_at > $2
                            ORDER BY v.replaced_at, v.source_history_id LIMIT 1)
WHERE c.status_record_id = ANY($1)
ORDER BY c.status_record_id, s.source_id
