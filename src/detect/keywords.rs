//! The keyword pass's automaton and its search: every occurrence of every rule keyword,
//! overlapping ones included, ASCII case ignored.
//!
//! The automaton is aho-corasick's DFA (one table lookup a byte), walked here rather than
//! through the crate's iterator. A DFA walk is a chain of dependent loads: each byte's
//! transition waits for the one before, and with two thousand keywords the table spans
//! megabytes, so most loads wait on the cache rather than compute. A long text whose
//! keywords never span lines is walked a piece of whole lines at a time, each piece cut at
//! line breaks into four parts (`LANES`) walked in lockstep: the parts' chains are independent,
//! so their loads overlap.

use aho_corasick::automaton::Automaton;
use aho_corasick::{Anchored, BuildError, MatchKind, StartKind};

/// How many parts of a long text are walked side by side.
const LANES: usize = 4;

/// Texts shorter than this are walked in one part: cutting costs more than it saves.
const MIN_LANE_TEXT: usize = 16 << 10;

/// A long text is walked a piece of about this many bytes (whole lines) at a time.
const PIECE: usize = 64 << 10;

/// The offset just after the first line break at or after `near`, or `end`.
fn line_cut(data: &[u8], near: usize, end: usize) -> usize {
    if near >= end {
        return end;
    }
    memchr::memchr(b'\n', &data[near..end]).map_or(end, |i| near + i + 1)
}

/// Room for the occurrences in the parts of a long text after its first.
pub type Lanes = [Vec<KeywordHit>; LANES - 1];

/// One keyword occurrence: its span and the keyword's index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeywordHit {
    /// Start of the occurrence (byte offset in the text).
    pub start: usize,
    /// End of the occurrence (exclusive).
    pub end: usize,
    /// Index of the keyword in the list the automaton was built from.
    pub keyword: usize,
}

/// The keyword automaton.
#[derive(Debug)]
pub struct Keywords {
    dfa: aho_corasick::dfa::DFA,
}

impl Keywords {
    /// An automaton for `keywords`, matched with ASCII case ignored.
    pub fn new<P: AsRef<[u8]>>(keywords: &[P]) -> Result<Self, BuildError> {
        let dfa = aho_corasick::dfa::Builder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            // Searches are never anchored: no second table of anchored transitions.
            .start_kind(StartKind::Unanchored)
            .build(keywords)?;
        Ok(Keywords { dfa })
    }

    /// Hands `sink` every keyword occurrence that starts and ends in `data[span]`, in order
    /// of their ends (occurrences ending together in the automaton's order), as
    /// aho-corasick's overlapping search reports them. `single_line` says that no keyword
    /// holds a line break before its last byte: only then may the span be cut into parts
    /// at line breaks. `lanes` holds the occurrences of the parts walked beside the first
    /// until their turn comes: at most a piece's worth (64 KiB of text), however dense it is.
    pub fn find_all(
        &self,
        data: &[u8],
        span: std::ops::Range<usize>,
        single_line: bool,
        lanes: &mut Lanes,
        sink: &mut impl FnMut(KeywordHit),
    ) {
        if !single_line {
            self.walk(data, span.start, span.end, self.start(), sink);
            return;
        }
        let mut from = span.start;
        while from < span.end {
            let to = line_cut(data, from + PIECE, span.end);
            self.find_in_lanes(data, from, to, lanes, sink);
            from = to;
        }
        for lane in lanes.iter_mut() {
            lane.clear();
            lane.shrink_to(4096); // dense text should not pin a piece's worth of hits
        }
    }

