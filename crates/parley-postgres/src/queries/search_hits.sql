-- `search` on a server: the records matching the tsquery $1 (text, made from the FTS5
-- query by storage::postgres::search), only in process $2 when it is not NULL, at most
-- $3 (none when negative, as SQLite's LIMIT). The kinds and filters of SQLite's
-- search.sql: agenda items best match first (ts_rank_cd, for bm25), the others newest
-- first by id; retracted claims and rounds are not found. Each kind is cut to $3
-- before its text is read, and only those rows get a headline.
WITH hit AS (
    (SELECT 1 AS ord, f.rowid AS id, -ts_rank_cd(f.document, to_tsquery('simple', $1))::float8 AS place
     FROM agenda_item_fts f
     JOIN agenda_item ai ON ai.agenda_item_id = f.rowid
     WHERE f.document @@ to_tsquery('simple', $1) AND ($2::bigint IS NULL OR ai.process_id = $2)
     -- Ties broken as the rows are shown (by slug), so that the items cut to $3 are
     -- the first $3 of the whole list.
     ORDER BY place, ai.slug COLLATE "C", f.rowid
     LIMIT CASE WHEN $3::bigint < 0 THEN NULL ELSE $3::bigint END)
    UNION ALL
    (SELECT 2, f.rowid, -f.rowid::float8
     FROM round_fts f
     JOIN round r ON r.round_id = f.rowid
     WHERE f.document @@ to_tsquery('simple', $1) AND ($2::bigint IS NULL OR r.process_id = $2)
       AND NOT EXISTS (SELECT 1 FROM retraction x WHERE x.round_id = r.round_id)
     ORDER BY f.rowid DESC
     LIMIT CASE WHEN $3::bigint < 0 THEN NULL ELSE $3::bigint END)
    UNION ALL
    (SELECT 3, f.rowid, -f.rowid::float8
     FROM status_record_fts f
     JOIN status_timeline t ON t.status_record_id = f.rowid
     WHERE f.document @@ to_tsquery('simple', $1)
       AND ($2::bigint IS NULL OR t.process = (SELECT slug FROM process WHERE process_id = $2))
     ORDER BY f.rowid DESC
     LIMIT CASE WHEN $3::bigint < 0 THEN NULL ELSE $3::bigint END)
    UNION ALL
    (SELECT 4, f.rowid, -f.rowid::float8
     FROM position_fts f
     JOIN position po ON po.position_id = f.rowid
     JOIN round r ON r.round_id = po.round_id
     WHERE f.document @@ to_tsquery('simple', $1) AND ($2::bigint IS NULL OR r.process_id = $2)
       AND NOT EXISTS (SELECT 1 FROM position c WHERE c.supersedes_position_id = po.position_id)
       AND NOT EXISTS (SELECT 1 FROM retraction x WHERE x.position_id = po.position_id)
       AND NOT EXISTS (SELECT 1 FROM retraction x WHERE x.round_id = po.round_id)
     ORDER BY f.rowid DESC
     LIMIT CASE WHEN $3::bigint < 0 THEN NULL ELSE $3::bigint END)
    UNION ALL
    (SELECT 5, f.rowid, -f.rowid::float8
     FROM round_note_fts f
     JOIN round_note n ON n.round_note_id = f.rowid
     WHERE f.document @@ to_tsquery('simple', $1)
       AND ($2::bigint IS NULL OR EXISTS (SELECT 1 FROM round r WHERE r.round_id = n.round_id AND r.process_id = $2))
       AND NOT EXISTS (SELECT 1 FROM retraction x WHERE x.round_note_id = n.round_note_id)
       AND NOT EXISTS (SELECT 1 FROM retraction x WHERE x.round_id = n.round_id)
     ORDER BY f.rowid DESC
     LIMIT CASE WHEN $3::bigint < 0 THEN NULL ELSE $3::bigint END)
    UNION ALL
    (SELECT 6, f.rowid, -f.rowid::float8
     FROM quote_fts f
     JOIN quote q ON q.quote_id = f.rowid
     WHERE f.document @@ to_tsquery('simple', $1)
       AND ($2::bigint IS NULL OR EXISTS (SELECT 1 FROM round r WHERE r.round_id = q.round_id AND r.process_id = $2))
       AND NOT EXISTS (SELECT 1 FROM retraction x WHERE x.quote_id = q.quote_id)
       AND NOT EXISTS (SELECT 1 FROM retraction x WHERE x.round_id = q.round_id)
     ORDER BY f.rowid DESC
     LIMIT CASE WHEN $3::bigint < 0 THEN NULL ELSE $3::bigint END)
),
found AS (
    SELECT h.ord, h.place, 'agenda_item' AS kind, p.slug AS process, NULL::text AS round,
           ai.slug AS item, NULL::text AS party, concat_ws(' ', ai.title, ai.description) AS body
    FROM hit h
    JOIN agenda_item ai ON ai.agenda_item_id = h.id
    JOIN process p ON p.process_id = ai.process_id
    WHERE h.ord = 1
    UNION ALL
    SELECT h.ord, h.place, 'round', p.slug, r.slug, NULL, NULL, concat_ws(' ', r.title, r.tone, r.summary)
    FROM hit h
    JOIN round r ON r.round_id = h.id
    JOIN process p ON p.process_id = r.process_id
    WHERE h.ord = 2
    UNION ALL
    SELECT h.ord, h.place, 'status_record', t.process, t.round, t.item, NULL, s.note
    FROM hit h
    JOIN status_timeline t ON t.status_record_id = h.id
    JOIN status_record s ON s.status_record_id = h.id
    WHERE h.ord = 3
    UNION ALL
    SELECT h.ord, h.place, 'position', p.slug, r.slug, ai.slug, pa.slug, po.note
    FROM hit h
    JOIN position po ON po.position_id = h.id
    JOIN round r ON r.round_id = po.round_id
    JOIN agenda_item ai ON ai.agenda_item_id = po.agenda_item_id
    JOIN party pa ON pa.party_id = po.party_id
    JOIN process p ON p.process_id = r.process_id
    WHERE h.ord = 4
    UNION ALL
    SELECT h.ord, h.place, 'round_note', p.slug, r.slug, NULL, NULL, n.body
    FROM hit h
    JOIN round_note n ON n.round_note_id = h.id
    JOIN round r ON r.round_id = n.round_id
    JOIN process p ON p.process_id = r.process_id
    WHERE h.ord = 5
    UNION ALL
    SELECT h.ord, h.place, 'quote', p.slug, r.slug, ai.slug, pa.slug,
           concat_ws(' ', q.text, q.speaker_name, q.speaker_description)
    FROM hit h
    JOIN quote q ON q.quote_id = h.id
    JOIN round r ON r.round_id = q.round_id
    LEFT JOIN agenda_item ai ON ai.agenda_item_id = q.agenda_item_id
    LEFT JOIN party pa ON pa.party_id = q.party_id
    JOIN process p ON p.process_id = r.process_id
    WHERE h.ord = 6
),
shown AS (
    SELECT * FROM found
    ORDER BY ord, place, round COLLATE "C" NULLS FIRST, item COLLATE "C" NULLS FIRST
    LIMIT CASE WHEN $3::bigint < 0 THEN NULL ELSE $3::bigint END
)
SELECT kind AS "kind!", process AS "process!", round AS "round?", item AS "item?",
       party AS "party?",
       COALESCE(ts_headline('simple', body, to_tsquery('simple', $1),
                            'StartSel=[, StopSel=], MaxWords=16, MinWords=6, ShortWord=0, MaxFragments=1, FragmentDelimiter=…'),
                '') AS "text!"
FROM shown
ORDER BY ord, place, round COLLATE "C" NULLS FIRST, item COLLATE "C" NULLS FIRST
