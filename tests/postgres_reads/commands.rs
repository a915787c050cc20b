//! The commands the server's reads complete, run through the binary on a file and on
//! its copy on a server.

use crate::common::TestEnv;

/// The same command on the file and on the server: the same exit status, standard
/// output and standard error, byte for byte. Whether it succeeded.
fn same_output(env: &TestEnv, url: &str, args: &[&str]) -> bool {
    let on_file = env.run(args);
    let on_server = env.run([&["--db", url][..], args].concat());
    assert_eq!(
        String::from_utf8_lossy(&on_file.stdout),
        String::from_utf8_lossy(&on_server.stdout),
        "{args:?}"
    );
    assert_eq!(
        String::from_utf8_lossy(&on_file.stderr),
        String::from_utf8_lossy(&on_server.stderr),
        "{args:?}"
    );
    assert_eq!(on_file.status.code(), on_server.status.code(), "{args:?}");
    on_file.status.success()
}

/// `report` in every format, as of every day written and around the writes, since
/// each round; `diff` between rounds; `timeline` of the process, of each item, as of
/// each instant; and names that do not resolve (the same error, exit code and all).
pub fn commands_agree(env: &TestEnv, url: &str, as_ofs: &[String]) {
    let rounds: Vec<String> = env
        .query("SELECT round FROM round_sequence ORDER BY number")
        .into_iter()
        .map(|mut row| row.remove(0))
        .collect();
    let items: Vec<String> = env
        .query("SELECT slug FROM agenda_item ORDER BY agenda_item_id")
        .into_iter()
        .map(|mut row| row.remove(0))
        .collect();
    for format in ["json", "markdown", "csv", "table", "html"] {
        assert!(same_output(env, url, &["report", "--format", format]));
    }
    for as_of in as_ofs {
        assert!(same_output(
            env,
            url,
            &["report", "--format", "json", "--as-of", as_of]
        ));
        assert!(same_output(env, url, &["timeline", "--as-of", as_of]));
    }
    for since in rounds
        .iter()
        .map(String::as_str)
        .chain(["latest", "previous"])
    {
        assert!(same_output(
            env,
            url,
            &["report", "--format", "markdown", "--since", since]
        ));
    }
    // Each round against the next, and the first against the last, both ways.
    for pair in rounds.windows(2) {
        assert!(same_output(env, url, &["diff", &pair[0], &pair[1]]));
    }
    let (first, last) = (&rounds[0], &rounds[rounds.len() - 1]);
    assert!(same_output(env, url, &["diff", first, last]));
    assert!(same_output(env, url, &["diff", last, first]));
    assert!(same_output(env, url, &["diff", "previous", "latest"]));
    assert!(same_output(env, url, &["timeline"]));
    for item in &items {
        assert!(same_output(
            env,
            url,
            &["timeline", item, "--format", "csv"]
        ));
    }
    for refused in [
        &["report", "--since", "nowhere"][..],
        &["report", "--process", "nope"],
        &["report", "--as-of", "not a time"],
        &["diff", &rounds[0], "nowhere"],
        &["diff", "999", "latest"],
        &["timeline", "nope"],
    ] {
        assert!(!same_output(env, url, refused), "{refused:?}");
    }
}
