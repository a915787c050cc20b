-- `round list`: a process's rounds in number order, each with its participants and
-- how many items have a status there (stored: round_status_count); index seeks per
-- round, none over the timeline, and the participants read from an index alone.
-- The rows cross from SQLite packed in JSON arrays of 256 rounds: handed over one at a
-- time, 10,000 rounds cost more than reading them; packed in one, the text grows by
-- copies into fresh memory (a third of the command at 1M records).
SELECT json_group_array(json_array(number, round, title, date, end_date, location, format, level,
                                   state, parties, statuses)) AS "rows!: String"
FROM (
    SELECT o.number, r.slug AS round, r.title, r.start_date AS date, r.end_date,
           r.location, r.format, r.level, r.state,
           (SELECT group_concat(p.slug || ' (' || rp.role || ')', ', ')
            FROM round_party rp JOIN party p ON p.party_id = rp.party_id
            WHERE rp.round_id = r.round_id) AS parties,
           COALESCE((SELECT c.statuses FROM round_status_count c WHERE c.round_id = r.round_id), 0)
               AS statuses
    FROM round_order o
    JOIN round r ON r.round_id = o.round_id
    WHERE o.process_id = ?1)
GROUP BY (number - 1) / 256
