//! Text encodings other than UTF-8 that credentials are written in: UTF-16 with a byte
//! order mark, as Windows PowerShell (`Out-File`, `>` redirection) and many Windows tools
//! write text. Such a file has a NUL in every other byte and would otherwise be skipped as
//! binary; it is decoded to UTF-8 (line for line, so line numbers hold) and scanned.

/// Whether `data` starts with a UTF-16 byte order mark (`FF FE` or `FE FF`): text with a
/// NUL in every other byte, not binary.
pub fn has_utf16_bom(data: &[u8]) -> bool {
    matches!(data, [0xFF, 0xFE, ..] | [0xFE, 0xFF, ..])
}

/// If `data` starts with a UTF-16 byte order mark (`FF FE` little-endian, `FE FF`
/// big-endian), decodes the rest into `out` as UTF-8 (unpaired surrogates become U+FFFD)
/// and returns `true`; otherwise leaves `out` alone and returns `false`.
///
/// # Example
/// ```
/// let mut out = Vec::new();
/// let utf16le = [0xFF, 0xFE, b'k', 0, b'=', 0, b'v', 0];
/// assert!(vaultproof::source::encoding::decode_utf16_bom(&utf16le, &mut out));
/// assert_eq!(out, b"k=v");
/// ```
pub fn decode_utf16_bom(data: &[u8], out: &mut Vec<u8>) -> bool {
    let little_endian = match data {
        [0xFF, 0xFE, ..] => true,
        [0xFE, 0xFF, ..] => false,
        _ => return false,
    };
    let units = data[2..].chunks_exact(2).map(|pair| {
        let bytes = [pair[0], pair[1]];
        if little_endian {
            u16::from_le_bytes(bytes)
        } else {
            u16::from_be_bytes(bytes)
        }
    });
    out.clear();
    out.reserve(data.len() / 2);
    let mut utf8 = [0u8; 4];
    for decoded in char::decode_utf16(units) {
        let c = decoded.unwrap_or(char::REPLACEMENT_CHARACTER);
        out.extend_from_slice(c.encode_utf8(&mut utf8).as_bytes());
    }
    true
}

#[cfg(test)]
mod tests {
    use super::decode_utf16_bom;

    fn encode(text: &str, little_endian: bool) -> Vec<u8> {
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
    fn little_and_big_endian_with_bom_decode_line_for_line() {
        let text = "# deploy\r\n$env:API_TOKEN = \"Zq8Lm3Vn7Xc2\"\r\nnaïve → ok\r\n";
        for le in [true, false] {
            let mut out = Vec::new();
            assert!(decode_utf16_bom(&encode(text, le), &mut out));
            assert_eq!(String::from_utf8(out).unwrap(), text);
        }
    }

    #[test]
    fn text_without_a_bom_is_left_alone() {
        let mut out = b"untouched".to_vec();
        assert!(!decode_utf16_bom(b"k=v\n", &mut out));
        assert!(!decode_utf16_bom(&[0xEF, 0xBB, 0xBF, b'k'], &mut out));
        assert_eq!(out, b"untouched");
    }

    #[test]
    fn an_odd_trailing_byte_and_a_lone_surrogate_do_not_panic() {
        let mut out = Vec::new();
        assert!(decode_utf16_bom(
            &[0xFF, 0xFE, 0x00, 0xD8, b'a', 0, 7],
            &mut out
        ));
        assert_eq!(String::from_utf8(out).unwrap(), "\u{FFFD}a");
    }
}
