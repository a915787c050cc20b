//! Editing a round file in the analyst's editor and importing it when the editor
//! exits, as `crontab -e` and `git rebase -i` do: a file that does not import reopens
//! with its problems as comments at the top, until it imports, comes back unchanged,
//! or the editor fails.

use std::io::{BufRead, IsTerminal, Write};
use std::path::Path;
use std::process::Command;
use std::sync::Arc;

use super::import::{import_sources, print_changes};
use crate::error::{Error, Result};
use crate::roundfile::{Problem, SourceText};
use crate::storage::StorageError;
use crate::storage::prelude::*;

/// What the write log records the import as.
const COMMAND: &str = "round new";

/// The editor the analyst chose: `$VISUAL`, else `$EDITOR`, split on whitespace into
/// the program and its arguments (`code --wait`), as git does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Editor {
    variable: &'static str,
    program: String,
    args: Vec<String>,
}

/// How one attempt at importing the edited file ended, short of an error.
enum Outcome {
    Imported,
    Declined,
}

impl Editor {
    pub(crate) fn from_environment() -> Result<Editor> {
        Self::from_variables(|name| std::env::var(name).ok())
    }

    fn from_variables(var: impl Fn(&str) -> Option<String>) -> Result<Editor> {
        for variable in ["VISUAL", "EDITOR"] {
            let Some(value) = var(variable) else { continue };
            let mut words = value.split_whitespace().map(str::to_owned);
            if let Some(program) = words.next() {
                return Ok(Editor {
                    variable,
                    program,
                    args: words.collect(),
                });
            }
        }
        Err(Error::invalid_argument(
            "--edit",
            "neither $VISUAL nor $EDITOR names an editor; set one (e.g. `export EDITOR=nano`), \
             or write the file with `-o FILE` and import it with `parley import FILE`",
        ))
    }

    /// Opens `template` in the editor, in a temporary file, and imports what comes
    /// back (see the module's documentation). `ask`: show the dry run and ask before
    /// importing, when standard input is a terminal.
    pub(crate) async fn edit_and_import(
        &self,
        db: &impl Storage,
        template: &str,
        ask: bool,
    ) -> Result<()> {
        let ask = ask && std::io::stdin().is_terminal();
        let draft = tempfile::Builder::new()
            .prefix("parley-round-")
            .suffix(".toml")
            .tempfile()
            .map_err(|e| Error::io(std::env::temp_dir(), e))?
            .into_temp_path();
        let path = draft.to_path_buf();
        let mut written = template.to_owned();
        std::fs::write(&path, &written).map_err(|e| Error::io(&path, e))?;
        loop {
            let opened = self.open(&path);
            let text = match opened.and_then(|()| read(&path)) {
                Ok(text) => text,
                Err(e) => return Err(keep_if_edited(draft, template, e)),
            };
            if text == written {
                return match written == template {
                    true => {
                        eprintln!(
                            "parley: the round file came back unchanged; nothing was written"
                        );
                        Ok(())
                    }
                    false => {
                        let kept = keep(draft);
                        eprintln!(
                            "parley: the round file came back unchanged; nothing was written{kept}"
                        );
                        Ok(())
                    }
                };
            }
            let body = without_problems(&text).to_owned();
            let sources: Arc<[SourceText]> = Arc::from([SourceText::new(&path, body.clone())]);
            match attempt(db, &sources, ask).await {
                Ok(Outcome::Imported) => return Ok(()),
                Ok(Outcome::Declined) => {
                    let kept = keep(draft);
                    eprintln!("parley: nothing was written{kept}");
                    return Ok(());
                }
                Err(e) if reopens(&e) => {
                    let (problems, reopened) = with_problems(&path, &body, &e);
                    eprintln!(
                        "parley: {}: the round file did not import; reopening it with the problems at the top:",
                        path.display()
                    );
                    for problem in problems {
                        eprintln!("parley:   {problem}");
                    }
                    written = reopened;
                    std::fs::write(&path, &written).map_err(|e| Error::io(&path, e))?;
                }
                Err(e) => {
                    eprintln!("parley: nothing was written{}", keep(draft));
                    return Err(e);
                }
            }
        }
    }

    /// Runs the editor on `file` and waits for it. (Blocking: the runtime has nothing
    /// else to do meanwhile.)
    fn open(&self, file: &Path) -> Result<()> {
        let status = Command::new(&self.program)
            .args(&self.args)
            .arg(file)
            .status()
            .map_err(|e| {
                Error::invalid_argument(
                    format!("${}", self.variable),
                    format!("cannot run the editor '{}': {e}", self.program),
                )
            })?;
        match status.success() {
            true => Ok(()),
            false => Err(Error::invalid_argument(
                "--edit",
                format!(
                    "the editor ({}) failed ({status}); nothing was written",
                    self.program
                ),
            )),
        }
    }
}

