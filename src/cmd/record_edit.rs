//! What the edit commands (`round edit`, `source edit`, `party edit`, `item edit`)
//! share: reading the fields given and cleared into one list of updates, refusing a
//! field given both ways or an edit that names nothing, and saying what changed.

use crate::domain::model::{FieldUpdates, Update};
use crate::error::{Error, Result};
use crate::storage::RecordEdit;

/// The fields an edit gives (`(field, value)`, each value checked already; `None`
/// when its flag is left out) and those `--clear` names, as one list of updates. A
/// field both given and cleared is refused, naming `--clear`; so is an edit that
/// names no field, unless it does something else (`others`: aliases, participants).
pub(crate) fn field_updates(
    given: Vec<(&'static str, Option<String>)>,
    clear: &[String],
    others: bool,
    flags: &str,
) -> Result<FieldUpdates> {
    let mut updates: FieldUpdates = Vec::new();
    for (field, value) in given {
        if let Some(value) = value {
            if clear.iter().any(|c| c == field) {
                return Err(Error::invalid_argument(
                    "--clear",
                    format!("'{field}' is given a value and cleared; do one or the other"),
                ));
            }
            updates.push((field, Update::Set(value)));
        }
    }
    for field in clear {
        let field = leak_field(field);
        if !updates.iter().any(|(f, _)| *f == field) {
            updates.push((field, Update::Clear));
        }
    }
    if updates.is_empty() && !others {
        return Err(Error::invalid_argument(
            "EDIT",
            format!("nothing to edit: give at least one of {flags}"),
        ));
    }
    Ok(updates)
}

/// The field `--clear` names, as the `'static` name the edit's table uses: clap
/// accepts only the names its possible values list, which are those.
fn leak_field(field: &str) -> &'static str {
    const CLEARABLE: &[&str] = &[
        "title",
        "url",
        "date",
        "reliability",
        "short",
        "description",
        "end_date",
        "location",
        "format",
        "level",
        "tone",
        "summary",
    ];
    CLEARABLE
        .iter()
        .find(|f| **f == field)
        .copied()
        .unwrap_or_else(|| panic!("--clear took '{field}', which no edit clears"))
}

/// Prints what an edit changed, old → new, or that the record held it all already.
pub(crate) fn print(edit: &RecordEdit) {
    let line = edit.to_string();
    println!("{}", crate::output::escape::terminal(&line));
}
