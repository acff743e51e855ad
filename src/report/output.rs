//! Where reports are written: output paths are checked before a scan (an output must not
//! overwrite a file the scan reads, such as the `.env` being audited, nor another output
//! of the same run), and reports are written atomically (a temporary file in the same
//! directory, then a rename), so an interrupted run never leaves a truncated report.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Why an output path is refused or could not be written.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    /// Two outputs of one run name the same file.
    #[error("{first} and {second} are the same file: give each output its own path")]
    SameFile {
        /// The first output as given.
        first: PathBuf,
        /// The second output as given.
        second: PathBuf,
    },
    /// The output is an existing file the scan reads.
    #[error(
        "{path}: refusing to overwrite a file the scan reads (it is in {root}; it may be the \
         only copy of a credential to migrate): write the report elsewhere"
    )]
    ScannedFile {
        /// The output as given.
        path: PathBuf,
        /// The scanned root, configuration file or rule directory it is in.
        root: PathBuf,
    },
    /// Writing failed.
    #[error("{path}: cannot write: {source}")]
    Io {
        /// The output as given.
        path: PathBuf,
        /// What went wrong.
        source: std::io::Error,
    },
}

/// Whether an output path is `-`, which stands for standard output.
pub fn is_standard_output(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// `path` made absolute with symbolic links resolved: the file itself when it exists,
/// else its resolved parent directory joined with its name (or `path` as given when the
/// parent does not exist either; writing will then fail with a clear message).
fn resolve(path: &Path) -> PathBuf {
    if let Ok(canonical) = path.canonicalize() {
        return canonical;
    }
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    match (parent.canonicalize(), path.file_name()) {
        (Ok(dir), Some(name)) => dir.join(name),
        _ => path.to_path_buf(),
    }
}

/// Whether the existing file at `path` is an earlier vaultproof output (a JSON report, an
/// inventory CSV, or a terminal report, recognised by its summary line at the end), which
/// a new run may replace although it lies in a scanned root.
fn is_vaultproof_output(path: &Path) -> bool {
    is_report_head(path) || is_terminal_report(path)
}

/// A terminal report ends with its summary line:
/// `scanned 12 files (0.1 MB) in 0.02 s; 0 skipped; 0 suppressed…`.
fn is_terminal_report(path: &Path) -> bool {
    use std::io::{Seek, SeekFrom};
    let Ok(mut file) = std::fs::File::open(path) else {
        return false;
    };
    let Ok(len) = file.seek(SeekFrom::End(0)) else {
        return false;
    };
    let start = len.saturating_sub(16 * 1024);
    if file.seek(SeekFrom::Start(start)).is_err() {
        return false;
    }
    let mut tail = Vec::new();
    if std::io::Read::read_to_end(&mut std::io::Read::take(&mut file, 16 * 1024), &mut tail)
        .is_err()
    {
        return false;
    }
    let tail = String::from_utf8_lossy(&tail);
    tail.lines().any(|line| {
        line.starts_with("scanned ")
            && line.contains(" MB) in ")
            && line.contains(" skipped; ")
            && line.contains(" suppressed")
    })
}

/// The head of a JSON report or of an inventory CSV.
fn is_report_head(path: &Path) -> bool {
    let mut head = [0u8; 512];
    let Ok(mut file) = std::fs::File::open(path) else {
        return false;
    };
    let mut filled = 0;
    while filled < head.len() {
        match std::io::Read::read(&mut file, &mut head[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(_) => return false,
        }
    }
    let head = &head[..filled];
    let json_report = head.starts_with(b"{")
        && memchr::memmem::find(head, b"\"schema_version\"").is_some()
        && memchr::memmem::find(head, b"\"name\": \"vaultproof\"").is_some();
    let inventory = head.starts_with(b"workspace,system,endpoint,credential_type,");
    json_report || inventory
}

/// Checks the outputs of a run before it starts: no two outputs are the same file, and
/// no output is an existing file under (or equal to) one of `read` (the scanned roots,
/// the configuration file, the rule directories), unless it is an earlier vaultproof
/// report or inventory (so `scan . -o report.json` can run again). Standard output (`-`)
/// may be named once.
pub fn check_outputs(read: &[PathBuf], outputs: &[&Path]) -> Result<(), OutputError> {
    let resolved: Vec<PathBuf> = outputs.iter().map(|p| resolve(p)).collect();
    for (i, a) in resolved.iter().enumerate() {
        if let Some(j) = resolved[i + 1..].iter().position(|b| b == a) {
            return Err(OutputError::SameFile {
                first: outputs[i].to_path_buf(),
                second: outputs[i + 1 + j].to_path_buf(),
            });
        }
    }
    for (output, resolved) in outputs.iter().zip(&resolved) {
        if is_standard_output(output) || !resolved.is_file() {
            continue; // not there yet: the scan cannot read it
        }
        for root in read {
            let Ok(root_resolved) = root.canonicalize() else {
                continue; // the scan reports a missing root itself
            };
            let inside = if root_resolved.is_dir() {
                resolved.starts_with(&root_resolved)
            } else {
                *resolved == root_resolved
            };
            if inside && !is_vaultproof_output(resolved) {
                return Err(OutputError::ScannedFile {
                    path: output.to_path_buf(),
                    root: root.clone(),
                });
            }
        }
    }
    Ok(())
}

/// Writes a file atomically: `write` fills a temporary file in the same directory, which
/// is then renamed over `path`. On any error the temporary file is removed and `path` is
/// left as it was. An existing output that is not a regular file (`/dev/null`, `/dev/stdout`,
/// a FIFO) is written in place: renaming over a device would replace it with a file.
pub fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), OutputError> {
    let io = |source| OutputError::Io {
        path: path.to_path_buf(),
        source,
    };
    let special = std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir());
    if special {
        let file = std::fs::OpenOptions::new()
            .write(true)
            .open(path)
            .map_err(io)?;
        let mut out = std::io::BufWriter::new(file);
        return write(&mut out).and_then(|()| out.flush()).map_err(io);
    }
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .map_or_else(|| "report".into(), |n| n.to_string_lossy());
    let (temp, file) = create_temp(dir, &name).map_err(io)?;
    let result = (|| {
        let mut out = std::io::BufWriter::new(file);
        write(&mut out)?;
        let file = out.into_inner().map_err(|e| e.into_error())?;
        file.sync_all()?;
        drop(file);
        std::fs::rename(&temp, path)
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&temp);
        return Err(io(e));
    }
    Ok(())
}

