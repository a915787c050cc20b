-- `round list`: a process's rounds in number order, each with its participants and
-- how many items have a status there; index seeks per round, none over the timeline.
-- The rows cross from SQLite packed in one JSON array: handed over one at a time,
-- 10,000 rounds cost more than reading them.
SELECT json_group_array(json_array(number, round, title, date, end_date, location, format, level,
                                   state, parties, statuses)) AS "rows!: String"
FROM (
    SELECT o.number, r.slug AS round, r.title, r.start_date AS date, r.end_date,
           r.location, r.format, r.level, r.state,
           (SELECT group_concat(p.slug || ' (' || rp.role || ')', ', ')
            FROM round_party rp JOIN party p ON p.party_id = rp.party_id
            WHERE rp.round_id = r.round_id) AS parties,
           -- An item's status at a round is one record and its corrections; a retracted
           -- one counts no more. Its records are read only when some status is retracted
           -- (the uncorrelated test runs once).
           (SELECT count(*) FROM status_record sr
            WHERE sr.round_id = r.round_id AND sr.supersedes_status_record_id IS NULL)
           - CASE WHEN EXISTS (SELECT 1 FROM retraction WHERE status_record_id IS NOT NULL)
                  THEN (SELECT count(*) FROM status_record rs
                        JOIN retraction x ON x.status_record_id = rs.status_record_id
                        WHERE rs.round_id = r.round_id)
                  ELSE 0 END AS statuses
    FROM round_order o
    JOIN round r ON r.round_id = o.round_id
    WHERE o.process_id = ?1
    ORDER BY o.number)
