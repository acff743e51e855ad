//! Line formats with sections or blocks: INI / `.cfg` / `my.cnf` / Java `.properties`
//! (`key = value`, `key: value`, `[section]`, `;`/`#`/`!` comments, `\` continuations),
//! and Terraform `.tfvars` (HCL assignments `name = "value"`, nested `name = { … }`
//! blocks, heredocs skipped). Line parsers, since these are line formats; an HCL crate
//! would be needed for full HCL, which `.tfvars` files rarely use.

use super::{Node, Scalar, MAX_DEPTH};

/// A mapping's items: key, key offset, value.
type Items = Vec<(String, usize, Node)>;

/// Parses INI / properties text into one mapping; sections become nested mappings.
pub(super) fn parse_ini(data: &[u8]) -> Node {
    let mut root: Items = Vec::new();
    let mut section: Option<(String, usize, Items)> = None;
    let mut pos = 0;
    while pos < data.len() {
        let line_end = memchr::memchr(b'\n', &data[pos..]).map_or(data.len(), |i| pos + i);
        let mut at = pos;
        while at < line_end && data[at].is_ascii_whitespace() {
            at += 1;
        }
        let line = &data[at..line_end];
        let next = line_end + 1;
        if line.is_empty() || b";#!".contains(&line[0]) {
            pos = next;
            continue;
        }
        if line[0] == b'[' {
            if let Some(close) = memchr::memchr(b']', line) {
                if let Some((name, offset, items)) = section.take() {
                    root.push((name, offset, Node::Map(items)));
                }
                let name = crate::escape::name(&line[1..close]).trim().to_string();
                section = Some((name, at, Vec::new()));
            }
            pos = next;
            continue;
        }
        let Some(sep) = line.iter().position(|&b| b == b'=' || b == b':') else {
            pos = next;
            continue;
        };
        let key = crate::escape::name(&line[..sep]).trim().to_string();
        let mut start = at + sep + 1;
        while start < line_end && (data[start] == b' ' || data[start] == b'\t') {
            start += 1;
        }
        let mut end = line_end;
        while end > start && data[end - 1].is_ascii_whitespace() {
            end -= 1;
        }
        // `\` continuation lines (properties): join them, the value is then not verbatim.
        // Blanks before a `\` are the wrap's, not the value's: a base64 secret wrapped as
        // `…KKFs \` then `AmKd…==` (certbot's TSIG secret) is one run of base64.
        let mut scalar;
        let mut pos_after = next;
        if end > start && data[end - 1] == b'\\' {
            let mut value = data[start..end - 1].trim_ascii_end().to_vec();
            let mut cursor = next;
            loop {
                if cursor >= data.len() {
                    break;
                }
                let e = memchr::memchr(b'\n', &data[cursor..]).map_or(data.len(), |i| cursor + i);
                let text = String::from_utf8_lossy(&data[cursor..e]);
                let trimmed = text.trim();
                pos_after = e + 1;
                if let Some(part) = trimmed.strip_suffix('\\') {
                    value.extend_from_slice(part.trim_end().as_bytes());
                    cursor = e + 1;
                } else {
                    value.extend_from_slice(trimmed.as_bytes());
                    break;
                }
            }
            scalar = Scalar::decoded(data, start, end, value);
            scalar.verbatim = false;
        } else {
            // Strip matching quotes.
            let (mut s, mut e) = (start, end);
            if e > s + 1 && (data[s] == b'"' || data[s] == b'\'') && data[e - 1] == data[s] {
                s += 1;
                e -= 1;
            }
            scalar = if has_unicode_escape(&data[s..e]) {
                // A `.properties` file's `\uXXXX` (`password=\u5bc6\u7801`, an i18n
                // bundle's "密码"): the value is its decoded text.
                Scalar::decoded(data, s, e, crate::finding::unescape(&data[s..e]).to_vec())
            } else if std::str::from_utf8(&data[s..e]).is_err() {
                // Not UTF-8: Java reads `.properties` as ISO-8859-1, and so do INI
                // files written on Windows (`noToken=Ung\xfcltige Syntax`, a German
                // bundle); the value is its Latin-1 text, so its words stay words.
                Scalar::decoded(data, s, e, latin1_to_utf8(&data[s..e]))
            } else {
                Scalar::verbatim(data, s, e)
            };
        }
        let item = (key, at, Node::Scalar(scalar));
        match &mut section {
            Some((_, _, items)) => items.push(item),
            None => root.push(item),
        }
        pos = pos_after;
    }
    if let Some((name, offset, items)) = section {
        root.push((name, offset, Node::Map(items)));
    }
    Node::Map(root)
}

