-- The status records of process $1 (of item $2, unless NULL) recorded by $3, in round
-- order (start dates compared as SQLite compares text), then item, then as written.
SELECT sr.status_record_id, sr.round_id, ai.slug AS item,
       ai.title AS item_title, sr.status, sr.note, sr.recorded_at AS "recorded_at: Instant",
       sr.supersedes_status_record_id AS supersedes,
       EXISTS (SELECT 1 FROM status_record c
               WHERE c.supersedes_status_record_id = sr.status_record_id
                 AND c.recorded_at <= $3) AS "superseded!"
FROM status_record sr
JOIN agenda_item ai ON ai.agenda_item_id = sr.agenda_item_id
JOIN round r ON r.round_id = sr.round_id
WHERE r.process_id = $1 AND ($2::text IS NULL OR ai.slug = $2) AND sr.recorded_at <= $3
  AND NOT EXISTS (SELECT 1 FROM status_record r JOIN retraction x ON x.status_record_id = r.status_record_id
                  WHERE r.agenda_item_id = sr.agenda_item_id AND r.round_id = sr.round_id
                    AND x.recorded_at <= $3)
  AND NOT EXISTS (SELECT 1 FROM retraction x WHERE x.round_id = sr.round_id AND x.recorded_at <= $3)
ORDER BY COALESCE(r.start_date, 'undated') COLLATE "C", r.round_id, ai.agenda_item_id, sr.status_record_id
