-- The rounds named by (process slug, round slug) pairs, $1 and $2 side by side, in
-- the order named.
SELECT p.slug AS process, r.slug, r.title
FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS w (process, round, place)
JOIN process p ON p.slug = w.process
JOIN round r ON r.process_id = p.process_id AND r.slug = w.round
ORDER BY w.place
