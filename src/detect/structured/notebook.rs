//! Jupyter notebooks: the JSON document is parsed by the JSON module; here each line of
//! each cell's `source` and each output's text is read for assignments
//! (`api_key = "…"`, `os.environ["DB_PASSWORD"] = "…"`, `%env TOKEN=…`, `KEY=value`
//! printed by a cell), judged like any other key and value.

use std::sync::LazyLock;

use regex::bytes::Regex;
use zeroize::Zeroizing;

use super::{map_get, Entry, Node, Scalar, Walked};

/// An assignment in a line of code or output: the name, then a quoted or bare value.
static ASSIGNMENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?x)
        ^\s*(?:%env\s+|!?export\s+|os\.environ\[\s*|os\.environ\.setdefault\(\s*)?
        ["']?(?P<key>[A-Za-z_][A-Za-z0-9_]*)["']?\s*\]?\s*(?:[:=]|,)\s*
        (?:"(?P<dq>[^"\n]*)"|'(?P<sq>[^'\n]*)'|(?P<bare>[^\s"'\#,()\[\]]+)\s*(?:\#.*)?$)
        "#,
    )
    .expect("valid assignment regex")
});

/// Walks a notebook's cells and outputs into entries.
pub(super) fn walk(doc: &Node, out: &mut Walked) {
    let Node::Map(items) = doc else { return };
    let Some(Node::Seq(cells)) = map_get(items, "cells") else {
        return;
    };
    for (c, cell) in cells.iter().enumerate() {
        let Node::Map(cell) = cell else { continue };
        let object = format!("cells[{c}]");
        if let Some(source) = map_get(cell, "source") {
            lines(source, &format!("cells[{c}].source"), &object, out);
        }
        let Some(Node::Seq(outputs)) = map_get(cell, "outputs") else {
            continue;
        };
        for (o, output) in outputs.iter().enumerate() {
            let Node::Map(output) = output else { continue };
            if let Some(text) = map_get(output, "text") {
                lines(text, &format!("cells[{c}].outputs[{o}].text"), &object, out);
            }
            if let Some(Node::Map(data)) = map_get(output, "data") {
                if let Some(text) = map_get(data, "text/plain") {
                    let path = format!("cells[{c}].outputs[{o}].data.text/plain");
                    lines(text, &path, &object, out);
                }
            }
        }
    }
}

/// `source` and `text` are a string or a list of strings (one per line).
fn lines(node: &Node, path: &str, object: &str, out: &mut Walked) {
    match node {
        Node::Scalar(s) => assignments(s, path, object, out),
        Node::Seq(items) => {
            for item in items {
                if let Node::Scalar(s) = item {
                    assignments(s, path, object, out);
                }
            }
        }
        _ => {}
    }
}

fn assignments(line: &Scalar, path: &str, object: &str, out: &mut Walked) {
    let mut at = 0;
    for piece in line.value.split(|&b| b == b'\n') {
        let piece_start = at;
        at += piece.len() + 1;
        let Some(caps) = ASSIGNMENT.captures(piece) else {
            continue;
        };
        let key = String::from_utf8_lossy(&caps["key"]).into_owned();
        let Some(value) = caps.name("dq").or(caps.name("sq")).or(caps.name("bare")) else {
            continue;
        };
        let (s, e) = (piece_start + value.start(), piece_start + value.end());
        let scalar = if line.verbatim {
            Scalar {
                value: Zeroizing::new(line.value[s..e].to_vec()),
                offset: line.offset + s,
                raw_end: line.offset + e,
                verbatim: true,
            }
        } else {
            Scalar {
                value: Zeroizing::new(line.value[s..e].to_vec()),
                offset: line.offset,
                raw_end: line.raw_end,
                verbatim: false,
            }
        };
        out.entries.push(Entry {
            key_path: format!("{path}.{key}"),
            key,
            scalar,
            object: object.to_string(),
            base64: false,
            rule: None,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::super::{parse, walk as walk_file, FileKind};

    #[test]
    fn cell_sources_and_outputs() {
        let nb = r#"{"cells": [{"cell_type": "code", "source": ["import os\n", "api_key = \"sk-proj-abc\"\n", "os.environ[\"DB_PASSWORD\"] = 'hunter2-prod'\n"],
          "outputs": [{"name": "stdout", "text": ["TOKEN=9f8e7d6c5b4a\n"]}]}]}"#;
        let docs = parse(FileKind::Notebook, nb.as_bytes()).unwrap();
        let walked = walk_file(FileKind::Notebook, &docs);
        let found: Vec<(String, String)> = walked
            .entries
            .iter()
            .map(|e| {
                (
                    e.key_path.clone(),
                    String::from_utf8_lossy(&e.scalar.value).into_owned(),
                )
            })
            .collect();
        assert!(found.contains(&("cells[0].source.api_key".into(), "sk-proj-abc".into())));
        assert!(found.contains(&("cells[0].source.DB_PASSWORD".into(), "hunter2-prod".into())));
        assert!(found.contains(&(
            "cells[0].outputs[0].text.TOKEN".into(),
            "9f8e7d6c5b4a".into()
        )));
    }
}
