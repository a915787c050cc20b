//! The round file: the TOML format analysts write rounds in, which `parley import`
//! reads, `parley export` writes and the shipped seeds use. `docs/round-file.md`
//! documents it field by field.

mod export;
pub mod format;
mod history;
mod pieces;
mod refusal;
pub mod template;
mod validate;

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

pub use export::{Runs, to_round_file, write_json, write_toml};
pub use format::RoundFile;
pub use history::{HistoryRuns, is_history, load_history, write_history_json, write_history_toml};
pub use pieces::{NeedsWholeRead, load_in_pieces, reads_in_pieces, round_count, status_count};
pub use refusal::refusal_problem;
pub use validate::{MAX_NAME_CHARS, MAX_TEXT_CHARS, check_slug, resolve_outlet};

use crate::domain::model::Dossier;
use crate::domain::names::Catalogs;
use crate::error::{Error, Result};

/// A round file's text and where it came from.
#[derive(Debug, Clone)]
pub struct SourceText {
    pub path: PathBuf,
    pub text: String,
}

impl SourceText {
    pub fn new(path: impl Into<PathBuf>, text: impl Into<String>) -> Self {
        SourceText {
            path: path.into(),
            text: text.into(),
        }
    }

    /// Reads a file, refusing what is not UTF-8 text.
    pub fn read(path: &Path) -> Result<Self> {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        let text = String::from_utf8(bytes).map_err(|e| {
            let offset = e.utf8_error().valid_up_to();
            let source = SourceText::new(
                path,
                String::from_utf8_lossy(&e.into_bytes()[..offset]).into_owned(),
            );
            RoundFileError::from(source.problem(
                offset..offset,
                "",
                "the file is not UTF-8 text; save it as UTF-8",
            ))
        })?;
        Ok(SourceText::new(path, text))
    }

    /// 1-based line and column (in characters) of a byte offset.
    fn line_column(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let before = &self.text[..floor_char_boundary(&self.text, offset)];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        (line, column)
    }

    fn problem(
        &self,
        span: Range<usize>,
        field: impl Into<String>,
        message: impl Into<String>,
    ) -> Problem {
        let (line, column) = self.line_column(span.start);
        Problem {
            file: self.path.clone(),
            line,
            column,
            field: field.into(),
            message: message.into(),
        }
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// One thing wrong with a round file, at its place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: PathBuf,
    /// 1-based; 0 when the problem has no single place.
    pub line: usize,
    pub column: usize,
    /// The field's path, e.g. `round[1].status[3].status` (indices 1-based).
    pub field: String,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if self.line > 0 {
            write!(f, ":{}:{}", self.line, self.column)?;
        }
        if !self.field.is_empty() {
            write!(f, ": {}", self.field)?;
        }
        write!(f, ": {}", self.message)
    }
}

/// Every problem found in the files of one import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoundFileError {
    pub problems: Vec<Problem>,
}

impl From<Problem> for RoundFileError {
    fn from(problem: Problem) -> Self {
        RoundFileError {
            problems: vec![problem],
        }
    }
}

impl fmt::Display for RoundFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, problem) in self.problems.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{problem}")?;
        }
        Ok(())
    }
}

impl std::error::Error for RoundFileError {}

/// Parses a file's TOML, reporting a syntax error or a misnamed field at its place.
pub fn parse(source: &SourceText) -> Result<RoundFile, RoundFileError> {
    match read(source) {
        (Some(file), problems) if problems.is_empty() => Ok(file),
        (_, problems) => Err(RoundFileError { problems }),
    }
}

/// Parses a file's TOML: the file, unless its syntax or a field's type is wrong, and
/// every problem found on the way. A field the format does not know is a problem,
/// reported like the others (`round[2].quote[1].speakr: unknown field 'speakr';
/// expected one of: …`) and left out, so that the rest of the file is still checked
/// and its problems reported together.
fn read(source: &SourceText) -> (Option<RoundFile>, Vec<Problem>) {
    let (file, unknown) = format::from_toml::<RoundFile>(&source.text);
    let mut problems: Vec<Problem> = unknown
        .into_iter()
        .map(|u| source.problem(u.span, u.path, u.message))
        .collect();
    let file = file
        .map_err(|e| {
            let span = e.span().unwrap_or(0..0);
            let message = e.message().trim().replace('\n', " ");
            problems.push(source.problem(span, "", message));
        })
        .ok();
    (file, problems)
}

/// Parses and checks the files of one import, in order, against what the database
/// holds. Either every file is valid and the result holds all of them, or nothing is
/// returned but the problems, each file's in the order of their places in it.
pub fn load(sources: &[SourceText], known: &Catalogs) -> Result<Dossier, RoundFileError> {
    let mut catalogs = known.clone();
    let mut dossier = Dossier::default();
    let mut problems = Vec::new();
    for source in sources {
        let (file, mut found) = read(source);
        if let Some(file) = file {
            found.extend(history::history_fields_outside_history(source, &file));
            match validate::validate(source, file, &mut catalogs) {
                // A file with unknown fields is not imported, but its other
                // problems are reported with them.
                Ok(d) if found.is_empty() => dossier.extend(d),
                Ok(_) => {}
                Err(mut p) => found.append(&mut p),
            }
        }
        // Problems with no single place (line 0) last.
        found.sort_by_key(|p| (p.line == 0, p.line, p.column));
        problems.append(&mut found);
    }
    if problems.is_empty() {
        Ok(dossier)
    } else {
        Err(RoundFileError { problems })
    }
}

/// The processes, sources and rounds the files name by slug; `None` when a file
/// does not read (its problems are reported once it is checked).
pub fn names_used(sources: &[SourceText]) -> Option<crate::domain::names::NamesUsed> {
    let mut used = crate::domain::names::NamesUsed::default();
    for source in sources {
        validate::names_used(&parse(source).ok()?, &mut used);
    }
    Some(used)
}

/// The seed rounds shipped inside the binary, so `parley seed` works from any folder.
pub const SEEDS: &[(&str, &str)] = &[(
    "seeds/geneva-2025-11-23.toml",
    include_str!("../../../../seeds/geneva-2025-11-23.toml"),
)];

pub fn seed_sources() -> Vec<SourceText> {
    SEEDS
        .iter()
        .map(|(path, text)| SourceText::new(*path, *text))
        .collect()
}