/// Imports the edited file through `parley import`'s own path: on a terminal, its
/// dry run first and a question.
async fn attempt(db: &impl Storage, sources: &Arc<[SourceText]>, ask: bool) -> Result<Outcome> {
    if ask {
        let preview = import_sources(db, sources, true, COMMAND).await?;
        print_changes(&preview, true);
        let confirmed = confirm(&mut std::io::stdin().lock(), &mut std::io::stderr())
            .map_err(|e| Error::Output(e.to_string()))?;
        if !confirmed {
            return Ok(Outcome::Declined);
        }
    }
    let changes = import_sources(db, sources, false, COMMAND).await?;
    print_changes(&changes, false);
    Ok(Outcome::Imported)
}

/// Asks `Import? [y/N]`; only `y` or `yes` (in any case) import.
fn confirm(input: &mut impl BufRead, prompt: &mut impl Write) -> std::io::Result<bool> {
    write!(prompt, "Import? [y/N] ")?;
    prompt.flush()?;
    let mut answer = String::new();
    input.read_line(&mut answer)?;
    Ok(matches!(answer.trim().to_lowercase().as_str(), "y" | "yes"))
}

/// Problems the analyst can fix in the file: its own, and what the writer refused in
/// it, whether a rule was checked set-wise after a bulk load (`Constraint`) or by its
/// trigger row by row (`StorageError::Rule`): which of the two catches it depends only
/// on the file's size. Others (a busy or read-only database, the disk) end the session.
fn reopens(error: &Error) -> bool {
    matches!(
        error,
        Error::RoundFile(_)
            | Error::UnknownName { .. }
            | Error::AmbiguousName { .. }
            | Error::InvalidArgument { .. }
            | Error::Exists { .. }
            | Error::Conflict(_)
            | Error::Retracted(_)
            | Error::Constraint(_)
            | Error::Storage(StorageError::Rule { .. })
    )
}

fn read(path: &Path) -> Result<String> {
    Ok(SourceText::read(path)?.text)
}

/// Keeps the file (it is not removed when dropped), and says where it is.
fn keep(draft: tempfile::TempPath) -> String {
    match draft.keep() {
        Ok(path) => format!(
            "; the round file is kept at {}: import it with `parley import {}` once it is right",
            path.display(),
            path.display()
        ),
        Err(_) => String::new(),
    }
}

/// On an error, keeps the file if the analyst changed it, saying so (the error says
/// that nothing was written).
fn keep_if_edited(draft: tempfile::TempPath, template: &str, error: Error) -> Error {
    let edited = std::fs::read_to_string(&draft).is_ok_and(|text| text != template);
    if edited && let Some(kept) = keep(draft).strip_prefix("; ") {
        eprintln!("parley: {kept}");
    }
    error
}

/// Each line of the problem block at the top of a reopened file starts with this.
const MARK: &str = "# parley:";

/// What the block explains before the problems.
const BLOCK_HEAD: [&str; 3] = [
    "# parley: this round file did not import, and nothing was written. Fix the",
    "# parley: problems below and save to try again, or quit without saving to give up.",
    "# parley: (These lines go when the file is read again.)",
];

/// The text without the problem block a reopened file starts with (and the blank line
/// after it).
fn without_problems(text: &str) -> &str {
    let mut rest = text;
    let mut removed = false;
    while rest.starts_with(MARK) {
        rest = rest.split_once('\n').map_or("", |(_, after)| after);
        removed = true;
    }
    if removed {
        rest = rest
            .strip_prefix("\r\n")
            .or_else(|| rest.strip_prefix('\n'))
            .unwrap_or(rest);
    }
    rest
}

/// The file reopened with `error`'s problems at the top, and the problems as they
/// then read (their lines counted in the reopened file), to be said on the terminal.
fn with_problems(path: &Path, body: &str, error: &Error) -> (Vec<String>, String) {
    // One line each, in the block and on the terminal: the file's problems with their
    // places, or the error's own words.
    let (said, in_block): (Vec<String>, Vec<String>) = match error {
        Error::RoundFile(e) => {
            // The block's own lines push the file's down: the head, one per problem,
            // and a blank line.
            let shift = BLOCK_HEAD.len() + e.problems.len() + 1;
            e.problems
                .iter()
                .map(|p| {
                    let mut p = p.clone();
                    p.file = path.to_owned();
                    if p.line > 0 {
                        p.line += shift;
                    }
                    (one_line(&p.to_string()), one_line(&placed(&p)))
                })
                .unzip()
        }
        other => other
            .to_string()
            .lines()
            .map(|l| (one_line(l), one_line(l)))
            .unzip(),
    };
    let mut text = String::new();
    for line in BLOCK_HEAD {
        text.push_str(line);
        text.push('\n');
    }
    for line in &in_block {
        text.push_str(&format!("{MARK} {line}\n"));
    }
    text.push('\n');
    text.push_str(body);
    (said, text)
}

