//! Markdown tables, as `pulldown-cmark` reads GitHub-flavoured Markdown: each body row is
//! a mapping from its table's column headers to its cells, so that a credential under a
//! `Password` or `API key` column (`| Service | User | Password |`, as runbooks and tickets
//! list accesses) is judged like a value under that key in a YAML file. The rest of a
//! Markdown file is prose, which the text rules read.

use std::sync::LazyLock;

use aho_corasick::AhoCorasick;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::{Node, Scalar};

/// Words a credential column's header holds; a file with none of them has no such table
/// and is not parsed.
pub(super) static CREDENTIAL_WORDS: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .build(["pass", "pwd", "secret", "token", "key", "credential"])
        .expect("literal patterns")
});

/// Whether `data` may hold a table with a credential column: a delimiter row (`|---`,
/// `| :--`) and a credential word somewhere. Cheap, so that most Markdown files (and their
/// versions in history) are never parsed.
pub(super) fn may_hold_credential_table(data: &[u8]) -> bool {
    let delimiter = [&b"|-"[..], b"| -", b"|:-", b"| :-"]
        .iter()
        .any(|d| memchr::memmem::find(data, d).is_some());
    delimiter && CREDENTIAL_WORDS.is_match(data)
}

/// Parses the tables of a Markdown file: a sequence of their body rows, each a mapping
/// from column header to cell (headers as written, cells without their backticks). A
/// file that is not UTF-8 or holds no table yields an empty sequence.
pub(super) fn parse(data: &[u8]) -> Node {
    let mut rows = Vec::new();
    let Ok(text) = std::str::from_utf8(data) else {
        return Node::Seq(rows);
    };
    if !may_hold_credential_table(data) {
        return Node::Seq(rows);
    }
    let mut headers: Vec<(String, usize)> = Vec::new();
    let mut in_head = false;
    // The current cell: its header text (in the head) and the span of its content.
    let mut cell_text = String::new();
    let mut cell_span: Option<(usize, usize)> = None;
    let mut cell_start = 0;
    let mut row: Vec<(String, usize, Node)> = Vec::new();
    for (event, range) in Parser::new_ext(text, Options::ENABLE_TABLES).into_offset_iter() {
        match event {
            Event::Start(Tag::Table(_)) => headers.clear(),
            Event::Start(Tag::TableHead) => in_head = true,
            Event::End(TagEnd::TableHead) => {
                in_head = false;
                first_column_names_rows(&mut headers);
                name_value_columns(&mut headers);
            }
            Event::Start(Tag::TableCell) => {
                cell_text.clear();
                cell_span = None;
                cell_start = range.start;
            }
            Event::Text(ref piece) | Event::Code(ref piece) => {
                let (start, end) = content_span(data, range.start, range.end);
                cell_text.push_str(piece);
                cell_span = Some(match cell_span {
                    Some((s, e)) => (s.min(start), e.max(end)),
                    None => (start, end),
                });
            }
            Event::End(TagEnd::TableCell) => {
                if in_head {
                    headers.push((cell_text.trim().to_string(), cell_start));
                } else if let (Some((header, _)), Some((start, end))) =
                    (headers.get(row.len()), cell_span)
                {
                    let scalar = Scalar::verbatim(data, start, end);
                    row.push((header.clone(), start, Node::Scalar(scalar)));
                } else {
                    // An empty cell keeps the columns of the cells after it in place.
                    let header = headers.get(row.len()).map_or("", |(h, _)| h.as_str());
                    let scalar = Scalar::verbatim(data, cell_start, cell_start);
                    row.push((header.to_string(), cell_start, Node::Scalar(scalar)));
                }
            }
            Event::End(TagEnd::TableRow) => {
                row.retain(|(header, _, _)| !header.is_empty());
                rows.push(Node::Map(std::mem::take(&mut row)));
            }
            _ => {}
        }
    }
    Node::Seq(rows)
}

/// A table of settings (`| Setting | Value |`, `| Variable | Value | Notes |`) names each
/// value by its row's first cell: its first column and its `Value` column become `name`
/// and `value`, the pair the walk judges a value under its name by.
pub(super) fn name_value_columns(headers: &mut [(String, usize)]) {
    let Some(value) = headers
        .iter()
        .position(|(h, _)| h.eq_ignore_ascii_case("value"))
    else {
        return;
    };
    if value > 0 {
        headers[0].0 = "name".to_string();
        headers[value].0 = "value".to_string();
    }
}

