//! Writing what a command produces: to standard output or a file (see [`file`]), so
//! that a failure leaves nothing half-written; and whether colour is wanted.

use std::ffi::OsStr;
use std::io::{IsTerminal, Write};

use crate::error::{Error, Result};

/// Whether standard output is a terminal that wants colour: never when `NO_COLOR`
/// is set to anything, never on a `TERM=dumb` terminal, never when output is piped or
/// redirected.
pub fn colour_wanted() -> bool {
    colour_decision(
        std::env::var_os("NO_COLOR").as_deref(),
        std::env::var_os("TERM").as_deref(),
        std::io::stdout().is_terminal(),
    )
}

/// The decision behind [`colour_wanted`], from the values of `NO_COLOR` and `TERM` and
/// whether standard output is a terminal.
pub fn colour_decision(no_color: Option<&OsStr>, term: Option<&OsStr>, terminal: bool) -> bool {
    terminal && no_color.is_none_or(OsStr::is_empty) && term != Some(OsStr::new("dumb"))
}

/// Whether standard output is a terminal at all.
pub fn stdout_is_terminal() -> bool {
    std::io::stdout().is_terminal()
}

/// Writes `text` to `file`, or to standard output when there is none.
pub fn emit(text: &str, file: Option<&OutputFile>) -> Result<()> {
    write_with(file, |out| out.write_all(text.as_bytes()))
}

/// Like [`emit`], for output produced piece by piece by `write`.
pub fn write_with(
    file: Option<&OutputFile>,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<()> {
    match file {
        Some(file) => file.write(write),
        None => {
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            match write(&mut out).and_then(|_| out.flush()) {
                // A closed pipe (`parley report | head`) is the reader's choice, not an error.
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
                other => other.map_err(|e| Error::Output(e.to_string())),
            }
        }
    }
}

pub mod cell;
pub mod datasette;
pub mod escape;
pub mod file;
pub mod grid;
pub mod tabular;

pub use file::{NewFile, OutputFile};
pub use tabular::{Tabular, TabularFormat};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colour_only_on_a_terminal_without_no_color_or_a_dumb_term() {
        let some = |s: &'static str| Some(OsStr::new(s));
        assert!(colour_decision(None, some("xterm-256color"), true));
        assert!(colour_decision(None, None, true));
        assert!(colour_decision(some(""), some("xterm"), true));
        assert!(!colour_decision(None, some("xterm"), false));
        assert!(!colour_decision(some("1"), some("xterm"), true));
        assert!(!colour_decision(None, some("dumb"), true));
    }
}
