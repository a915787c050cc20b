-- `search`: matches of the FTS5 query ?1 (agenda items, ranked) or ?4 (the others, read
-- newest first: the same matches, put so that FTS5 can read them in order), only in
-- process ?2 when it is not NULL, at most ?3. Each kind is searched on its own, limited
-- before the kinds are merged:
-- agenda items (a short list, whatever the history) best match first, by bm25; rounds
-- and the claims, which grow with every round, newest first, by row id, which FTS5
-- reads in that order and stops after ?3 hits. (Ranking every match by bm25 costs
-- what the whole index holds for a common word.) Retracted claims and rounds are not
-- found (a status record of a retracted round is not in status_timeline).
SELECT kind AS "kind!: String", process AS "process!: String", round AS "round?: String",
       item AS "item?: String", party AS "party?: String", text AS "text!: String"
FROM (
    SELECT * FROM (
        SELECT 1 AS ord, 'agenda_item' AS kind, p.slug AS process, NULL AS round,
               ai.slug AS item, NULL AS party,
               COALESCE(snippet(agenda_item_fts, -1, '[', ']', '…', 16), '') AS text,
               agenda_item_fts.rank AS place
        FROM agenda_item_fts
        JOIN agenda_item ai ON ai.agenda_item_id = agenda_item_fts.rowid
        JOIN process p ON p.process_id = ai.process_id
        WHERE agenda_item_fts MATCH ?1 AND (?2 IS NULL OR ai.process_id = ?2)
        ORDER BY agenda_item_fts.rank
        LIMIT ?3)
    UNION ALL
    SELECT * FROM (
        SELECT 2, 'round', p.slug, r.slug, NULL, NULL,
               COALESCE(snippet(round_fts, -1, '[', ']', '…', 16), ''), -round_fts.rowid
        FROM round_fts
        JOIN round r ON r.round_id = round_fts.rowid
        JOIN process p ON p.process_id = r.process_id
        WHERE round_fts MATCH ?4 AND (?2 IS NULL OR r.process_id = ?2)
          AND NOT EXISTS (SELECT 1 FROM retraction x WHERE x.round_id = r.round_id)
        ORDER BY round_fts.rowid DESC
        LIMIT ?3)
    UNION ALL
    SELECT * FROM (
        SELECT 3, 'status_record', t.process, t.round, t.item, NULL,
               COALESCE(snippet(status_record_fts, -1, '[', ']', '…', 16), ''), -status_record_fts.rowid
        FROM status_record_fts
        JOIN status_timeline t ON t.status_record_id = status_record_fts.rowid
        WHERE status_record_fts MATCH ?4
          AND (?2 IS NULL OR t.process = (SELECT slug FROM process WHERE process_id = ?2))
        ORDER BY status_record_fts.rowid DESC
        LIMIT ?3)
    UNION ALL
    SELECT * FROM (
        SELECT 4, 'position', p.slug, r.slug, ai.slug, pa.slug,
               COALESCE(snippet(position_fts, -1, '[', ']', '…', 16), ''), -position_fts.rowid
        FROM position_fts
        JOIN position po ON po.position_id = position_fts.rowid
        JOIN round r ON r.round_id = po.round_id
        JOIN agenda_item ai ON ai.agenda_item_id = po.agenda_item_id
        JOIN party pa ON pa.party_id = po.party_id
        JOIN process p ON p.process_id = r.process_id
        WHERE position_fts MATCH ?4 AND (?2 IS NULL OR r.process_id = ?2)
          AND NOT EXISTS (SELECT 1 FROM position c WHERE c.supersedes_position_id = po.position_id)
          AND NOT EXISTS (SELECT 1 FROM retraction x WHERE x.position_id = po.position_id)
          AND NOT EXISTS (SELECT 1 FROM retraction x WHERE x.round_id = po.round_id)
        ORDER BY position_fts.rowid DESC
        LIMIT ?3)
    UNION ALL
    SELECT * FROM (
        SELECT 5, 'round_note', p.slug, r.slug, NULL, NULL,
               COALESCE(snippet(round_note_fts, -1, '[', ']', '…', 16), ''), -round_note_fts.rowid
        FROM round_note_fts
        JOIN round_note n ON n.round_note_id = round_note_fts.rowid
        JOIN round r ON r.round_id = n.round_id
        JOIN process p ON p.process_id = r.process_id
        WHERE round_note_fts MATCH ?4 AND (?2 IS NULL OR r.process_id = ?2)
          AND NOT EXISTS (SELECT 1 FROM retraction x WHERE x.round_note_id = n.round_note_id)
          AND NOT EXISTS (SELECT 1 FROM retraction x WHERE x.round_id = n.round_id)
        ORDER BY round_note_fts.rowid DESC
        LIMIT ?3)
    UNION ALL
    SELECT * FROM (
        SELECT 6, 'quote', p.slug, r.slug, ai.slug, pa.slug,
               COALESCE(snippet(quote_fts, -1, '[', ']', '…', 16), ''), -quote_fts.rowid
        FROM quote_fts
        JOIN quote q ON q.quote_id = quote_fts.rowid
        JOIN round r ON r.round_id = q.round_id
        LEFT JOIN agenda_item ai ON ai.agenda_item_id = q.agenda_item_id
        LEFT JOIN party pa ON pa.party_id = q.party_id
        JOIN process p ON p.process_id = r.process_id
        WHERE quote_fts MATCH ?4 AND (?2 IS NULL OR r.process_id = ?2)
          AND NOT EXISTS (SELECT 1 FROM retraction x WHERE x.quote_id = q.quote_id)
          AND NOT EXISTS (SELECT 1 FROM retraction x WHERE x.round_id = q.round_id)
        ORDER BY quote_fts.rowid DESC
        LIMIT ?3)
)
ORDER BY ord, place, round, item
LIMIT ?3
