-- `round show`: the round itself, with its number and process.
SELECT o.number, r.slug, p.slug AS process, r.title, r.start_date, r.end_date,
       r.location, r.format, r.level, r.state, r.tone, r.summary, r.recorded_at AS "recorded_at: Instant"
FROM round r
JOIN round_order o ON o.round_id = r.round_id
JOIN process p ON p.process_id = r.process_id
WHERE r.round_id = ?1
