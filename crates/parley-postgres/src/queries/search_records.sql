-- `search_records` on a server: sources, parties, persons, outlets (and their aliases),
-- commitments and fates matching the tsquery $1 (text, made from the FTS5 query by
-- storage::postgres::search), in that order of kinds, best match first in each
-- (ts_rank_cd, for SQLite's bm25), at most $3 (none when negative). Each index is
-- ranked and cut to $3 before its rows are read, as in SQLite's statement; with $2,
-- commitments and fates of other processes are left out. Ties in rank are ordered as
-- SQLite orders them: process, round, party, person, outlet, source, commitment.
WITH hit AS (
    (SELECT 1 AS ord, f.rowid AS id, -ts_rank_cd(f.document, to_tsquery('simple', $1))::float8 AS score
     FROM source_fts f
     WHERE f.document @@ to_tsquery('simple', $1)
     ORDER BY score, f.rowid
     LIMIT CASE WHEN $3::bigint < 0 THEN NULL ELSE $3::bigint END)
    UNION ALL
    (SELECT 2 AS ord, f.rowid AS id, -ts_rank_cd(f.document, to_tsquery('simple', $1))::float8 AS score
     FROM party_fts f
     WHERE f.document @@ to_tsquery('simple', $1)
     ORDER BY score, f.rowid
     LIMIT CASE WHEN $3::bigint < 0 THEN NULL ELSE $3::bigint END)
    UNION ALL
    (SELECT 3 AS ord, f.rowid AS id, -ts_rank_cd(f.document, to_tsquery('simple', $1))::float8 AS score
     FROM party_alias_fts f
     WHERE f.document @@ to_tsquery('simple', $1)
     ORDER BY score, f.rowid
     LIMIT CASE WHEN $3::bigint < 0 THEN NULL ELSE $3::bigint END)
    UNION ALL
    (SELECT 4 AS ord, f.rowid AS id, -ts_rank_cd(f.document, to_tsquery('simple', $1))::float8 AS score
     FROM person_fts f
     WHERE f.document @@ to_tsquery('simple', $1)
     ORDER BY score, f.rowid
     LIMIT CASE WHEN $3::bigint < 0 THEN NULL ELSE $3::bigint END)
    UNION ALL
    (SELECT 5 AS ord, f.rowid AS id, -ts_rank_cd(f.document, to_tsquery('simple', $1))::float8 AS score
     FROM person_alias_fts f
     WHERE f.document @@ to_tsquery('simple', $1)
     ORDER BY score, f.rowid
     LIMIT CASE WHEN $3::bigint < 0 THEN NULL ELSE $3::bigint END)
    UNION ALL
    (SELECT 6 AS ord, f.rowid AS id, -ts_rank_cd(f.document, to_tsquery('simple', $1))::float8 AS score
     FROM outlet_fts f
     WHERE f.document @@ to_tsquery('simple', $1)
     ORDER BY score, f.rowid
     LIMIT CASE WHEN $3::bigint < 0 THEN NULL ELSE $3::bigint END)
    UNION ALL
    (SELECT 7 AS ord, f.rowid AS id, -ts_rank_cd(f.document, to_tsquery('simple', $1))::float8 AS score
     FROM outlet_alias_fts f
     WHERE f.document @@ to_tsquery('simple', $1)
     ORDER BY score, f.rowid
     LIMIT CASE WHEN $3::bigint < 0 THEN NULL ELSE $3::bigint END)
    UNION ALL
    (SELECT 8 AS ord, f.rowid AS id, -ts_rank_cd(f.document, to_tsquery('simple', $1))::float8 AS score
     FROM commitment_fts f
     WHERE f.document @@ to_tsquery('simple', $1)
       AND ($2::bigint IS NULL OR EXISTS (SELECT 1 FROM commitment c JOIN round r ON r.round_id = c.round_id
                                       WHERE c.commitment_id = f.rowid AND r.process_id = $2))
     ORDER BY score, f.rowid
     LIMIT CASE WHEN $3::bigint < 0 THEN NULL ELSE $3::bigint END)
    UNION ALL
    (SELECT 9 AS ord, f.rowid AS id, -ts_rank_cd(f.document, to_tsquery('simple', $1))::float8 AS score
     FROM commitment_fate_fts f
     WHERE f.document @@ to_tsquery('simple', $1)
       AND ($2::bigint IS NULL OR EXISTS (SELECT 1 FROM commitment_fate cf JOIN commitment c ON c.commitment_id = cf.commitment_id
                                       JOIN round r ON r.round_id = c.round_id
                                       WHERE cf.commitment_fate_id = f.rowid AND r.process_id = $2))
     ORDER BY score, f.rowid
     LIMIT CASE WHEN $3::bigint < 0 THEN NULL ELSE $3::bigint END)
),
found AS (
    SELECT h.ord, h.score, 'source' AS kind, NULL::text AS process, NULL::text AS round, NULL::text AS item, NULL::text AS party, NULL::text AS person, o.slug AS outlet, s.slug AS source, NULL::text AS commitment,
           concat_ws(' ', s.outlet, s.title) AS body
    FROM hit h
    JOIN source s ON s.source_id = h.id
    LEFT JOIN outlet o ON o.outlet_id = s.outlet_id
    WHERE h.ord = 1
    UNION ALL
    SELECT h.ord, h.score, 'party', NULL, NULL, NULL, pa.slug, NULL, NULL, NULL, NULL, concat_ws(' ', pa.name, pa.short_code)
    FROM hit h
    JOIN party pa ON pa.party_id = h.id
    WHERE h.ord = 2
    UNION ALL
    SELECT h.ord, h.score, 'party_alias', NULL, NULL, NULL, pa.slug, NULL, NULL, NULL, NULL, a.alias
    FROM hit h
    JOIN party_alias a ON a.party_alias_id = h.id
    JOIN party pa ON pa.party_id = a.party_id
    WHERE h.ord = 3
    UNION ALL
    SELECT h.ord, h.score, 'person', NULL, NULL, NULL, pa.slug, pe.slug, NULL, NULL, NULL, concat_ws(' ', pe.name, pe.role)
    FROM hit h
    JOIN person pe ON pe.person_id = h.id
    JOIN party pa ON pa.party_id = pe.party_id
    WHERE h.ord = 4
    UNION ALL
    SELECT h.ord, h.score, 'person_alias', NULL, NULL, NULL, pa.slug, pe.slug, NULL, NULL, NULL, a.alias
    FROM hit h
    JOIN person_alias a ON a.person_alias_id = h.id
    JOIN person pe ON pe.person_id = a.person_id
    JOIN party pa ON pa.party_id = pe.party_id
    WHERE h.ord = 5
    UNION ALL
    SELECT h.ord, h.score, 'outlet', NULL, NULL, NULL, NULL, NULL, o.slug, NULL, NULL, o.name
    FROM hit h
    JOIN outlet o ON o.outlet_id = h.id
    WHERE h.ord = 6
    UNION ALL
    SELECT h.ord, h.score, 'outlet_alias', NULL, NULL, NULL, NULL, NULL, o.slug, NULL, NULL, a.alias
    FROM hit h
    JOIN outlet_alias a ON a.outlet_alias_id = h.id
    JOIN outlet o ON o.outlet_id = a.outlet_id
    WHERE h.ord = 7
    UNION ALL
    SELECT h.ord, h.score, 'commitment', p.slug, r.slug, ai.slug, NULL, NULL, NULL, NULL, c.slug, c.description
    FROM hit h
    JOIN commitment c ON c.commitment_id = h.id
    JOIN round r ON r.round_id = c.round_id
    JOIN process p ON p.process_id = r.process_id
    LEFT JOIN agenda_item ai ON ai.agenda_item_id = c.agenda_item_id
    WHERE h.ord = 8
    UNION ALL
    SELECT h.ord, h.score, 'commitment_fate', p.slug, r.slug, ai.slug, NULL, NULL, NULL, NULL, c.slug, cf.note
    FROM hit h
    JOIN commitment_fate cf ON cf.commitment_fate_id = h.id
    JOIN commitment c ON c.commitment_id = cf.commitment_id
    JOIN round r ON r.round_id = c.round_id
    JOIN process p ON p.process_id = r.process_id
    LEFT JOIN agenda_item ai ON ai.agenda_item_id = c.agenda_item_id
    WHERE h.ord = 9
),
shown AS (
    SELECT * FROM found
    ORDER BY ord, score, process COLLATE "C" NULLS FIRST, round COLLATE "C" NULLS FIRST, party COLLATE "C" NULLS FIRST, person COLLATE "C" NULLS FIRST, outlet COLLATE "C" NULLS FIRST, source COLLATE "C" NULLS FIRST, commitment COLLATE "C" NULLS FIRST
    LIMIT CASE WHEN $3::bigint < 0 THEN NULL ELSE $3::bigint END
)
SELECT kind AS "kind!", process AS "process?", round AS "round?", item AS "item?",
       party AS "party?", person AS "person?", outlet AS "outlet?", source AS "source?",
       commitment AS "commitment?",
       COALESCE(ts_headline('simple', body, to_tsquery('simple', $1),
                            'StartSel=[, StopSel=], MaxWords=16, MinWords=6, ShortWord=0, MaxFragments=1, FragmentDelimiter=…'),
                '') AS "text!"
FROM shown
ORDER BY ord, score, process COLLATE "C" NULLS FIRST, round COLLATE "C" NULLS FIRST, party COLLATE "C" NULLS FIRST, person COLLATE "C" NULLS FIRST, outlet COLLATE "C" NULLS FIRST, source COLLATE "C" NULLS FIRST, commitment COLLATE "C" NULLS FIRST