    /// [`Keywords::find_all`] over one piece of whole lines, `data[from..to]`: cut at line
    /// breaks into [`LANES`] parts walked in lockstep, unless the piece is short or a part
    /// after the first would be longer than a piece (a line of megabytes), when it is
    /// walked in one.
    fn find_in_lanes(
        &self,
        data: &[u8],
        from: usize,
        to: usize,
        lanes: &mut Lanes,
        sink: &mut impl FnMut(KeywordHit),
    ) {
        if to - from < MIN_LANE_TEXT {
            self.walk(data, from, to, self.start(), sink);
            return;
        }
        let mut cuts = [to; LANES + 1];
        cuts[0] = from;
        for lane in 1..LANES {
            let near = from + (to - from) * lane / LANES;
            cuts[lane] = line_cut(data, near.max(cuts[lane - 1]), to);
        }
        if (1..LANES).any(|lane| cuts[lane + 1] - cuts[lane] > PIECE) {
            self.walk(data, from, to, self.start(), sink);
            return;
        }
        let mut states = [self.start(); LANES];
        let mut at: [usize; LANES] = std::array::from_fn(|lane| cuts[lane]);
        let lockstep = (0..LANES).map(|l| cuts[l + 1] - at[l]).min().unwrap_or(0);
        for lane in lanes.iter_mut() {
            lane.clear();
        }
        for _ in 0..lockstep {
            for lane in 0..LANES {
                states[lane] = self
                    .dfa
                    .next_state(Anchored::No, states[lane], data[at[lane]]);
                at[lane] += 1;
            }
            if self.dfa.is_special(states[0]) {
                self.matches(states[0], at[0], sink);
            }
            for lane in 1..LANES {
                if self.dfa.is_special(states[lane]) {
                    let buffer = &mut lanes[lane - 1];
                    self.matches(states[lane], at[lane], &mut |hit| buffer.push(hit));
                }
            }
        }
        self.walk(data, at[0], cuts[1], states[0], sink);
        for lane in 1..LANES {
            for &hit in &lanes[lane - 1] {
                sink(hit);
            }
            self.walk(data, at[lane], cuts[lane + 1], states[lane], sink);
        }
    }

    fn start(&self) -> aho_corasick::automaton::StateID {
        self.dfa
            .start_state(Anchored::No)
            .expect("an unanchored DFA has an unanchored start state")
    }

    /// Walks `data[from..to]` from `state`, appending the occurrences that end there.
    fn walk(
        &self,
        data: &[u8],
        from: usize,
        to: usize,
        mut state: aho_corasick::automaton::StateID,
        sink: &mut impl FnMut(KeywordHit),
    ) {
        for (at, &byte) in (from..to).zip(&data[from..to]) {
            state = self.dfa.next_state(Anchored::No, state, byte);
            if self.dfa.is_special(state) {
                self.matches(state, at + 1, sink);
            }
        }
    }

    /// Hands `sink` the occurrences `state` stands for, all ending at `end`.
    fn matches(
        &self,
        state: aho_corasick::automaton::StateID,
        end: usize,
        sink: &mut impl FnMut(KeywordHit),
    ) {
        if !self.dfa.is_match(state) {
            return;
        }
        for index in 0..self.dfa.match_len(state) {
            let keyword = self.dfa.match_pattern(state, index);
            sink(KeywordHit {
                start: end - self.dfa.pattern_len(keyword),
                end,
                keyword: keyword.as_usize(),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The walk, in one part or four, reports what aho-corasick's own overlapping search
    /// reports, in the same order: nested and overlapping keywords, mixed case, a keyword
    /// that ends in a line break, spans that start and end inside lines.
    #[test]
    fn occurrences_are_those_of_aho_corasicks_overlapping_search() {
        let keywords = [
            "key", "apikey", "api_key", "token", "ken", "secret", "token>\n",
        ];
        let automaton = Keywords::new(&keywords).unwrap();
        let reference = aho_corasick::AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .build(keywords)
            .unwrap();
        let mut text = String::new();
        for i in 0..12_000 {
            let line = match i % 7 {
                0 => format!("let apiKey{i} = token(SECRET);\n"),
                1 => format!("<token>\nvalue {i}\n"),
                2 => "plain words, nothing to see\n".to_string(),
                3 => format!("API_KEY={i}tokenKEN\n"),
                _ => format!("x{i}\n"),
            };
            text.push_str(&line);
        }
        let data = text.as_bytes();
        assert!(data.len() > 4 * MIN_LANE_TEXT);
        let mut lanes = Lanes::default();
        for span in [
            0..data.len(),
            5..data.len() - 3,
            100..300,
            17..MIN_LANE_TEXT * 3 + 11,
        ] {
            let expected: Vec<KeywordHit> = reference
                .find_overlapping_iter(aho_corasick::Input::new(data).span(span.clone()))
                .map(|m| KeywordHit {
                    start: m.start(),
                    end: m.end(),
                    keyword: m.pattern().as_usize(),
                })
                .collect();
            assert!(expected.len() > 20, "{span:?}");
            for single_line in [true, false] {
                let mut hits = Vec::new();
                automaton.find_all(data, span.clone(), single_line, &mut lanes, &mut |hit| {
                    hits.push(hit)
                });
                assert_eq!(hits, expected, "{span:?} single_line={single_line}");
            }
        }
    }
}
