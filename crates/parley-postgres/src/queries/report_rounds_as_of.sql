-- The rounds of process $1 recorded by $2, each in its version in force then, numbered
-- as round_sequence numbers them: by start date (compared as SQLite compares text),
-- then as recorded.
WITH version AS (
    SELECT round_id, slug, title, start_date, end_date, location, format, level, state,
           tone, summary, recorded_at, 1 AS is_current
    FROM round WHERE process_id = $1 AND recorded_at <= $2
      AND NOT EXISTS (SELECT 1 FROM retraction x
                      WHERE x.round_id = round.round_id AND x.recorded_at <= $2)
    UNION ALL
    SELECT h.round_id, h.slug, h.title, h.start_date, h.end_date, h.location, h.format,
           h.level, h.state, h.tone, h.summary, h.recorded_at, 0
    FROM round_history h JOIN round r ON r.round_id = h.round_id
    WHERE r.process_id = $1 AND h.recorded_at <= $2 AND h.replaced_at > $2
      AND NOT EXISTS (SELECT 1 FROM retraction x
                      WHERE x.round_id = r.round_id AND x.recorded_at <= $2)
),
in_force AS (
    SELECT *, ROW_NUMBER() OVER (PARTITION BY round_id
                                 ORDER BY recorded_at DESC, is_current DESC) AS pick
    FROM version
)
SELECT round_id AS "round_id!",
       ROW_NUMBER() OVER (ORDER BY start_date IS NULL, start_date COLLATE "C", round_id) AS "number!",
       slug AS "round!", title AS "title!", start_date AS date, end_date, location, format, level,
       state AS "state!", tone, summary
FROM in_force WHERE pick = 1
ORDER BY start_date IS NULL, start_date COLLATE "C", round_id