/// A problem as the file it is in shows it: by line and column, without the file's name.
fn placed(p: &Problem) -> String {
    let mut out = String::new();
    if p.line > 0 {
        out.push_str(&format!("line {}, column {}: ", p.line, p.column));
    }
    if !p.field.is_empty() {
        out.push_str(&format!("{}: ", p.field));
    }
    out.push_str(&p.message);
    out
}

/// A message on one line, as a comment must be.
fn one_line(text: &str) -> String {
    text.replace(['\r', '\n'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::roundfile::RoundFileError;

    /// A rule broken row by row reopens the file as the same rule broken set-wise does;
    /// the database itself failing does not.
    #[test]
    fn a_broken_rule_reopens_whichever_path_caught_it() {
        let rule = "retraction: a retracted record cannot be corrected".to_owned();
        assert!(reopens(&Error::Constraint(rule.clone())));
        assert!(reopens(&Error::Storage(StorageError::Rule {
            message: rule
        })));
        let busy = "database is locked".to_owned();
        assert!(!reopens(&Error::Storage(StorageError::Busy {
            message: busy
        })));
        assert!(!reopens(&Error::Storage(StorageError::ReadOnly)));
    }

    #[test]
    fn visual_comes_before_editor_and_both_split_on_whitespace() {
        let vars = |visual: Option<&'static str>, editor: Option<&'static str>| {
            move |name: &str| match name {
                "VISUAL" => visual.map(str::to_owned),
                "EDITOR" => editor.map(str::to_owned),
                _ => None,
            }
        };
        let e = Editor::from_variables(vars(Some("code --wait"), Some("vi"))).unwrap();
        assert_eq!(
            (e.program.as_str(), e.args.as_slice()),
            ("code", &["--wait".to_owned()][..])
        );
        let e = Editor::from_variables(vars(Some("  "), Some("nano"))).unwrap();
        assert_eq!(e.program, "nano");
        assert_eq!(e.variable, "EDITOR");
        let err = Editor::from_variables(vars(None, None))
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("--edit: neither $VISUAL nor $EDITOR"),
            "{err}"
        );
    }

    #[test]
    fn only_yes_imports() {
        for (answer, expected) in [
            ("y\n", true),
            ("YES\n", true),
            ("\n", false),
            ("n\n", false),
            ("", false),
            ("maybe\n", false),
        ] {
            let mut prompt = Vec::new();
            let got = confirm(&mut answer.as_bytes(), &mut prompt).unwrap();
            assert_eq!(got, expected, "{answer:?}");
            assert_eq!(prompt, b"Import? [y/N] ");
        }
    }

    #[test]
    fn the_problems_go_on_top_with_their_lines_counted_in_the_reopened_file_and_come_off_again() {
        let path = Path::new("/tmp/parley-round-x.toml");
        let body = "[process]\nslug = \"p\"\n\n[[round]]\nslug = \"r\"\nstate = \"hled\"\n";
        let error = Error::RoundFile(RoundFileError {
            problems: vec![
                Problem {
                    file: path.to_owned(),
                    line: 6,
                    column: 9,
                    field: "round[1].state".into(),
                    message: "unknown round state 'hled'\nacross lines".into(),
                },
                Problem {
                    file: path.to_owned(),
                    line: 0,
                    column: 0,
                    field: String::new(),
                    message: "no place".into(),
                },
            ],
        });
        let (said, text) = with_problems(path, body, &error);
        assert_eq!(
            said[0],
            "/tmp/parley-round-x.toml:12:9: round[1].state: unknown round state 'hled' across lines"
        );
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines[3],
            "# parley: line 12, column 9: round[1].state: unknown round state 'hled' across lines"
        );
        assert_eq!(lines[4], "# parley: no place");
        assert_eq!(
            lines[11], "state = \"hled\"",
            "line 12 is the line the problem names"
        );
        assert_eq!(without_problems(&text), body);
        // Read again after a fix, a second block replaces the first.
        let (_, again) = with_problems(path, without_problems(&text), &error);
        assert_eq!(again, text);
        assert_eq!(without_problems(body), body);
    }
}
