//! Printing what a hostile repository controls (file names, author names, ref names, key
//! paths, rule names from its own config) safely, in one place every renderer uses:
//!
//! - [`terminal`]: control characters (C0, DEL, C1) and the invisible formatting
//!   characters that reorder or hide text (bidi overrides, zero-width marks) are shown as
//!   escapes, so a name can neither move the cursor, recolour the screen, nor pose as
//!   another name.
//! - [`csv_cell`]: a cell that a spreadsheet would run as a formula (it starts with `=`,
//!   `+`, `-`, `@`, a tab or a carriage return) gets a leading `'`.
//! - [`name`]: bytes of a name (a path on a unix filesystem, a git author) as text without
//!   losing any byte: valid UTF-8 is kept, a backslash is written `\\` and every byte that
//!   is not UTF-8 is written `\xNN`, so JSON reports carry names exactly instead of with
//!   U+FFFD replacement characters.

use std::borrow::Cow;
use std::fmt::Write as _;

/// `text` with every control or invisible formatting character escaped for a terminal:
/// `\n`, `\r`, `\t`, `\x1b`-style for other ASCII controls, `\u{202e}`-style for the rest.
/// Borrowed (no copy) when there is nothing to escape.
///
/// # Example
/// ```
/// use vaultproof::escape::terminal;
/// assert_eq!(terminal("src/.env"), "src/.env");
/// assert_eq!(terminal("a\x1b[2Jb\n"), "a\\x1b[2Jb\\n");
/// assert_eq!(terminal("evil\u{202e}txt.exe"), "evil\\u{202e}txt.exe");
/// ```
pub fn terminal(text: &str) -> Cow<'_, str> {
    if !text.chars().any(needs_terminal_escape) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if !needs_terminal_escape(c) {
            out.push(c);
            continue;
        }
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x80 => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
        }
    }
    Cow::Owned(out)
}

/// Whether a character must not reach a terminal as it is.
fn needs_terminal_escape(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{061c}'               // Arabic letter mark
            | '\u{200b}'..='\u{200f}' // zero-width marks, LRM, RLM
            | '\u{2028}'..='\u{202e}' // line/paragraph separators, bidi embeddings/overrides
            | '\u{2060}'..='\u{2069}' // word joiner, invisible operators, bidi isolates
            | '\u{feff}'              // zero-width no-break space
        )
}

/// `cell` made inert for spreadsheets: a leading `'` when it starts with `=`, `+`, `-`,
/// `@`, a tab or a carriage return (what Excel, LibreOffice and Sheets run as a formula).
/// Borrowed when nothing is needed.
///
/// # Example
/// ```
/// use vaultproof::escape::csv_cell;
/// assert_eq!(csv_cell("=HYPERLINK(\"http://x\")"), "'=HYPERLINK(\"http://x\")");
/// assert_eq!(csv_cell("agents/ws1/.env:3"), "agents/ws1/.env:3");
/// ```
pub fn csv_cell(cell: &str) -> Cow<'_, str> {
    match cell.as_bytes().first() {
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r') => Cow::Owned(format!("'{cell}")),
        _ => Cow::Borrowed(cell),
    }
}

/// A name's bytes as text, losslessly: valid UTF-8 is kept; when the bytes are not all
/// valid UTF-8, a backslash is written `\\` and each byte that is not part of a valid
/// UTF-8 sequence is written `\xNN` (lowercase hex). Names that are valid UTF-8 (nearly
/// all) come back unchanged and borrowed; the others can be decoded back to their exact
/// bytes (a name holding `\x` escapes is always one that had invalid bytes, since only
/// such names have their backslashes doubled).
///
/// # Example
/// ```
/// use vaultproof::escape::name;
/// assert_eq!(name(b"src/main.rs"), "src/main.rs");
/// assert_eq!(name(b"caf\xe9\\x.env"), "caf\\xe9\\\\x.env");
/// ```
pub fn name(bytes: &[u8]) -> Cow<'_, str> {
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(bytes.len() + 8);
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            if c == '\\' {
                out.push_str("\\\\");
            } else {
                out.push(c);
            }
        }
        for b in chunk.invalid() {
            let _ = write!(out, "\\x{b:02x}");
        }
    }
    Cow::Owned(out)
}

/// A path (or any OS string) as text, losslessly (see [`name`]).
pub fn os_name(path: &std::ffi::OsStr) -> Cow<'_, str> {
    name(path.as_encoded_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Decodes [`name`]'s output back to bytes (the test of losslessness).
    fn decode(text: &str) -> Vec<u8> {
        let bytes = text.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'\\' && bytes.get(i + 1) == Some(&b'\\') {
                out.push(b'\\');
                i += 2;
            } else if bytes[i] == b'\\' && bytes.get(i + 1) == Some(&b'x') {
                let hex = std::str::from_utf8(&bytes[i + 2..i + 4]).unwrap();
                out.push(u8::from_str_radix(hex, 16).unwrap());
                i += 4;
            } else {
                out.push(bytes[i]);
                i += 1;
            }
        }
        out
    }

    #[test]
    fn names_with_invalid_utf8_round_trip_exactly() {
        for raw in [
            &b"plain/name.txt"[..],
            b"\xff\xfe",
            b"caf\xe9/.env",
            b"back\\slash\x80",
            b"lit\\xff\xc3",
            "ok-é".as_bytes(),
        ] {
            let text = name(raw);
            assert!(!text.contains('\u{fffd}'), "{text}");
            if std::str::from_utf8(raw).is_err() {
                assert_eq!(decode(&text), raw, "{text}");
            } else {
                assert_eq!(text.as_bytes(), raw);
            }
        }
        // Two different invalid names never print the same.
        assert_ne!(name(b"a\\xff\x80"), name(b"a\xff\x80"));
    }

    #[test]
    fn terminal_escapes_every_control_and_bidi_character() {
        for c in (0u32..0x20).chain([0x7f, 0x85, 0x9b, 0x202e, 0x2066, 0x200b, 0xfeff]) {
            let c = char::from_u32(c).unwrap();
            let text = format!("a{c}b");
            let shown = terminal(&text);
            assert!(!shown.contains(c), "{:#x}", c as u32);
            assert!(shown.starts_with('a') && shown.ends_with('b'));
        }
        assert!(matches!(terminal("agents/ws1/.env"), Cow::Borrowed(_)));
        assert_eq!(terminal("ok é 日本"), "ok é 日本");
    }

    #[test]
    fn csv_cells_that_start_a_formula_are_neutralised() {
        for cell in ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(csv_cell(cell), format!("'{cell}"));
        }
        for cell in ["", "stripe", "a=b", "api[.]stripe[.]com"] {
            assert_eq!(csv_cell(cell), cell);
        }
    }
}
