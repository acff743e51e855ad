//! The JSON report: the [`Report`] model, pretty-printed.

use std::io::Write;

use super::Report;

/// Writes `report` as pretty JSON followed by a newline.
pub fn write(report: &Report, mut out: impl Write) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut out, report)?;
    out.write_all(b"\n")
}
