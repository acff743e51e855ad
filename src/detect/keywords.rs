//! The keyword pass's automaton and its search: every occurrence of every rule keyword,
//! overlapping ones included, ASCII case ignored.
//!
//! The automaton is aho-corasick's DFA (one table lookup a byte), walked here rather than
//! through the crate's iterator. A DFA walk is a chain of dependent loads: each byte's
//! transition waits for the one before, and with two thousand keywords the table spans
//! megabytes, so most loads wait on the cache rather than compute. A long text whose
//! keywords never span lines is walked a piece of whole lines at a time, each piece cut at
//! line breaks into four parts (`LANES`) walked in lockstep: the parts' chains are independent,
//! so their loads overlap. Many short spans of one text (the chunks of a blob that git
//! history has not shown before) are walked four spans at a time, for the same reason.

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

/// Occurrences found ahead of their turn, kept between searches so that searching
/// allocates nothing once warm.
#[derive(Debug, Default)]
pub struct Pending {
    /// The occurrences in the parts of a long text after its first.
    lanes: [Vec<KeywordHit>; LANES - 1],
    /// The occurrences in a batch of spans walked side by side, with their span's index.
    spans: Vec<(usize, KeywordHit)>,
}

/// A span being walked in one lane of [`Keywords::find_in_spans`]: its index, where the
/// walk is and where it ends, and the automaton's state there.
#[derive(Debug, Clone, Copy)]
struct Cursor {
    span: usize,
    at: usize,
    end: usize,
    state: aho_corasick::automaton::StateID,
}

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
    /// at line breaks. `pending` holds the occurrences of the parts walked beside the first
    /// until their turn comes: at most a piece's worth (64 KiB of text), however dense it is.
    pub fn find_all(
        &self,
        data: &[u8],
        span: std::ops::Range<usize>,
        single_line: bool,
        pending: &mut Pending,
        sink: &mut impl FnMut(KeywordHit),
    ) {
        let lanes = &mut pending.lanes;
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
        lanes: &mut [Vec<KeywordHit>; LANES - 1],
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

    /// Hands `sink` every keyword occurrence inside each of `spans` (spans of `data`, in
    /// increasing order), with the index of its span: span after span, and within a span
    /// in the order of [`Keywords::find_all`], which reads a span of [`MIN_LANE_TEXT`] or
    /// more itself. Shorter spans are walked [`LANES`] at a time in lockstep, each lane
    /// taking the next span when its own ends, in batches of about a piece of text whose
    /// occurrences `pending` holds until the batch is done.
    pub fn find_in_spans(
        &self,
        data: &[u8],
        spans: impl IntoIterator<Item = std::ops::Range<usize>>,
        single_line: bool,
        pending: &mut Pending,
        sink: &mut impl FnMut(usize, KeywordHit),
    ) {
        let mut spans = spans.into_iter().enumerate().peekable();
        let is_short = |(_, span): &(usize, std::ops::Range<usize>)| span.len() < MIN_LANE_TEXT;
        loop {
            let mut budget = PIECE;
            let mut lanes: [Option<Cursor>; LANES] = [None; LANES];
            loop {
                for lane in lanes.iter_mut().filter(|lane| lane.is_none()) {
                    let Some((index, span)) = spans.next_if(|next| budget > 0 && is_short(next))
                    else {
                        break;
                    };
                    budget = budget.saturating_sub(span.len());
                    *lane = Some(Cursor {
                        span: index,
                        at: span.start,
                        end: span.end,
                        state: self.start(),
                    });
                }
                if lanes.iter().any(Option::is_none) {
                    break;
                }
                let mut cursors = lanes.map(|lane| lane.expect("every lane has a span"));
                self.walk_in_lockstep(data, &mut cursors, &mut pending.spans);
                lanes = cursors.map(|cursor| (cursor.at < cursor.end).then_some(cursor));
            }
            for cursor in lanes.into_iter().flatten() {
                let found = &mut pending.spans;
                self.walk(data, cursor.at, cursor.end, cursor.state, &mut |hit| {
                    found.push((cursor.span, hit))
                });
            }
            // Stable: each span's occurrences keep their order.
            pending.spans.sort_by_key(|&(span, _)| span);
            for (span, hit) in pending.spans.drain(..) {
                sink(span, hit);
            }
            pending.spans.shrink_to(4096); // dense text should not pin a batch's worth of hits
            match spans.peek() {
                None => return,
                Some(next) if is_short(next) => {}
                Some(_) => {
                    let (index, span) = spans.next().expect("peeked");
                    self.find_all(data, span, single_line, pending, &mut |hit| {
                        sink(index, hit)
                    });
                }
            }
        }
    }

    /// Walks every cursor forward by as many bytes as the shortest has left, in lockstep,
    /// appending the occurrences met to `found` with their span's index.
    fn walk_in_lockstep(
        &self,
        data: &[u8],
        cursors: &mut [Cursor; LANES],
        found: &mut Vec<(usize, KeywordHit)>,
    ) {
        let steps = cursors
            .iter()
            .map(|cursor| cursor.end - cursor.at)
            .min()
            .unwrap_or(0);
        for _ in 0..steps {
            for cursor in cursors.iter_mut() {
                cursor.state = self
                    .dfa
                    .next_state(Anchored::No, cursor.state, data[cursor.at]);
                cursor.at += 1;
            }
            for cursor in cursors.iter() {
                if self.dfa.is_special(cursor.state) {
                    self.matches(cursor.state, cursor.at, &mut |hit| {
                        found.push((cursor.span, hit))
                    });
                }
            }
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
        let mut pending = Pending::default();
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
                automaton.find_all(data, span.clone(), single_line, &mut pending, &mut |hit| {
                    hits.push(hit)
                });
                assert_eq!(hits, expected, "{span:?} single_line={single_line}");
            }
        }
    }

    /// Spans walked four at a time yield, span by span, what a search of each span alone
    /// yields: short and long spans (a long one read on its own), empty ones, spans that
    /// start and end inside lines, and enough of them for several batches.
    #[test]
    fn occurrences_in_spans_are_those_of_each_span_searched_alone() {
        let keywords = ["key", "apikey", "token", "ken", "secret", "token>\n"];
        let automaton = Keywords::new(&keywords).unwrap();
        let mut text = String::new();
        for i in 0..40_000 {
            text.push_str(match i % 5 {
                0 => "let apiKey = token(SECRET);\n",
                1 => "<token>\n",
                2 => "plain words\n",
                _ => "x\n",
            });
        }
        let data = text.as_bytes();
        let mut spans = Vec::new();
        let mut at = 0;
        let mut state = 0x9e37_79b9_u64;
        while at < data.len() {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let length = match state % 11 {
                0 => 0,
                1 => MIN_LANE_TEXT + (state % 5000) as usize,
                _ => (state % 900) as usize,
            };
            let end = (at + length).min(data.len());
            spans.push(at..end);
            at = end + (state % 3) as usize;
        }
        assert!(spans.iter().filter(|s| s.len() >= MIN_LANE_TEXT).count() > 3);
        let mut pending = Pending::default();
        // Besides the many: fewer spans than lanes, of unequal lengths, one empty.
        for spans in [spans, vec![5..700, 800..810], vec![100..3000, 3000..3000]] {
            for single_line in [true, false] {
                let mut expected = Vec::new();
                for (index, span) in spans.iter().enumerate() {
                    automaton.find_all(data, span.clone(), single_line, &mut pending, &mut |h| {
                        expected.push((index, h))
                    });
                }
                assert!(expected.len() > 20);
                let mut found = Vec::new();
                automaton.find_in_spans(
                    data,
                    spans.clone(),
                    single_line,
                    &mut pending,
                    &mut |i, h| found.push((i, h)),
                );
                assert_eq!(
                    found,
                    expected,
                    "single_line={single_line} {:?}",
                    spans.len()
                );
            }
        }
    }
}
