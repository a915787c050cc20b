//! Output files never harm the database: `-o` and `backup` refuse the database, its
//! side files and any link to them; a file is replaced whole through a uniquely
//! named temporary file, a device or FIFO is written in place, and a failed backup
//! leaves nothing behind.

mod common;

use std::os::unix::fs::{FileTypeExt, MetadataExt, PermissionsExt};
use std::path::Path;
use std::time::Duration;

use common::TestEnv;

/// The database's bytes and rows, to show that nothing touched it.
fn snapshot(env: &TestEnv) -> (String, u64, u64) {
    let meta = std::fs::metadata(&env.db).unwrap();
    (env.dump(), meta.ino(), meta.len())
}

/// No temporary file of Parley's is left in the folder.
fn assert_no_temporary_files(dir: &Path) {
    let left: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains("parley-tmp"))
        .collect();
    assert!(left.is_empty(), "temporary files left behind: {left:?}");
}

fn mkfifo(path: &Path) {
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo");
    assert!(status.success());
}

/// Before the fix, `report -o parley.db` renamed the report over the database and
/// `backup parley.db-journal` wrote a file SQLite takes for a hot journal: every
/// target below was accepted.
#[test]
fn output_onto_the_database_its_side_files_or_a_link_to_them_is_refused() {
    if common::file_only() {
        return;
    }
    let env = TestEnv::seeded();
    std::os::unix::fs::symlink(&env.db, env.path("link.db")).unwrap();
    std::fs::hard_link(&env.db, env.path("hard.db")).unwrap();
    std::os::unix::fs::symlink(env.dir.path(), env.path("here")).unwrap();
    let before = snapshot(&env);
    let targets = [
        "parley.db",
        "./parley.db",
        "parley.db-wal",
        "parley.db-shm",
        "parley.db-journal",
        "link.db",
        "hard.db",
        "here/parley.db",
        "here/parley.db-journal",
    ];
    for target in targets {
        for args in [
            &["report", "--format", "html", "-o", target][..],
            &["report", "--format", "json", "-o", target],
            &["export", "-o", target],
        ] {
            let err = env.fails(args);
            assert!(
                err.contains("-o") && err.contains("database"),
                "{args:?}: {err}"
            );
        }
        let err = env.fails(["backup", target]);
        assert!(
            err.contains("database") || err.contains("exists already"),
            "backup {target}: {err}"
        );
        assert_eq!(snapshot(&env), before, "{target} changed the database");
        assert!(!env.path("parley.db-journal").exists(), "{target}");
    }
    // The side files by name, even when they do not exist at that moment.
    for target in ["parley.db-journal", "here/parley.db-wal"] {
        let err = env.fails(["backup", target]);
        assert!(err.contains("database"), "backup {target}: {err}");
    }
    assert_no_temporary_files(env.dir.path());
    assert_eq!(
        env.ok(["check"]).lines().next().unwrap_or("").get(..2),
        Some("ok")
    );
}

/// Before the fix the report went to a temporary file renamed over the FIFO: the FIFO
/// was replaced by a regular file and its reader never got a byte.
#[test]
fn a_fifo_is_written_in_place_and_stays_a_fifo() {
    let env = TestEnv::seeded();
    let fifo = env.path("report.fifo");
    mkfifo(&fifo);
    // A second name for the FIFO, so the reader can always be released.
    std::fs::hard_link(&fifo, env.path("keep.fifo")).unwrap();
    let (sent, received) = std::sync::mpsc::channel();
    let reader_path = fifo.clone();
    std::thread::spawn(move || {
        let text = std::fs::read_to_string(&reader_path).unwrap_or_default();
        let _ = sent.send(text);
    });
    let expected = env.ok(["report", "--format", "json"]);
    env.ok(["report", "--format", "json", "-o", "report.fifo"]);
    // Release the reader if nothing ever opened the FIFO for writing.
    drop(
        std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open(env.path("keep.fifo"))
            .unwrap(),
    );
    let got = received
        .recv_timeout(Duration::from_secs(30))
        .expect("the reader finished");
    assert!(
        std::fs::metadata(&fifo).unwrap().file_type().is_fifo(),
        "the FIFO was replaced"
    );
    assert_eq!(got, expected);
    assert_no_temporary_files(env.dir.path());
}