/// Whether a value holds a `\uXXXX` escape, as Java `.properties` files write every
/// letter beyond Latin-1.
fn has_unicode_escape(value: &[u8]) -> bool {
    memchr::memmem::find_iter(value, b"\\u").any(|at| {
        value
            .get(at + 2..at + 6)
            .is_some_and(|digits| digits.iter().all(u8::is_ascii_hexdigit))
    })
}

/// The UTF-8 text of Latin-1 (ISO-8859-1) bytes: each byte is the code point of
/// the same number.
fn latin1_to_utf8(bytes: &[u8]) -> Vec<u8> {
    bytes
        .iter()
        .map(|&b| char::from(b))
        .collect::<String>()
        .into_bytes()
}

/// Parses `.tfvars` assignments into one mapping; `name = {` opens a nested mapping
/// (bounded by [`MAX_DEPTH`]), `}` closes it, heredocs are skipped.
pub(super) fn parse_hcl(data: &[u8]) -> Node {
    let mut stack: Vec<(String, usize, Items)> = vec![(String::new(), 0, Vec::new())];
    let mut pos = 0;
    while pos < data.len() {
        let line_end = memchr::memchr(b'\n', &data[pos..]).map_or(data.len(), |i| pos + i);
        let mut at = pos;
        while at < line_end && data[at].is_ascii_whitespace() {
            at += 1;
        }
        let line = &data[at..line_end];
        pos = line_end + 1;
        if line.is_empty() || line[0] == b'#' || line.starts_with(b"//") {
            continue;
        }
        if line[0] == b'}' || line[0] == b']' {
            if stack.len() > 1 {
                let (name, offset, items) = stack.pop().expect("non-empty");
                stack
                    .last_mut()
                    .expect("root stays")
                    .2
                    .push((name, offset, Node::Map(items)));
            }
            continue;
        }
        let Some(eq) = line.iter().position(|&b| b == b'=' || b == b':') else {
            continue;
        };
        let key = crate::escape::name(&line[..eq])
            .trim()
            .trim_matches('"')
            .to_string();
        let mut start = at + eq + 1;
        while start < line_end && (data[start] == b' ' || data[start] == b'\t') {
            start += 1;
        }
        let mut end = line_end;
        while end > start && (data[end - 1].is_ascii_whitespace() || data[end - 1] == b',') {
            end -= 1;
        }
        let value = &data[start..end];
        if value == b"{" || value == b"[" {
            if stack.len() < MAX_DEPTH {
                stack.push((key, at, Vec::new()));
            }
            continue;
        }
        if let Some(marker) = value.strip_prefix(b"<<") {
            // Heredoc: skip to the terminator line.
            let marker = String::from_utf8_lossy(marker)
                .trim_start_matches('-')
                .trim()
                .to_string();
            while pos < data.len() {
                let e = memchr::memchr(b'\n', &data[pos..]).map_or(data.len(), |i| pos + i);
                let done = String::from_utf8_lossy(&data[pos..e]).trim() == marker;
                pos = e + 1;
                if done {
                    break;
                }
            }
            continue;
        }
        let scalar = if end > start + 1 && data[start] == b'"' && data[end - 1] == b'"' {
            let inner = &data[start + 1..end - 1];
            let mut decoded = Vec::with_capacity(inner.len());
            let mut i = 0;
            while i < inner.len() {
                if inner[i] == b'\\' && i + 1 < inner.len() {
                    decoded.push(match inner[i + 1] {
                        b'n' => b'\n',
                        b't' => b'\t',
                        other => other,
                    });
                    i += 2;
                } else {
                    decoded.push(inner[i]);
                    i += 1;
                }
            }
            Scalar::decoded(data, start + 1, end - 1, decoded)
        } else {
            Scalar::verbatim(data, start, end)
        };
        stack
            .last_mut()
            .expect("root stays")
            .2
            .push((key, at, Node::Scalar(scalar)));
    }
    while stack.len() > 1 {
        let (name, offset, items) = stack.pop().expect("non-empty");
        stack
            .last_mut()
            .expect("root stays")
            .2
            .push((name, offset, Node::Map(items)));
    }
    Node::Map(stack.pop().map(|(_, _, items)| items).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flat(node: &Node, path: &str, out: &mut Vec<(String, String)>) {
        match node {
            Node::Map(items) => {
                for (k, _, n) in items {
                    let p = if path.is_empty() {
                        k.clone()
                    } else {
                        format!("{path}.{k}")
                    };
                    flat(n, &p, out);
                }
            }
            Node::Scalar(s) => {
                out.push((path.to_string(), String::from_utf8_lossy(&s.value).into()))
            }
            _ => {}
        }
    }

    /// A `.properties` file's `\uXXXX` escapes are read as the text they write; a value
    /// without one is taken as written (a Windows path keeps its backslashes).
    #[test]
    fn properties_unicode_escapes_are_decoded() {
        let text =
            "password=\\u5bc6\\u7801\nnewPassword=\\u65b0\\u5bc6\\u7801\npath=C:\\new\\tmp\n";
        let mut out = Vec::new();
        flat(&parse_ini(text.as_bytes()), "", &mut out);
        assert_eq!(
            out,
            [
                ("password".to_string(), "密码".to_string()),
                ("newPassword".to_string(), "新密码".to_string()),
                ("path".to_string(), "C:\\new\\tmp".to_string()),
            ]
        );
    }

    /// A value that is not UTF-8 is read as Latin-1, as Java reads `.properties`
    /// files; a UTF-8 value is taken as written.
    #[test]
    fn a_value_that_is_not_utf8_is_read_as_latin1() {
        let text = b"noToken=Ung\xfcltige Syntax\nname=Gr\xc3\xbc\xc3\x9fe\n";
        let mut out = Vec::new();
        flat(&parse_ini(text), "", &mut out);
        assert_eq!(
            out,
            [
                ("noToken".to_string(), "Ungültige Syntax".to_string()),
                ("name".to_string(), "Grüße".to_string()),
            ]
        );
    }

    #[test]
    fn ini_sections_properties_and_continuations() {
        let text = "; c\nglobal=1\n[client]\npassword = \"s3cr3t-Pw\"\nhost: db.internal\n[x]\nlong = a\\\n  b\nwrapped = 4q4w/KKFs \\\nAmKd== \\\n  9Z\n";
        let mut out = Vec::new();
        flat(&parse_ini(text.as_bytes()), "", &mut out);
        assert_eq!(
            out,
            vec![
                ("global".into(), "1".into()),
                ("client.password".into(), "s3cr3t-Pw".into()),
                ("client.host".into(), "db.internal".into()),
                ("x.long".into(), "ab".into()),
                // blanks before a `\` are the wrap's
                ("x.wrapped".into(), "4q4w/KKFsAmKd==9Z".into()),
            ]
        );
    }

    #[test]
    fn tfvars_assignments_and_blocks() {
        let text = "db_password = \"hunter2-prod\"\ntags = {\n  owner = \"ops\"\n}\npolicy = <<EOF\n{ \"a\": 1 }\nEOF\nregion = \"eu-west-1\"\n";
        let mut out = Vec::new();
        flat(&parse_hcl(text.as_bytes()), "", &mut out);
        assert_eq!(
            out,
            vec![
                ("db_password".into(), "hunter2-prod".into()),
                ("tags.owner".into(), "ops".into()),
                ("region".into(), "eu-west-1".into()),
            ]
        );
    }
}
