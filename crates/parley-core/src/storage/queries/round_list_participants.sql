-- `round list`: who took part in the rounds whose ids lie from ?1 to ?2 (the listed
-- rounds' smallest and largest), in one range of the index on (round_id, party_id,
-- role), which holds all three: no row of round_party is fetched, no round sought on
-- its own, in the order the rounds' ids and then the parties' come. Joined in Rust to
-- the rounds listed (a round of another process in the range is passed over) and to
-- the parties' slugs, read once: parties are few. Read in place through SQLite's C API
-- (src/storage/raw_rows.rs): 30,000 rows at 1M records.
SELECT rp.round_id, rp.party_id, rp.role
FROM round_party rp
WHERE rp.round_id BETWEEN ?1 AND ?2
ORDER BY rp.round_id, rp.party_id
