//! CSV and TSV files whose header names a credential column: password-manager exports
//! (LastPass, Bitwarden, Chrome, 1Password), account lists, the AWS console's
//! `credentials.csv`. Each data row is a mapping from the column headers to its cells, as
//! a Markdown table's is, so that a value under a `password`, `login_password` or `Secret
//! access key` column is judged like a value under that key in a YAML file.

use super::markdown::{name_value_columns, CREDENTIAL_WORDS};
use super::{Node, Scalar};

/// Whether the header line of `data` holds a credential word; a file without one has no
/// credential column and is not parsed (most CSV files are data).
pub(super) fn may_hold_credential_column(data: &[u8]) -> bool {
    let header = &data[..memchr::memchr(b'\n', data).unwrap_or(data.len())];
    CREDENTIAL_WORDS.is_match(header)
}

/// Parses the rows of a CSV (`delimiter` `,`) or TSV (`\t`) file under its header row: a
/// sequence of mappings from header to non-empty cell. A row the reader rejects ends the
/// parse (the rows before it are kept); a file with no credential column yields nothing.
pub(super) fn parse(data: &[u8], delimiter: u8) -> Node {
    let mut rows = Vec::new();
    if !may_hold_credential_column(data) {
        return Node::Seq(rows);
    }
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(data);
    let mut headers: Vec<(String, usize)> = match reader.byte_headers() {
        Ok(names) => names
            .iter()
            .map(|name| (String::from_utf8_lossy(name).trim().to_string(), 0))
            .collect(),
        Err(_) => return Node::Seq(rows),
    };
    name_value_columns(&mut headers);
    let mut record = csv::ByteRecord::new();
    while let Ok(true) = reader.read_byte_record(&mut record) {
        let Some(start) = record.position().map(|p| p.byte() as usize) else {
            continue;
        };
        let end = (reader.position().byte() as usize).min(data.len());
        let mut from = start.min(end);
        let mut row = Vec::new();
        for ((header, _), cell) in headers.iter().zip(record.iter()) {
            if cell.is_empty() {
                continue;
            }
            // A cell is found as written in its record unless quoting changed it (`""`).
            let scalar = match memchr::memmem::find(&data[from..end], cell) {
                Some(i) => {
                    let cell_start = from + i;
                    from = cell_start + cell.len();
                    Scalar::verbatim(data, cell_start, from)
                }
                None => Scalar::decoded(data, from, from, cell.to_vec()),
            };
            row.push((header.clone(), scalar.offset, Node::Scalar(scalar)));
        }
        rows.push(Node::Map(row));
    }
    Node::Seq(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (header, cell, offset) of every cell of every row.
    fn cells(text: &str, delimiter: u8) -> Vec<Vec<(String, String, usize)>> {
        let Node::Seq(rows) = parse(text.as_bytes(), delimiter) else {
            panic!("not a sequence");
        };
        rows.iter()
            .map(|row| {
                let Node::Map(items) = row else {
                    panic!("not a map")
                };
                items
                    .iter()
                    .map(|(header, _, node)| {
                        let Node::Scalar(s) = node else {
                            panic!("not a scalar")
                        };
                        (
                            header.clone(),
                            String::from_utf8(s.value.to_vec()).unwrap(),
                            s.offset,
                        )
                    })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn rows_map_headers_to_cells_at_their_offsets() {
        let text = "url,username,password\nhttps://erp.test,ops,\"Hq7v,N2xL9\"\n";
        let rows = cells(text, b',');
        assert_eq!(rows.len(), 1);
        let password = &rows[0][2];
        assert_eq!(
            (password.0.as_str(), password.1.as_str()),
            ("password", "Hq7v,N2xL9")
        );
        assert_eq!(&text[password.2..password.2 + 10], "Hq7v,N2xL9");
        let tsv = cells("service\tpassword\nstripe\tRk9vT3wL7mQ2\n", b'\t');
        assert_eq!(tsv[0][1].1, "Rk9vT3wL7mQ2");
    }

    #[test]
    fn a_file_without_a_credential_column_is_not_parsed() {
        assert!(cells("date,amount\n2026-01-01,12\n", b',').is_empty());
    }
}
