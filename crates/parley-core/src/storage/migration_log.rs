//! What a database's migration log (`_sqlx_migrations`) says about it, judged the same
//! way on every backend: Parley's only if it holds Parley's first migration (version,
//! description and checksum); written by a newer Parley if it holds a version this
//! binary does not know.

use sqlx::migrate::Migrator;

/// A row of `_sqlx_migrations`: version, description, checksum.
pub type Applied = (i64, String, Vec<u8>);

/// The judgement on a migration log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Parley's, with this many migrations applied.
    Parley { applied: usize },
    /// Another application's log, without Parley's first migration.
    Foreign,
    /// Parley's, with a version `found` that this binary (whose latest is `known`)
    /// does not know.
    Newer { found: i64, known: i64 },
}

/// The message for [`Verdict::Foreign`], the same for a file and a server.
pub const FOREIGN_LOG: &str =
    "its migration table is another application's, without Parley's first migration";

pub fn judge(applied: &[Applied], migrator: &Migrator) -> Verdict {
    let first = migrator.iter().next().expect("Parley has migrations");
    let is_parleys = applied.iter().any(|(version, description, checksum)| {
        *version == first.version
            && *description == *first.description
            && checksum.as_slice() == &*first.checksum
    });
    if !is_parleys {
        return Verdict::Foreign;
    }
    if let Some((found, ..)) = applied.iter().find(|(v, ..)| !migrator.version_exists(*v)) {
        return Verdict::Newer {
            found: *found,
            known: migrator.iter().map(|m| m.version).max().unwrap_or(0),
        };
    }
    Verdict::Parley {
        applied: applied.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::database::MIGRATOR;

    fn log(upto: usize) -> Vec<Applied> {
        MIGRATOR
            .iter()
            .take(upto)
            .map(|m| (m.version, m.description.to_string(), m.checksum.to_vec()))
            .collect()
    }

    #[test]
    fn a_log_is_parleys_foreign_or_newer() {
        let all = MIGRATOR.iter().count();
        assert_eq!(
            judge(&log(all), &MIGRATOR),
            Verdict::Parley { applied: all }
        );
        assert_eq!(judge(&log(1), &MIGRATOR), Verdict::Parley { applied: 1 });
        let mut altered = log(1);
        altered[0].2[0] ^= 1;
        assert_eq!(judge(&altered, &MIGRATOR), Verdict::Foreign);
        assert_eq!(judge(&[], &MIGRATOR), Verdict::Foreign);
        let mut newer = log(all);
        newer.push((99991231000000, "from the future".into(), vec![0]));
        let known = MIGRATOR.iter().map(|m| m.version).max().unwrap();
        assert_eq!(
            judge(&newer, &MIGRATOR),
            Verdict::Newer {
                found: 99991231000000,
                known
            }
        );
    }
}
