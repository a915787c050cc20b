//! Files a command writes (`-o`, `backup FILE`): never the database, one of its side
//! files or a link to them. A regular file is replaced whole, through a uniquely
//! named temporary file beside it, so that a failure leaves nothing half-written and
//! writers of one path at once do not meet; a device or FIFO is written in place,
//! never replaced.

use std::fs::{self, Metadata};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;

use crate::error::{Error, Result};

/// The side files SQLite keeps beside a database, and what each is.
const SIDE_FILES: [(&str, &str); 4] = [
    ("", "the database itself"),
    ("-wal", "the database's write-ahead log"),
    ("-shm", "the database's shared-memory index"),
    ("-journal", "the database's rollback journal"),
];

/// Refuses `target`, given with `flag`, if writing it could overwrite the database at
/// `database` or one of its side files: by name (after resolving symbolic links, as
/// SQLite does when it names the side files) or, for files that exist, by device and
/// inode (a hard or symbolic link).
pub fn refuse_database_paths(flag: &str, target: &Path, database: &Path) -> Result<()> {
    let target_name = resolved(target);
    let target_file = fs::metadata(target).ok();
    let database_names = [absolute(database), resolved(database)];
    for (suffix, what) in SIDE_FILES {
        for name in &database_names {
            let mut side = name.clone().into_os_string();
            side.push(suffix);
            let side = PathBuf::from(side);
            let same_name = target_name == side;
            let same_file = match (&target_file, fs::metadata(&side)) {
                (Some(t), Ok(s)) => same_inode(t, &s),
                _ => false,
            };
            if same_name || same_file {
                return Err(Error::invalid_argument(
                    flag,
                    format!(
                        "{} is {what}; writing it would destroy the timeline. Choose another file",
                        target.display()
                    ),
                ));
            }
        }
    }
    Ok(())
}

/// A file to write a command's output to, given with a flag and checked against the
/// database.
#[derive(Debug, Clone)]
pub struct OutputFile {
    flag: String,
    path: PathBuf,
    database: PathBuf,
}

impl OutputFile {
    /// The file given with `flag`, or `None` (standard output) when there is none;
    /// refused at once if it is the database or one of its side files.
    pub fn new(flag: &str, path: Option<&Path>, database: &Path) -> Result<Option<OutputFile>> {
        let Some(path) = path else {
            return Ok(None);
        };
        refuse_database_paths(flag, path, database)?;
        Ok(Some(OutputFile {
            flag: flag.to_owned(),
            path: path.to_owned(),
            database: database.to_owned(),
        }))
    }

