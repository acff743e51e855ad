//! YAML (multi-document) through an event parser: `yaml-rust2` first, and when it rejects
//! the text, `libyaml-safer` (a safe Rust port of libyaml, the parser behind PyYAML),
//! which accepts what Kubernetes, PyYAML and Go's yaml accept but YAML 1.2's strict
//! indentation rules do not: a flow sequence `args: [ ... ]` whose closing line sits at
//! the key's indent, as real manifests write it. Both parsers stream events, and one
//! builder turns either stream into nodes, with the same guarantees.
//!
//! Aliases are never expanded: an alias refers to an anchor already walked, so there is
//! nothing new to judge, and a "billion laughs" document costs no more than its own
//! size. Nesting is bounded by [`MAX_DEPTH`] with an explicit stack, never by recursion.

use libyaml_safer::{EventData, ScalarStyle};
use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::scanner::TScalarStyle;

use super::{LineIndex, Node, ParseError, Scalar, MAX_DEPTH};

/// An open collection while the events stream in.
enum Open {
    Seq(Vec<Node>),
    /// Items so far, and the key waiting for its value.
    Map(Vec<(String, usize, Node)>, Option<(String, usize)>),
}

/// Parses every document of a YAML stream: strictly first, then leniently (libyaml's
/// rules) if the strict parser rejects it. The strict parser's message is kept when both
/// reject the text.
pub(super) fn parse(data: &[u8]) -> Result<Vec<Node>, ParseError> {
    let text = std::str::from_utf8(data).map_err(|_| ParseError::NotUtf8 { kind: "yaml" })?;
    match build(data, strict_events(data, text)) {
        Err(strict @ ParseError::Syntax { .. }) => {
            build(data, lenient_events(data)).map_err(|lenient| match lenient {
                ParseError::Syntax { .. } => strict,
                other => other,
            })
        }
        result => result,
    }
}

/// `yaml-rust2`'s events with byte offsets.
fn strict_events<'a>(
    data: &'a [u8],
    text: &'a str,
) -> impl FnMut() -> Result<(Event, usize), ParseError> + 'a {
    let lines = LineIndex::new(data);
    let ascii = text.is_ascii();
    let mut parser = Parser::new_from_str(text);
    move || {
        let (event, mark) = parser.next_token().map_err(|e| ParseError::Syntax {
            kind: "yaml",
            message: e.to_string(),
        })?;
        // yaml-rust2 counts characters; lines and columns locate non-ASCII text.
        let offset = if ascii {
            mark.index()
        } else {
            lines.offset_of(mark.line(), mark.col() + 1)
        };
        Ok((event, offset))
    }
}

/// libyaml's events (through `libyaml-safer`), in `yaml-rust2`'s terms, with byte
/// offsets (libyaml's marks count bytes).
fn lenient_events(data: &[u8]) -> impl FnMut() -> Result<(Event, usize), ParseError> + '_ {
    let mut parser = libyaml_safer::Parser::new();
    parser.set_input(data);
    move || {
        let event = parser.parse().map_err(|e| ParseError::Syntax {
            kind: "yaml",
            message: e.to_string(),
        })?;
        let offset = usize::try_from(event.start_mark.index).unwrap_or(usize::MAX);
        let event = match event.data {
            EventData::StreamEnd => Event::StreamEnd,
            EventData::StreamStart { .. }
            | EventData::DocumentStart { .. }
            | EventData::DocumentEnd { .. } => Event::Nothing,
            EventData::Alias { .. } => Event::Alias(0),
            EventData::Scalar { value, style, .. } => {
                let style = match style {
                    ScalarStyle::SingleQuoted => TScalarStyle::SingleQuoted,
                    ScalarStyle::DoubleQuoted => TScalarStyle::DoubleQuoted,
                    ScalarStyle::Literal => TScalarStyle::Literal,
                    ScalarStyle::Folded => TScalarStyle::Folded,
                    _ => TScalarStyle::Plain,
                };
                Event::Scalar(value, style, 0, None)
            }
            EventData::SequenceStart { .. } => Event::SequenceStart(0, None),
            EventData::SequenceEnd => Event::SequenceEnd,
            EventData::MappingStart { .. } => Event::MappingStart(0, None),
            EventData::MappingEnd => Event::MappingEnd,
        };
        Ok((event, offset))
    }
}

