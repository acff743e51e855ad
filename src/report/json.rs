//! The JSON report: the [`Report`] model, pretty-printed, and read back.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::Report;

/// Writes `report` as pretty JSON followed by a newline.
pub fn write(report: &Report, mut out: impl Write) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut out, report)?;
    out.write_all(b"\n")
}

/// Why a JSON report could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The file could not be read.
    #[error("{path}: cannot read the report: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// What went wrong.
        source: std::io::Error,
    },
    /// The file is not a vaultproof JSON report of a layout this build reads.
    #[error("{path}: not a vaultproof JSON report: {message}")]
    Parse {
        /// The file.
        path: PathBuf,
        /// What serde said (line and column; never the file's content).
        message: String,
    },
}

/// Reads a JSON report written by `--format json` (or `--json FILE`).
pub fn read(path: &Path) -> Result<Report, ReadError> {
    let bytes = std::fs::read(path).map_err(|source| ReadError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    serde_json::from_slice(&bytes).map_err(|e| ReadError::Parse {
        path: path.to_path_buf(),
        message: format!(
            "{} at line {} column {}",
            classify(&e),
            e.line(),
            e.column()
        ),
    })
}

/// serde's error category without its message, which can quote the input.
fn classify(e: &serde_json::Error) -> &'static str {
    match e.classify() {
        serde_json::error::Category::Io => "I/O error",
        serde_json::error::Category::Syntax => "invalid JSON",
        serde_json::error::Category::Data => "unexpected or missing field",
        serde_json::error::Category::Eof => "unexpected end of file",
    }
}
