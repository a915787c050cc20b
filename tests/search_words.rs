//! Plain words in `parley search` match as words or as the starts of words, exactly
//! as FTS5's prefix query (`"word"*`) matches them, however Parley puts the query to
//! FTS5: a word that starts a few others looked up in the indexes' vocabularies and
//! matched as those whole words (which FTS5 reads newest first, stopping at the
//! limit), one that starts many, or is not plain ASCII, left to FTS5 as a prefix.

mod common;

use common::TestEnv;
use serde_json::Value;

const FOLLOW_UP: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/follow-up.toml");

fn hits(env: &TestEnv, db: &str, args: &[&str]) -> Vec<Value> {
    let mut all = vec!["--db", db, "search"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "json"]);
    env.json(all).as_array().expect("an array").clone()
}

/// The FTS5 query plain words stood for before the vocabularies were read: each word
/// quoted and matched as a prefix.
fn prefix_query(text: &str) -> String {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| format!("\"{w}\"*"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// A hit without its text: where it was found. (FTS5 shows the stretch of text with
/// the most different words matched: a word that stands for several whole words may
/// be shown in another stretch of the same text than its prefix query shows.)
fn found_where(hit: &Value) -> Value {
    let mut hit = hit.clone();
    hit.as_object_mut().unwrap().remove("text");
    hit
}

/// Words that start no other word, a few others, more than Parley looks up (twenty
/// `zeta` words), none at all, in capitals, not in ASCII, and two at once: every one
/// finds the same records, in the same order and cut at the same limit, as its prefix
/// query; on a file that can be written and on one that is read-only.
#[test]
fn plain_words_find_exactly_what_their_prefix_query_finds() {
    let env = TestEnv::seeded();
    env.ok(["import", FOLLOW_UP]);
    let zetas: Vec<String> = (1..=20).map(|i| format!("zeta{i}")).collect();
    env.ok(["note", "add", "caution", &zetas.join(" ")]);
    env.ok([
        "note",
        "add",
        "caution",
        "Zeta talks with the prisoners' families",
    ]);
    env.ok(["note", "add", "caution", "Délégations à Genève"]);
    env.ok(["backup", "read-only.db"]);
    let path = env.path("read-only.db");
    let mut permissions = std::fs::metadata(&path).unwrap().permissions();
    permissions.set_readonly(true);
    std::fs::set_permissions(&path, permissions).unwrap();

    let mut found_some = 0;
    for db in ["parley.db", "read-only.db"] {
        for words in [
            "prison",
            "prisoner",
            "PRISONERS",
            "talk",
            "zeta",
            "zeta1",
            "zeta20",
            "deleg",
            "délégations",
            "Genève",
            "nothingstartsthis",
            "prison talk",
            "u",
        ] {
            for limit in ["50", "2"] {
                let plain = hits(&env, db, &[words, "--limit", limit]);
                let prefix = hits(&env, db, &["--fts", &prefix_query(words), "--limit", limit]);
                assert_eq!(
                    plain.iter().map(found_where).collect::<Vec<_>>(),
                    prefix.iter().map(found_where).collect::<Vec<_>>(),
                    "{words} (limit {limit}) in {db}"
                );
                for hit in &plain {
                    let text = hit["text"].as_str().unwrap();
                    assert!(text.contains('['), "{words}: a match is shown: {hit}");
                }
                found_some += usize::from(!plain.is_empty());
            }
        }
    }
    assert!(found_some >= 20, "most words find something: {found_some}");
}
