-- `item show`: every status record of item $2 of process $1 recorded by $3, with
-- whether it was in force then and the reason of a retraction by then; the records
-- of a round retracted by then left out. Undated rounds last, as SQLite's text
-- 'undated' sorts after a date.
SELECT sr.status_record_id, sr.round_id, r.slug AS round, r.start_date AS round_date, sr.status,
       NOT EXISTS (SELECT 1 FROM status_record n
                   WHERE n.supersedes_status_record_id = sr.status_record_id
                     AND n.recorded_at <= $3) AS "in_force!",
       sr.supersedes_status_record_id IS NOT NULL AS "correction!",
       sr.note, sr.confidence, sr.recorded_at,
       (SELECT x.reason FROM status_record r JOIN retraction x ON x.status_record_id = r.status_record_id
        WHERE r.agenda_item_id = sr.agenda_item_id AND r.round_id = sr.round_id
          AND x.recorded_at <= $3
        ORDER BY x.retraction_id LIMIT 1) AS retracted
FROM status_record sr
JOIN agenda_item i ON i.agenda_item_id = sr.agenda_item_id
JOIN round r ON r.round_id = sr.round_id
WHERE i.process_id = $1 AND i.slug = $2 AND sr.recorded_at <= $3
  AND NOT EXISTS (SELECT 1 FROM retraction x WHERE x.round_id = sr.round_id AND x.recorded_at <= $3)
ORDER BY COALESCE(r.start_date, 'undated') COLLATE "C", r.round_id, sr.recorded_at, sr.status_record_id