    /// Writes what `write` produces: a regular file (or a new one) is replaced whole,
    /// anything else (a device, a FIFO) is written in place.
    pub fn write(&self, write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> Result<()> {
        // Checked again: the database may have been created since.
        refuse_database_paths(&self.flag, &self.path, &self.database)?;
        match fs::metadata(&self.path) {
            Ok(meta) if meta.is_file() => {
                // Through a symbolic link, the file it names is replaced; the link stays.
                let real = fs::canonicalize(&self.path).map_err(|e| Error::io(&self.path, e))?;
                replace(&real, Some(meta), write)
            }
            Ok(meta) if meta.is_dir() => Err(Error::invalid_argument(
                &self.flag,
                format!("{} is a folder; give a file name", self.path.display()),
            )),
            Ok(_) => {
                let file = fs::OpenOptions::new()
                    .write(true)
                    .open(&self.path)
                    .map_err(|e| Error::io(&self.path, e))?;
                let mut out = BufWriter::new(file);
                write(&mut out)
                    .and_then(|_| out.flush())
                    .map_err(|e| Error::io(&self.path, e))
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => replace(&self.path, None, write),
            Err(e) => Err(Error::io(&self.path, e)),
        }
    }
}

/// Writes a temporary file beside `target`, then renames it over `target`, keeping
/// the mode of the file it replaces.
fn replace(
    target: &Path,
    replaced: Option<Metadata>,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<()> {
    let mut temp = temporary_beside(target)?;
    let written = (|| {
        if let Some(meta) = &replaced {
            temp.as_file().set_permissions(meta.permissions())?;
        }
        let mut out = BufWriter::new(temp.as_file_mut());
        write(&mut out)?;
        out.flush()?;
        drop(out);
        temp.as_file().sync_all()
    })();
    written.map_err(|e| Error::io(target, e))?;
    temp.persist(target)
        .map_err(|e| Error::io(target, e.error))?;
    sync_folder(target);
    Ok(())
}

/// A new file that takes its name only once it is complete, and never replaces an
/// existing one: written under a temporary name in the same folder (dropped, it is
/// removed, with any side file SQLite left beside it: a database written there whose
/// close could not checkpoint leaves its write-ahead log and shared-memory file).
#[derive(Debug)]
pub struct NewFile {
    flag: String,
    target: PathBuf,
    /// `None` once committed.
    temp: Option<NamedTempFile>,
}

impl NewFile {
    /// Reserves a temporary file beside `target`, given with `flag`; refuses a target
    /// that exists or is the database or one of its side files.
    pub fn reserve(flag: &str, target: &Path, database: &Path) -> Result<NewFile> {
        refuse_database_paths(flag, target, database)?;
        if fs::symlink_metadata(target).is_ok() {
            return Err(exists_already(flag, target));
        }
        Ok(NewFile {
            flag: flag.to_owned(),
            target: target.to_owned(),
            temp: Some(temporary_beside(target)?),
        })
    }

    /// Where to write the file's content.
    pub fn path(&self) -> &Path {
        self.temp.as_ref().expect("a file not committed yet").path()
    }

    /// Syncs the file and gives it its name, unless a file took that name meanwhile.
    pub fn commit(mut self) -> Result<()> {
        let temp = self.temp.take().expect("a file not committed yet");
        let (flag, target) = (&self.flag, &self.target);
        temp.as_file()
            .sync_all()
            .map_err(|e| Error::io(temp.path(), e))?;
        temp.persist_noclobber(target).map_err(|e| {
            if e.error.kind() == io::ErrorKind::AlreadyExists {
                exists_already(flag, target)
            } else {
                Error::io(target, e.error)
            }
        })?;
        sync_folder(target);
        Ok(())
    }
}

impl Drop for NewFile {
    /// Removes SQLite's side files of a file not committed; the temporary file itself
    /// goes with `temp`. Best effort: the failure that dropped it is the one to report.
    fn drop(&mut self) {
        if let Some(temp) = &self.temp {
            for (suffix, _) in SIDE_FILES.iter().filter(|(suffix, _)| !suffix.is_empty()) {
                let mut side = temp.path().as_os_str().to_owned();
                side.push(suffix);
                let _ = fs::remove_file(side);
            }
        }
    }
}

fn exists_already(flag: &str, target: &Path) -> Error {
    Error::invalid_argument(
        flag,
        format!("{} exists already; choose a new file", target.display()),
    )
}

/// An empty file with a unique name in `target`'s folder (`.NAME.XXXXXX.parley-tmp`),
/// created with the mode a new file gets (not the private mode of temporary files).
fn temporary_beside(target: &Path) -> Result<NamedTempFile> {
    let folder = folder_of(target);
    let prefix = format!(
        ".{}.",
        target.file_name().unwrap_or_default().to_string_lossy()
    );
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".parley-tmp");
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    builder
        .tempfile_in(folder)
        .map_err(|e| Error::io(folder, e))
}

fn folder_of(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// Makes a rename in `path`'s folder durable; a folder that cannot be synced (some
/// file systems refuse) is left to the operating system.
fn sync_folder(path: &Path) {
    if let Ok(folder) = fs::File::open(folder_of(path)) {
        let _ = folder.sync_all();
    }
}

/// The path with its folder's symbolic links resolved, and the file's own if it
/// exists; a symbolic link to nothing yet names the file it would lead to.
fn resolved(path: &Path) -> PathBuf {
    resolved_within(path, 40)
}

fn resolved_within(path: &Path, links: u32) -> PathBuf {
    if let Ok(real) = fs::canonicalize(path) {
        return real;
    }
    if let Ok(target) = fs::read_link(path)
        && links > 0
    {
        return resolved_within(&folder_of(path).join(target), links - 1);
    }
    match (fs::canonicalize(folder_of(path)), path.file_name()) {
        (Ok(folder), Some(name)) => folder.join(name),
        _ => absolute(path),
    }
}

fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_owned())
}

#[cfg(unix)]
fn same_inode(a: &Metadata, b: &Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    a.dev() == b.dev() && a.ino() == b.ino()
}

#[cfg(not(unix))]
fn same_inode(_: &Metadata, _: &Metadata) -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn the_database_and_its_side_files_are_refused_by_name_and_by_link() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("talks.db");
        fs::write(&db, b"x").unwrap();
        fs::hard_link(&db, dir.path().join("hard")).unwrap();
        for name in [
            "talks.db",
            "talks.db-wal",
            "talks.db-shm",
            "talks.db-journal",
            "hard",
        ] {
            let err = refuse_database_paths("-o", &dir.path().join(name), &db).unwrap_err();
            assert!(err.to_string().contains("the database"), "{name}: {err}");
        }
        for name in ["talks.db.html", "talks.db-wal2", "other.db"] {
            refuse_database_paths("-o", &dir.path().join(name), &db).unwrap();
        }
        // Before the database exists, by name, and through a link to it.
        let new = dir.path().join("new.db");
        assert!(refuse_database_paths("-o", &new, &new).is_err());
        std::os::unix::fs::symlink("new.db-journal", dir.path().join("link")).unwrap();
        assert!(refuse_database_paths("-o", &dir.path().join("link"), &new).is_err());
    }
}
