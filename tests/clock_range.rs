//! Instants Parley records or reports at stay within the years 0000–9999 in UTC, so
//! that every `recorded_at` keeps its sortable text form.

mod common;

use common::TestEnv;

/// Before the fix `9999-12-31T23:59:59-23:59` was stored as `+10000-01-01T...` and
/// `check` then failed on it.
#[test]
fn parley_now_outside_years_0000_to_9999_in_utc_is_refused() {
    let mut env = TestEnv::seeded();
    let before = env.dump();
    for now in ["9999-12-31T23:59:59-23:59", "0000-01-01T00:00:00+00:01"] {
        env.now = now.to_owned();
        let err = env.fails(["status", "set", "prisoner-exchanges", "--status", "agreed"]);
        assert!(
            err.contains("PARLEY_NOW") && err.contains("0000") && err.contains("9999"),
            "{now}: {err}"
        );
        assert_eq!(env.dump(), before);
    }
    // The edges themselves are fine.
    env.now = "9999-12-31T23:59:59Z".to_owned();
    env.ok(["status", "set", "prisoner-exchanges", "--status", "agreed"]);
    assert!(env.ok(["check"]).starts_with("ok"));
}

#[test]
fn as_of_outside_years_0000_to_9999_in_utc_is_refused() {
    let env = TestEnv::seeded();
    for as_of in ["9999-12-31T23:59:59-23:59", "0000-01-01T00:00:00+01:00"] {
        let err = env.fails(["report", "--as-of", as_of]);
        assert!(
            err.contains("--as-of") && err.contains("9999"),
            "{as_of}: {err}"
        );
    }
    env.ok([
        "report",
        "--as-of",
        "0000-01-01T00:00:00Z",
        "--format",
        "json",
    ]);
    env.ok(["report", "--as-of", "9999-12-31", "--format", "json"]);
}
