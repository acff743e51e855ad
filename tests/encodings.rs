//! Encodings: UTF-16 files with a byte order mark (as Windows PowerShell writes them) are
//! decoded and scanned, with the secret on its own line, instead of being skipped as binary.

use std::fs;

use crate::common::{finding_locations, scan_json};

fn utf16(text: &str, little_endian: bool) -> Vec<u8> {
    let mut out = if little_endian {
        vec![0xFF, 0xFE]
    } else {
        vec![0xFE, 0xFF]
    };
    for unit in text.encode_utf16() {
        out.extend(if little_endian {
            unit.to_le_bytes()
        } else {
            unit.to_be_bytes()
        });
    }
    out
}

#[test]
fn utf16_files_with_a_bom_are_scanned_not_skipped() {
    let dir = tempfile::tempdir().unwrap();
    // Generated at random for this test.
    let le = "# setup.ps1\r\n$env:SRC_ACCESS_TOKEN = \"sgp_d31d82a0ae7d3d19_91fcf9f7cf89cc4bdfbb7a3a3fa596cc91f51cbd\"\r\n";
    let be = "rem setup\r\nset SRC_ACCESS_TOKEN=sgp_50629c6ce8e7fc37_576ee5425889562b1d0e964dc798abdf47eb81bd\r\n";
    fs::write(dir.path().join("setup.ps1"), utf16(le, true)).unwrap();
    fs::write(dir.path().join("setup.cmd"), utf16(be, false)).unwrap();
    let (code, report, stderr) = scan_json(&[dir.path().to_str().unwrap(), "--no-history"]);
    assert_eq!(code, 1, "{stderr}");
    let found = finding_locations(&report);
    for file in ["setup.ps1", "setup.cmd"] {
        assert!(
            found.contains(&(
                file.to_string(),
                2,
                "vp.sourcegraph.access-token.1".to_string()
            )),
            "{file}: {found:?}"
        );
    }
    assert!(report["skipped"].as_array().unwrap().is_empty(), "{report}");
}
