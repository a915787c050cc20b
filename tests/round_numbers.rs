//! Round numbers follow the dates, so a round logged with an earlier date than others
//! renumbers them. Every message that names a round by number names its slug and date
//! beside it, and `round add` says which rounds a back-dated round renumbered.

mod common;

use common::TestEnv;

/// A later "now", so that rounds in December 2025 are held.
fn env() -> TestEnv {
    let mut env = TestEnv::seeded();
    env.now = "2026-01-15T09:00:00Z".into();
    env
}

#[test]
fn a_back_dated_round_says_which_rounds_it_renumbered() {
    let env = env();
    let out = env.ok([
        "round",
        "add",
        "--title",
        "Talks",
        "--date",
        "2025-12-09",
        "--location",
        "Berlin",
    ]);
    assert_eq!(
        out,
        "added round 2 (berlin-2025-12-09, 9 Dec 2025) of ukraine-peace: held\n"
    );
    let out = env.ok([
        "round",
        "add",
        "--title",
        "Talks",
        "--date",
        "2025-12-02",
        "--location",
        "Abu Dhabi",
    ]);
    assert_eq!(
        out,
        "added round 2 (abu-dhabi-2025-12-02, 2 Dec 2025) of ukraine-peace: held\n\
         renumbered: round 3 (berlin-2025-12-09, 9 Dec 2025) was 2 \
         (round numbers follow the dates; slugs stay)\n"
    );
}

#[test]
fn messages_and_round_show_name_a_round_by_number_slug_and_date() {
    let env = env();
    env.ok([
        "round",
        "add",
        "--title",
        "Talks",
        "--date",
        "2025-12-09",
        "--location",
        "Berlin",
    ]);
    let out = env.ok([
        "status",
        "set",
        "prisoner-exchanges",
        "--round",
        "2",
        "--status",
        "discussed",
    ]);
    assert!(
        out.starts_with("set prisoner-exchanges at round 2 (berlin-2025-12-09, 9 Dec 2025): "),
        "{out}"
    );
    let out = env.ok([
        "position",
        "set",
        "ukraine",
        "prisoner-exchanges",
        "--stance",
        "priority",
        "--round",
        "berlin-2025-12-09",
    ]);
    assert!(
        out.starts_with(
            "set ukraine on prisoner-exchanges at round 2 (berlin-2025-12-09, 9 Dec 2025): "
        ),
        "{out}"
    );
    let shown = env.ok(["round", "show", "latest"]);
    assert!(
        shown.starts_with("Round 2 (berlin-2025-12-09, 9 Dec 2025) of ukraine-peace: Talks\n"),
        "{shown}"
    );
}