/// Builds the documents from a stream of events with their byte offsets.
fn build(
    data: &[u8],
    mut next: impl FnMut() -> Result<(Event, usize), ParseError>,
) -> Result<Vec<Node>, ParseError> {
    let mut docs = Vec::new();
    let mut stack: Vec<Open> = Vec::new();
    loop {
        let (event, offset) = next()?;
        let node = match event {
            Event::StreamEnd => break,
            Event::Nothing | Event::StreamStart | Event::DocumentStart | Event::DocumentEnd => {
                continue
            }
            Event::SequenceStart(..) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(ParseError::TooDeep { kind: "yaml" });
                }
                stack.push(Open::Seq(Vec::new()));
                continue;
            }
            Event::MappingStart(..) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(ParseError::TooDeep { kind: "yaml" });
                }
                stack.push(Open::Map(Vec::new(), None));
                continue;
            }
            Event::SequenceEnd => match stack.pop() {
                Some(Open::Seq(items)) => Node::Seq(items),
                _ => return Err(unbalanced()),
            },
            Event::MappingEnd => match stack.pop() {
                Some(Open::Map(items, _)) => Node::Map(items),
                _ => return Err(unbalanced()),
            },
            Event::Alias(_) => Node::Alias,
            Event::Scalar(value, style, _, _) => scalar(data, offset, value, style),
        };
        match stack.last_mut() {
            None => docs.push(node),
            Some(Open::Seq(items)) => items.push(node),
            Some(Open::Map(items, pending)) => match pending.take() {
                None => {
                    let key = match &node {
                        Node::Scalar(s) => String::from_utf8_lossy(&s.value).into_owned(),
                        _ => "?".to_string(),
                    };
                    let key_offset = match &node {
                        Node::Scalar(s) => s.offset,
                        _ => offset,
                    };
                    *pending = Some((key, key_offset));
                }
                Some((key, key_offset)) => items.push((key, key_offset, node)),
            },
        }
    }
    Ok(docs)
}

fn unbalanced() -> ParseError {
    ParseError::Syntax {
        kind: "yaml",
        message: "unbalanced collection events".into(),
    }
}

/// A scalar event as a [`Scalar`]: the marker is at the start of its token, past which
/// a quoted value's text begins after the quote.
fn scalar(data: &[u8], offset: usize, value: String, style: TScalarStyle) -> Node {
    let offset = offset.min(data.len());
    let start = match style {
        TScalarStyle::SingleQuoted | TScalarStyle::DoubleQuoted => offset + 1,
        _ => offset,
    }
    .min(data.len());
    let bytes = value.into_bytes();
    if matches!(style, TScalarStyle::Literal | TScalarStyle::Folded) {
        // A block scalar's text runs from its `|` or `>` header to its last indented
        // line: a value found in it is located on its own line, not the header's.
        return Node::Scalar(Scalar {
            value: zeroize::Zeroizing::new(bytes),
            offset,
            raw_end: block_end(data, offset),
            verbatim: false,
        });
    }
    let end = (start + bytes.len()).min(data.len());
    let mut scalar = Scalar::decoded(data, start, end, bytes);
    if !scalar.verbatim {
        // Escaped or folded strings: the value starts at the marker; keep the marker as
        // its location, and the text up to the closing quote as where its parts are
        // written (a string folded over lines is longer in the file than its value).
        scalar.offset = offset;
        if matches!(
            style,
            TScalarStyle::SingleQuoted | TScalarStyle::DoubleQuoted
        ) {
            scalar.raw_end = quoted_end(data, start, style == TScalarStyle::SingleQuoted);
        }
    }
    Node::Scalar(scalar)
}

/// The end of a quoted scalar's text starting at `start` (past its opening quote): its
/// closing quote. In single quotes `''` is a quote; in double quotes `\` escapes the next
/// character.
fn quoted_end(data: &[u8], start: usize, single: bool) -> usize {
    let quote = if single { b'\'' } else { b'"' };
    let mut at = start;
    while at < data.len() {
        match data[at] {
            b'\\' if !single => at += 2,
            b if b == quote => {
                if single && data.get(at + 1) == Some(&quote) {
                    at += 2;
                } else {
                    return at;
                }
            }
            _ => at += 1,
        }
    }
    data.len()
}