/// A Markdown table's first column headed by a bare `Token` or `Key` names its rows (a
/// design system's `| Token | Duration | Usage |` with `short1`, `medium2`; a
/// `| Key | Description |` table of settings): a page listing credentials heads their
/// column with what they are for (`API token`) or puts them after the row's name. (A CSV
/// export may well list tokens first, and keeps its header.)
fn first_column_names_rows(headers: &mut [(String, usize)]) {
    if let [(first, _), _, ..] = headers {
        if ["token", "tokens", "key", "keys"]
            .iter()
            .any(|word| first.eq_ignore_ascii_case(word))
        {
            *first = "name".to_string();
        }
    }
}

/// The span of a text or inline-code piece's content: inside its backticks.
fn content_span(data: &[u8], start: usize, end: usize) -> (usize, usize) {
    let piece = &data[start..end];
    let lead = piece.iter().take_while(|&&b| b == b'`').count();
    let trail = piece[lead..]
        .iter()
        .rev()
        .take_while(|&&b| b == b'`')
        .count();
    (start + lead, end - trail)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (header, value) of every cell of every row.
    fn cells(text: &str) -> Vec<Vec<(String, String)>> {
        let Node::Seq(rows) = parse(text.as_bytes()) else {
            panic!("a sequence");
        };
        rows.iter()
            .map(|row| {
                let Node::Map(items) = row else {
                    panic!("a row")
                };
                items
                    .iter()
                    .map(|(header, _, node)| {
                        let Node::Scalar(s) = node else {
                            panic!("a cell")
                        };
                        assert_eq!(&text.as_bytes()[s.offset..s.raw_end], &s.value[..]);
                        (
                            header.clone(),
                            String::from_utf8_lossy(&s.value).into_owned(),
                        )
                    })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn body_rows_map_headers_to_cells_without_backticks() {
        let text = "# Accesses\n\n| Service | User | **Password** |\n|---|:---|---|\n| billing-db | billing | `Tq8vWz3mKp5xR2` |\n| ledger | | Hs8qZ2vN5xKd |\n";
        let pair = |h: &str, v: &str| (h.to_string(), v.to_string());
        assert_eq!(
            cells(text),
            vec![
                vec![
                    pair("Service", "billing-db"),
                    pair("User", "billing"),
                    pair("Password", "Tq8vWz3mKp5xR2")
                ],
                vec![
                    pair("Service", "ledger"),
                    pair("User", ""),
                    pair("Password", "Hs8qZ2vN5xKd")
                ],
            ]
        );
    }

    #[test]
    fn a_settings_table_pairs_each_value_with_its_row_name() {
        let text = "| Setting | Value | Notes |\n|---|---|---|\n| API key | Rk3vZ8qLm2Xt9Wb4Nc7P | prod |\n";
        let pair = |h: &str, v: &str| (h.to_string(), v.to_string());
        assert_eq!(
            cells(text),
            vec![vec![
                pair("name", "API key"),
                pair("value", "Rk3vZ8qLm2Xt9Wb4Nc7P"),
                pair("Notes", "prod")
            ]]
        );
    }

    #[test]
    fn a_first_column_headed_token_names_its_rows() {
        let text = "| Token | Duration | Usage |\n|---|---|---|\n| short1 | 50ms | Ripple |\n";
        let pair = |h: &str, v: &str| (h.to_string(), v.to_string());
        assert_eq!(
            cells(text),
            vec![vec![
                pair("name", "short1"),
                pair("Duration", "50ms"),
                pair("Usage", "Ripple")
            ]]
        );
        // A later column headed `Token` holds tokens.
        let text = "| Service | Token |\n|---|---|\n| billing | Rk3vZ8qLm2Xt9Wb4Nc7P |\n";
        assert_eq!(
            cells(text),
            vec![vec![
                pair("Service", "billing"),
                pair("Token", "Rk3vZ8qLm2Xt9Wb4Nc7P")
            ]]
        );
    }

    #[test]
    fn files_without_a_credential_table_are_not_parsed() {
        assert!(cells("| Name | Size |\n|---|---|\n| a | 1 |\n").is_empty());
        assert!(cells("The password is in the vault.\n").is_empty());
    }
}
