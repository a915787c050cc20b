//! A field a round file's table does not take reads like every other problem: at its
//! file, line and column, with its field path and the fields expected there, and
//! reported together with the file's other problems rather than hiding them.

mod common;

use common::TestEnv;

/// Before: `unknown field `speakr``, with no path, and the unknown status below it
/// went unreported until the field was fixed.
#[test]
fn an_unknown_field_is_reported_at_its_place_with_the_other_problems() {
    let env = TestEnv::seeded();
    let before = env.dump();
    env.write(
        "abu-dhabi.toml",
        r#"[process]
slug = "ukraine-peace"

[[round]]
slug = "abu-dhabi-2025-12-02"
title = "Talks in Abu Dhabi"
date = "2025-12-02"
state = "held"

[[round]]
slug = "moscow-2025-12-02"
title = "Witkoff in Moscow"
date = "2025-12-02"
state = "held"
sources = [{ source = "ap-2025-11-23", credibilty = 2 }]

[[round.quote]]
speakr = "Steve Witkoff"
text = "Productive."

[[round.status]]
item = "prisoner-exchanges"
status = "propsed"
"#,
    );
    let err = env.fails(["import", "abu-dhabi.toml"]);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(
        lines,
        [
            "parley: abu-dhabi.toml:15:40: round[2].sources[1].credibilty: unknown field 'credibilty'; \
             expected one of: source, credibility; did you mean 'credibility'?",
            "parley: abu-dhabi.toml:17:1: round[2].quote[1].speaker: a quote needs a speaker: \
             `speaker` (a person), `speaker_name`, or `speaker_description` for an unnamed one",
            "parley: abu-dhabi.toml:18:1: round[2].quote[1].speakr: unknown field 'speakr'; \
             expected one of: speaker, speaker_name, speaker_description, party, item, text, sources; \
             did you mean 'speaker'?",
            "parley: abu-dhabi.toml:23:10: round[2].status[1].status: unknown status 'propsed'; \
             expected one of: proposed, discussed, progressing, preliminary, agreed, implementing, \
             implemented, contested, stalled, dropped; did you mean 'proposed'?",
        ],
        "{err}"
    );
    assert_eq!(env.dump(), before);
}

#[test]
fn a_misnamed_table_suggests_the_one_meant() {
    let env = TestEnv::seeded();
    env.write(
        "quotes.toml",
        "[process]\nslug = \"ukraine-peace\"\n\n[[round]]\nslug = \"geneva-2025-11-23\"\n\n\
         [[round.quotes]]\nspeaker_name = \"Marco Rubio\"\ntext = \"Productive.\"\n",
    );
    let err = env.fails(["import", "quotes.toml"]);
    assert!(
        err.contains("quotes.toml:7:9: round[1].quotes: unknown field 'quotes'; expected one of: slug, title,"),
        "{err}"
    );
    assert!(err.contains("did you mean 'quote'?"), "{err}");
}

/// A large file is read in pieces: a misnamed key in a graded citation, which serde
/// alone would ignore, sends it to the whole read, which reports it. Before, the key
/// was dropped silently and the file imported.
#[test]
fn a_large_file_with_an_unknown_field_is_refused_like_a_small_one() {
    let env = TestEnv::empty();
    let mut text = common::synthetic_round_file("u-", 200, 30);
    let round = text
        .rfind("sources = [\"u-wire\"]")
        .expect("a round's sources");
    text.replace_range(
        round..round + "sources = [\"u-wire\"]".len(),
        "sources = [{ source = \"u-wire\", credibilty = 2 }]",
    );
    assert!(text.len() >= 512 << 10, "{} bytes", text.len());
    env.write("large.toml", &text);
    let before = env.dump();
    let err = env.fails(["import", "large.toml"]);
    assert!(
        err.contains("round[200].sources[1].credibilty: unknown field 'credibilty'"),
        "{err}"
    );
    assert_eq!(env.dump(), before);
}