/// A new temporary file `.NAME.PID.N.tmp` in `dir`.
fn create_temp(dir: &Path, name: &str) -> std::io::Result<(PathBuf, std::fs::File)> {
    let pid = std::process::id();
    for attempt in 0..1000u32 {
        let temp = dir.join(format!(".{name}.{pid}.{attempt}.tmp"));
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temp)
        {
            Ok(file) => return Ok((temp, file)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
    Err(std::io::Error::new(
        std::io::ErrorKind::AlreadyExists,
        "no free temporary file name",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fifo_or_device_output_is_written_in_place_not_replaced() {
        use std::os::unix::fs::FileTypeExt;
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("out.fifo");
        let c_path = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        // SAFETY: a valid NUL-terminated path and a plain mode.
        assert_eq!(unsafe { libc::mkfifo(c_path.as_ptr(), 0o600) }, 0);
        let reader = {
            let fifo = fifo.clone();
            std::thread::spawn(move || std::fs::read(fifo).unwrap())
        };
        write_atomically(&fifo, |out| out.write_all(b"report")).unwrap();
        assert_eq!(reader.join().unwrap(), b"report");
        let kind = std::fs::metadata(&fifo).unwrap().file_type();
        assert!(kind.is_fifo(), "the FIFO was replaced: {kind:?}");
    }

    #[test]
    fn outputs_inside_a_root_or_equal_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("repo");
        std::fs::create_dir(&root).unwrap();
        std::fs::write(root.join(".env"), "A=1\n").unwrap();
        let roots = vec![root.clone()];
        let env = root.join(".env");
        assert!(matches!(
            check_outputs(&roots, &[&env]),
            Err(OutputError::ScannedFile { .. })
        ));
        // Through a `..` detour and as a single-file root.
        let detour = root.join("sub/../.env");
        std::fs::create_dir(root.join("sub")).unwrap();
        assert!(check_outputs(&roots, &[&detour]).is_err());
        assert!(check_outputs(std::slice::from_ref(&env), &[&env]).is_err());
        // A new file, or a file outside every root, is fine.
        let fresh = root.join("report.json");
        let outside = dir.path().join("report.json");
        std::fs::write(&outside, "old").unwrap();
        assert!(check_outputs(&roots, &[&fresh, &outside]).is_ok());
        // The same file twice is refused, even spelled differently.
        let again = dir.path().join("repo/../report.json");
        assert!(matches!(
            check_outputs(&roots, &[&outside, &again]),
            Err(OutputError::SameFile { .. })
        ));
        // An earlier report in the root may be replaced.
        std::fs::write(
            &fresh,
            "{\n  \"schema_version\": 1,\n  \"tool\": {\n    \"name\": \"vaultproof\",",
        )
        .unwrap();
        assert!(check_outputs(&roots, &[&fresh]).is_ok());
        let text = root.join("report.txt");
        std::fs::write(
            &text,
            "critical GitHub token  ghp_…(40 chars)  fp:0123456789ab vp.github.pat.1\n\
             \n1 finding (1 critical)\n\
             scanned 3 files (0.0 MB) in 0.01 s; 0 skipped; 0 suppressed\n",
        )
        .unwrap();
        assert!(check_outputs(&roots, &[&text]).is_ok());
    }

    #[test]
    fn a_failed_write_leaves_the_old_file_and_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("report.json");
        std::fs::write(&path, "old report").unwrap();
        let failed = write_atomically(&path, |out: &mut dyn Write| {
            out.write_all(b"half a rep")?;
            Err(std::io::Error::other("interrupted"))
        });
        assert!(failed.is_err());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old report");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        write_atomically(&path, |out: &mut dyn Write| out.write_all(b"new")).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
