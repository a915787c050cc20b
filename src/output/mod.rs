//! Writing what a command produces: to standard output or a file, all at once, so
//! that a failure leaves nothing half-written; and whether colour is wanted.

use std::io::{IsTerminal, Write};
use std::path::Path;

use crate::error::{Error, Result};

/// Whether standard output is a terminal that wants colour: never when `NO_COLOR`
/// is set to anything, never when output is piped or redirected.
pub fn colour_wanted() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stdout().is_terminal()
}

/// Whether standard output is a terminal at all.
pub fn stdout_is_terminal() -> bool {
    std::io::stdout().is_terminal()
}

/// Writes `text` to `path`, or to standard output when there is none. A file is
/// written beside its destination and renamed into place, so that a failure never
/// leaves a partial report.
pub fn emit(text: &str, path: Option<&Path>) -> Result<()> {
    write_with(path, |out| out.write_all(text.as_bytes()))
}

/// Like [`emit`], for output produced piece by piece by `write`.
pub fn write_with(
    path: Option<&Path>,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<()> {
    match path {
        None => {
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            match write(&mut out).and_then(|_| out.flush()) {
                // A closed pipe (`parley report | head`) is the reader's choice, not an error.
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
                other => other.map_err(|e| Error::Output(e.to_string())),
            }
        }
        Some(path) => {
            let dir = path
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(Path::new("."));
            let name = path.file_name().unwrap_or_default().to_string_lossy();
            let temp = dir.join(format!(".{name}.parley-tmp"));
            let written = std::fs::File::create(&temp).and_then(|file| {
                let mut out = std::io::BufWriter::new(file);
                write(&mut out)?;
                out.into_inner().map_err(|e| e.into_error())?.sync_all()
            });
            if let Err(e) = written {
                let _ = std::fs::remove_file(&temp);
                return Err(Error::io(&temp, e));
            }
            std::fs::rename(&temp, path).map_err(|e| {
                let _ = std::fs::remove_file(&temp);
                Error::io(path, e)
            })
        }
    }
}

pub mod escape;
pub mod grid;
pub mod tabular;

pub use tabular::{Tabular, TabularFormat};