/// The end of the text of a block scalar: just past its last non-blank line. `at` is
/// where the parser marked it: its `|` or `>` header (libyaml), or its first content line
/// (yaml-rust2). Content lines are indented at least as the first one (with an explicit
/// indentation indicator, anything deeper than the header's line counts); the first
/// non-blank line indented less ends the block. Spaces only (YAML forbids tabs in
/// indentation); `\r` before `\n` is a line ending.
fn block_end(data: &[u8], at: usize) -> usize {
    let at = at.min(data.len());
    let line_start = data[..at]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let indent_of = |line: &[u8]| line.iter().take_while(|&&b| b == b' ').count();
    // (first line to look at, lowest indentation that is still content, if known yet,
    // and an indentation that always ends the block)
    let (mut pos, mut floor, ceiling) = if matches!(data.get(at), Some(b'|' | b'>')) {
        let header_indent = indent_of(&data[line_start..]);
        let Some(newline) = memchr::memchr(b'\n', &data[at..]) else {
            return data.len();
        };
        let explicit = data[at + 1..at + newline]
            .iter()
            .take_while(|&&b| b != b' ' && b != b'#')
            .any(u8::is_ascii_digit);
        (
            at + newline + 1,
            explicit.then_some(header_indent + 1),
            Some(header_indent),
        )
    } else {
        (line_start, Some(at - line_start), None)
    };
    let mut end = at;
    while pos < data.len() {
        let line_end = memchr::memchr(b'\n', &data[pos..]).map_or(data.len(), |i| pos + i);
        let line = &data[pos..line_end];
        let text = line.strip_suffix(b"\r").unwrap_or(line);
        let indent = indent_of(text);
        if indent < text.len() {
            let content = *floor.get_or_insert(indent);
            if indent < content || ceiling.is_some_and(|c| indent <= c) {
                break;
            }
            end = pos + text.len();
        }
        pos = line_end + 1;
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalars_are_located_and_verbatim() {
        let text = "a:\n  b: \"quoted-v\"\n  c: plain-v\n  d: |\n    block\n";
        let docs = parse(text.as_bytes()).unwrap();
        let Node::Map(items) = &docs[0] else { panic!() };
        let Node::Map(inner) = &items[0].2 else {
            panic!()
        };
        let Node::Scalar(b) = &inner[0].2 else {
            panic!()
        };
        assert!(b.verbatim);
        assert_eq!(&text.as_bytes()[b.offset..b.raw_end], b"quoted-v");
        let Node::Scalar(c) = &inner[1].2 else {
            panic!()
        };
        assert_eq!(&text.as_bytes()[c.offset..c.raw_end], b"plain-v");
        let Node::Scalar(d) = &inner[2].2 else {
            panic!()
        };
        assert_eq!(&d.value[..], b"block\n");
    }

    #[test]
    fn non_ascii_offsets_use_lines_and_columns() {
        let text = "é: x\nkey: \"välue-1\"\n";
        let docs = parse(text.as_bytes()).unwrap();
        let Node::Map(items) = &docs[0] else { panic!() };
        let Node::Scalar(v) = &items[1].2 else {
            panic!()
        };
        assert!(v.verbatim, "{v:?}");
    }

    /// A quoted string folded over lines, or holding escapes, spans its text up to the
    /// closing quote, past a doubled `''` or an escaped `\"`.
    #[test]
    fn folded_quoted_strings_span_their_text() {
        let text = "a: 'it''s\n  folded'\nb: \"x\\\"y\n  z\"\nc: end\n";
        let docs = parse(text.as_bytes()).unwrap();
        let Node::Map(items) = &docs[0] else { panic!() };
        let spans: Vec<&str> = items[..2]
            .iter()
            .map(|item| {
                let Node::Scalar(v) = &item.2 else { panic!() };
                assert!(!v.verbatim, "{v:?}");
                &text[v.offset..v.raw_end]
            })
            .collect();
        assert_eq!(spans, ["'it''s\n  folded", "\"x\\\"y\n  z"]);
    }

    /// Both parsers' block scalars span their indented lines, whatever the header, the
    /// line endings or an indentation indicator.
    #[test]
    fn block_scalars_span_their_lines() {
        for newline in ["\n", "\r\n"] {
            for header in ["|", "|-", ">", ">-", "|2", ">+", "|-2"] {
                let text = format!(
                    "a:\n  k: {header}\n    one\n\n    two\n      three\n    tail-9x\n  b: end\n"
                )
                .replace('\n', newline);
                for lenient in [false, true] {
                    let docs = if lenient {
                        build(text.as_bytes(), lenient_events(text.as_bytes())).unwrap()
                    } else {
                        build(text.as_bytes(), strict_events(text.as_bytes(), &text)).unwrap()
                    };
                    let Node::Map(top) = &docs[0] else { panic!() };
                    let Node::Map(a) = &top[0].2 else { panic!() };
                    let Node::Scalar(k) = &a[0].2 else { panic!() };
                    let raw = &text.as_bytes()[k.offset..k.raw_end];
                    assert!(raw.ends_with(b"tail-9x"), "{header} {lenient}: {raw:?}");
                    assert!(!k.verbatim);
                }
            }
        }
    }

    #[test]
    fn billion_laughs_is_not_expanded() {
        let mut text = String::from(
            "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
        );
        let names: Vec<char> = "bcdefghij".chars().collect();
        let mut prev = 'a';
        for n in names {
            text.push_str(&format!("{n}: &{n} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"));
            prev = n;
        }
        let docs = parse(text.as_bytes()).unwrap();
        let Node::Map(items) = &docs[0] else { panic!() };
        assert_eq!(items.len(), 10);
    }

    /// Kubernetes manifests close a flow sequence at the key's indent; Kubernetes, PyYAML
    /// and Go accept it, YAML 1.2's strict rules (and yaml-rust2) do not.
    #[test]
    fn flow_sequence_closed_at_a_lower_indent_parses() {
        let text = "\
spec:
  containers:
  - name: esp
    image: example/esp:1
    args: [
      \"--http_port=8081\",
      \"--service=SERVICE_NAME\",
    ]
    ports:
    - containerPort: 8081
  - name: echo
    env:
    - name: API_TOKEN
      value: \"tok-9Qx2Lm7Rv4Tb8Wk3\"
";
        assert!(
            build(text.as_bytes(), strict_events(text.as_bytes(), text)).is_err(),
            "yaml-rust2 still rejects this shape: the lenient path is what is tested"
        );
        let docs = parse(text.as_bytes()).unwrap();
        let Node::Map(top) = &docs[0] else { panic!() };
        let Node::Map(spec) = &top[0].2 else { panic!() };
        let Node::Seq(containers) = &spec[0].2 else {
            panic!()
        };
        assert_eq!(containers.len(), 2);
        let Node::Map(esp) = &containers[0] else {
            panic!()
        };
        let keys: Vec<&str> = esp.iter().map(|(k, _, _)| k.as_str()).collect();
        assert_eq!(keys, ["name", "image", "args", "ports"]);
        let Node::Seq(args) = &esp[2].2 else { panic!() };
        assert_eq!(args.len(), 2);
        // Offsets are byte offsets into the text, quotes excluded.
        let Node::Map(echo) = &containers[1] else {
            panic!()
        };
        let Node::Seq(env) = &echo[1].2 else { panic!() };
        let Node::Map(pair) = &env[0] else { panic!() };
        let Node::Scalar(value) = &pair[1].2 else {
            panic!()
        };
        assert!(value.verbatim);
        assert_eq!(
            &text.as_bytes()[value.offset..value.raw_end],
            b"tok-9Qx2Lm7Rv4Tb8Wk3"
        );
    }

    #[test]
    fn lenient_parser_keeps_aliases_unexpanded_and_depth_bounded() {
        // Both only reachable through the lenient path when the strict one fails: the
        // trailing `]` at column 0 makes yaml-rust2 reject each document.
        let mut bomb = String::from("x: [\n]\na: &a [\"lol\",\"lol\",\"lol\"]\n");
        let mut prev = 'a';
        for name in "bcdefghij".chars() {
            bomb.push_str(&format!("{name}: &{name} [*{prev},*{prev},*{prev}]\n"));
            prev = name;
        }
        assert!(build(bomb.as_bytes(), strict_events(bomb.as_bytes(), &bomb)).is_err());
        let docs = parse(bomb.as_bytes()).unwrap();
        let Node::Map(items) = &docs[0] else { panic!() };
        assert_eq!(items.len(), 11);
        let Node::Seq(last) = &items[10].2 else {
            panic!()
        };
        assert!(last.iter().all(|n| matches!(n, Node::Alias)));
        let deep = format!("x: [\n]\ny: {}", "[".repeat(100_000));
        assert!(matches!(
            build(deep.as_bytes(), lenient_events(deep.as_bytes())),
            Err(ParseError::TooDeep { .. })
        ));
        assert!(parse(deep.as_bytes()).is_err());
    }

    #[test]
    fn text_neither_parser_accepts_is_still_an_error() {
        assert!(parse(b"a: [unclosed\nb: {").is_err());
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let text = "[".repeat(100_000);
        assert!(parse(text.as_bytes()).is_err());
    }
}