/// `/dev/null` stays a character device. Before the fix, run as root, the report was
/// renamed over the machine's `/dev/null`. So that running this test against such a
/// build cannot do that again, it first writes to a FIFO of its own and stops there
/// if the FIFO was replaced.
#[test]
fn dev_null_stays_a_device() {
    let env = TestEnv::seeded();
    let fifo = env.path("probe.fifo");
    mkfifo(&fifo);
    // Held open for reading and writing, the FIFO takes the writer without blocking.
    let mut held = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(&fifo)
        .unwrap();
    let expected = env.ok(["report", "--format", "csv"]);
    env.ok(["report", "--format", "csv", "-o", "probe.fifo"]);
    assert!(
        std::fs::metadata(&fifo).unwrap().file_type().is_fifo(),
        "the FIFO was replaced by a file: /dev/null is not tried"
    );
    let mut got = vec![0; expected.len()];
    std::io::Read::read_exact(&mut held, &mut got).unwrap();
    assert_eq!(String::from_utf8(got).unwrap(), expected);

    let dev_null = Path::new("/dev/null");
    let before = std::fs::metadata(dev_null).unwrap();
    assert!(before.file_type().is_char_device());
    env.ok(["report", "--format", "html", "-o", "/dev/null"]);
    env.ok(["export", "-o", "/dev/null"]);
    let after = std::fs::metadata(dev_null).unwrap();
    assert!(
        after.file_type().is_char_device(),
        "/dev/null is no longer a device"
    );
    assert_eq!(before.rdev(), after.rdev());
    let err = env.fails(["backup", "/dev/null"]);
    assert!(err.contains("exists already"), "{err}");
}

/// Before the fix every writer used one temporary name (`.out.html.parley-tmp`): two
/// writers at once truncated, interleaved or renamed each other's file and failed.
#[test]
fn writers_of_one_output_file_at_once_all_succeed_with_one_whole_report() {
    let env = TestEnv::seeded();
    let expected = env.ok(["report", "--format", "html"]);
    for _trial in 0..3 {
        let children: Vec<_> = (0..8)
            .map(|_| {
                env.std_cmd()
                    .args(["report", "--format", "html", "-o", "out.html"])
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for child in children {
            let out = child.wait_with_output().unwrap();
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        assert_eq!(
            std::fs::read_to_string(env.path("out.html")).unwrap(),
            expected
        );
        assert_no_temporary_files(env.dir.path());
    }
}

/// A replaced file keeps its mode; a new one gets the usual mode, not the temporary
/// file's private one.
#[test]
fn an_output_file_keeps_its_permissions() {
    let env = TestEnv::seeded();
    env.ok(["report", "--format", "csv", "-o", "new.csv"]);
    let mode = std::fs::metadata(env.path("new.csv")).unwrap().mode() & 0o777;
    assert_ne!(mode, 0o600, "a new file got the temporary file's mode");
    assert!(mode & 0o400 != 0, "{mode:o}");
    std::fs::set_permissions(env.path("new.csv"), std::fs::Permissions::from_mode(0o640)).unwrap();
    env.ok(["report", "--format", "csv", "-o", "new.csv"]);
    let mode = std::fs::metadata(env.path("new.csv")).unwrap().mode() & 0o777;
    assert_eq!(mode, 0o640);
    // Through a symbolic link, the file it points to is replaced; the link stays.
    std::os::unix::fs::symlink("new.csv", env.path("link.csv")).unwrap();
    env.ok(["export", "-o", "link.csv"]);
    assert!(
        std::fs::symlink_metadata(env.path("link.csv"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(
        std::fs::read_to_string(env.path("new.csv"))
            .unwrap()
            .contains("[process]")
    );
}

/// A backup that fails part-way (here the file-size limit stops it, as a full disk
/// would) leaves no file. Before the fix `VACUUM INTO` wrote the target directly and
/// a failure left it there, empty or partial.
#[test]
fn a_failed_backup_leaves_no_file() {
    let env = TestEnv::seeded();
    if env.server.is_none() {
        assert!(std::fs::metadata(&env.db).unwrap().len() > 300 << 10);
    }
    let parley = assert_cmd::cargo::cargo_bin("parley");
    // 100 blocks (50 or 100 KiB, as the shell counts them): more than SQLite's
    // shared-memory file, less than the database. SIGXFSZ is ignored so that the write
    // fails with an error instead of killing the process.
    let script = format!(
        "ulimit -f 100 && trap '' XFSZ && exec '{}' backup copy.db",
        parley.display()
    );
    let out = std::process::Command::new("/bin/sh")
        .env_clear()
        .current_dir(env.dir.path())
        .env("PARLEY_DB", env.db_arg())
        .env("PARLEY_NOW", &env.now)
        .arg("-c")
        .arg(&script)
        .output()
        .unwrap();
    assert!(
        !out.status.success(),
        "the backup succeeded under the limit"
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.starts_with("parley: "), "{stderr}");
    assert!(!env.path("copy.db").exists(), "a partial backup was left");
    assert_no_temporary_files(env.dir.path());
    // The same backup without the limit succeeds.
    env.ok(["backup", "copy.db"]);
    match env.server {
        // A server's backup holds the same timeline.
        Some(_) => assert_eq!(
            env.ok(["--db", "copy.db", "report", "--format", "json"]),
            env.ok(["report", "--format", "json"])
        ),
        None => assert_eq!(common::dump_file(&env.path("copy.db")), env.dump()),
    }
}
