//! Text already known to hold no keyword, so the keyword pass can skip it when it comes back.
//!
//! Git history repeats itself: each version of a file is mostly the lines of the version
//! before. A blob is cut into chunks of whole lines at content-defined boundaries (after a
//! line whose last bytes hash to a value with its top bits zero), so an edit moves only the
//! chunks around it; a
//! chunk in which the keyword automaton found nothing is remembered by a keyed 64-bit hash,
//! and the next blob holding the same chunk skips it. No keyword contains a newline, so a
//! keyword occurrence always lies inside one line, hence inside one chunk: skipping a chunk
//! whose exact bytes were found free of keywords cannot lose a hit.
//!
//! The table is lossy and bounded (a slot keeps the last hash stored in it): a chunk that
//! was evicted is only scanned again. The hash is keyed with a random seed per process, so
//! a repository cannot be crafted to make a chunk holding a keyword collide with a clean one.

use std::hash::BuildHasher;
use std::sync::atomic::{AtomicU64, Ordering};

/// A boundary follows a line whose tail hash has its top bits zero: about one line in 16,
/// so chunks average about 16 lines.
const BOUNDARY_SHIFT: u32 = 60;
/// Mixes a line's tail into its boundary hash (an odd constant).
const MIX: u64 = 0x9E37_79B9_7F4A_7C15;
/// A chunk ends after the line that takes it past this many bytes, boundary or not.
const MAX_CHUNK: usize = 4096;

/// Most slots a table has: 2^21 slots of 8 bytes (16 MiB) remember about two million
/// chunks, enough for the history of a large project.
const MAX_SLOTS_LOG2: u32 = 21;

/// The set of chunks found free of keywords, shared by every worker thread of a scan.
pub struct CleanChunks {
    slots: Box<[AtomicU64]>,
    hasher: foldhash::fast::RandomState,
}

impl std::fmt::Debug for CleanChunks {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CleanChunks")
            .field("slots", &self.slots.len())
            .finish()
    }
}

impl CleanChunks {
    /// A table of `1 << slots_log2` slots (8 bytes each).
    pub fn new(slots_log2: u32) -> Self {
        CleanChunks {
            slots: (0..1usize << slots_log2)
                .map(|_| AtomicU64::new(0))
                .collect(),
            hasher: foldhash::fast::RandomState::default(),
        }
    }

    /// The size of a table for a history of `blobs` unique blobs, as `slots_log2`: 32
    /// slots a blob (a blob averages a few dozen chunks of about 16 lines; cargo's 69,838
    /// blobs fill the largest table), 2^12 at least. The table is lossy, so a small one
    /// only rescans more.
    pub fn slots_log2_for(blobs: usize) -> u32 {
        blobs
            .saturating_mul(32)
            .clamp(1, 1 << MAX_SLOTS_LOG2)
            .next_power_of_two()
            .trailing_zeros()
            .max(12)
    }

    /// The table's size: `1 << slots_log2()` slots.
    pub fn slots_log2(&self) -> u32 {
        self.slots.len().trailing_zeros()
    }

    /// Whether the chunk with this hash was recorded as free of keywords.
    pub fn contains(&self, hash: u64) -> bool {
        self.slot(hash).load(Ordering::Relaxed) == hash
    }

    /// Records the chunk with this hash as free of keywords.
    pub fn insert(&self, hash: u64) {
        self.slot(hash).store(hash, Ordering::Relaxed);
    }

    fn slot(&self, hash: u64) -> &AtomicU64 {
        &self.slots[(hash as usize) & (self.slots.len() - 1)]
    }

    /// Cuts `data` into chunks of whole lines (the last may lack its newline), each with
    /// the keyed hash of its bytes (never 0, the empty slot).
    pub fn chunks<'d>(&'d self, data: &'d [u8]) -> Chunks<'d> {
        Chunks {
            data,
            at: 0,
            newlines: newlines(data),
            hasher: &self.hasher,
        }
    }
}

/// The chunks of one blob: `(start, end, hash)`.
///
/// One vectorised newline search runs over the whole blob; each line costs a boundary test
/// on its last eight bytes, and each chunk one keyed hash of its bytes.
pub struct Chunks<'d> {
    data: &'d [u8],
    at: usize,
    newlines: Newlines<'d>,
    hasher: &'d foldhash::fast::RandomState,
}

impl Iterator for Chunks<'_> {
    type Item = (usize, usize, u64);

    fn next(&mut self) -> Option<Self::Item> {
        let start = self.at;
        if start >= self.data.len() {
            return None;
        }
        let mut end = self.data.len();
        for newline in self.newlines.by_ref() {
            let line_end = newline + 1;
            if line_end - start >= MAX_CHUNK || is_boundary(self.data, self.at, newline) {
                end = line_end;
                break;
            }
            self.at = line_end;
        }
        self.at = end;
        let hash = self.hasher.hash_one(&self.data[start..end]);
        Some((start, end, hash | 1))
    }
}

/// Whether the line from `line_start` to the newline at `newline` ends a chunk: decided by
/// its length and its last (up to) eight bytes before the newline, so the same line ends
/// a chunk wherever it appears.
fn is_boundary(data: &[u8], line_start: usize, newline: usize) -> bool {
    let length = newline - line_start;
    let tail = if length >= 8 {
        // One 8-byte load: most lines are this long (a variable-length copy into the
        // buffer below is a `memmove` call per line, a few percent of a history scan).
        u64::from_le_bytes(data[newline - 8..newline].try_into().expect("8 bytes"))
    } else {
        let mut tail = [0u8; 8];
        tail[..length].copy_from_slice(&data[line_start..newline]);
        u64::from_le_bytes(tail)
    };
    let mixed = (tail ^ (length as u64).rotate_left(56)).wrapping_mul(MIX);
    mixed >> BOUNDARY_SHIFT == 0
}

/// The positions of a text's newlines, in order: 64 bytes at a time where SSE2 is there
/// (every x86-64 processor), memchr's search elsewhere.
#[cfg(target_arch = "x86_64")]
type Newlines<'d> = BlockNewlines<'d>;
#[cfg(not(target_arch = "x86_64"))]
type Newlines<'d> = memchr::Memchr<'d>;

#[cfg(target_arch = "x86_64")]
fn newlines(data: &[u8]) -> Newlines<'_> {
    BlockNewlines::new(data)
}

#[cfg(not(target_arch = "x86_64"))]
fn newlines(data: &[u8]) -> Newlines<'_> {
    memchr::memchr_iter(b'\n', data)
}

/// The newlines of a text, found a 64-byte block at a time: each block becomes a bit mask
/// of its newlines, whose set bits are the positions. memchr's iterator starts a new
/// vectorised search at each line, and on source code, where most lines are shorter than
/// a vector's worth of setup, that costs twice this (a tenth of a history scan's time went
/// to finding line ends).
#[cfg(target_arch = "x86_64")]
struct BlockNewlines<'d> {
    data: &'d [u8],
    /// Where the current block starts.
    block: usize,
    /// The current block's newlines not yet returned, one bit per byte.
    mask: u64,
}

#[cfg(target_arch = "x86_64")]
impl<'d> BlockNewlines<'d> {
    fn new(data: &'d [u8]) -> Self {
        BlockNewlines {
            data,
            block: 0,
            mask: newline_mask(data),
        }
    }
}

#[cfg(target_arch = "x86_64")]
impl Iterator for BlockNewlines<'_> {
    type Item = usize;

    fn next(&mut self) -> Option<usize> {
        while self.mask == 0 {
            self.block += 64;
            if self.block >= self.data.len() {
                return None;
            }
            self.mask = newline_mask(&self.data[self.block..]);
        }
        let bit = self.mask.trailing_zeros() as usize;
        self.mask &= self.mask - 1;
        Some(self.block + bit)
    }
}

/// The newlines of the first 64 bytes of `data` (fewer if it is shorter), as bits.
#[cfg(target_arch = "x86_64")]
fn newline_mask(data: &[u8]) -> u64 {
    use std::arch::x86_64::{_mm_cmpeq_epi8, _mm_loadu_si128, _mm_movemask_epi8, _mm_set1_epi8};
    let Some(block) = data.first_chunk::<64>() else {
        return data
            .iter()
            .enumerate()
            .fold(0, |mask, (i, &b)| mask | (u64::from(b == b'\n') << i));
    };
    let mut mask = 0u64;
    // SAFETY: SSE2, which these intrinsics need, is part of every x86-64 processor; each
    // unaligned load reads the 16 bytes of `lane`, a slice of exactly that length.
    unsafe {
        let newline = _mm_set1_epi8(b'\n' as i8);
        for (i, lane) in block.chunks_exact(16).enumerate() {
            let bytes = _mm_loadu_si128(lane.as_ptr().cast());
            let hits = _mm_movemask_epi8(_mm_cmpeq_epi8(bytes, newline)) as u16;
            mask |= u64::from(hits) << (16 * i);
        }
    }
    mask
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_chunk_table_grows_with_the_history_up_to_its_bound() {
        assert_eq!(CleanChunks::slots_log2_for(0), 12);
        assert_eq!(CleanChunks::slots_log2_for(100), 12);
        assert_eq!(CleanChunks::slots_log2_for(1_000), 15);
        assert_eq!(CleanChunks::slots_log2_for(69_838), MAX_SLOTS_LOG2);
        assert_eq!(CleanChunks::slots_log2_for(usize::MAX), MAX_SLOTS_LOG2);
    }

    #[test]
    fn chunks_cover_the_blob_in_whole_lines() {
        let table = CleanChunks::new(4);
        let text: String = (0..500).map(|i| format!("line {i}\n")).collect();
        let data = format!("{text}no newline at the end");
        let chunks: Vec<_> = table.chunks(data.as_bytes()).collect();
        assert!(chunks.len() > 5, "{}", chunks.len());
        let mut at = 0;
        for &(start, end, _) in &chunks {
            assert_eq!(start, at);
            assert!(end > start);
            assert!(end == data.len() || data.as_bytes()[end - 1] == b'\n');
            at = end;
        }
        assert_eq!(at, data.len());
    }

    /// An edit in the middle of a file changes only the chunks around it: the rest hash
    /// the same, which is what lets the next version of a file skip them.
    #[test]
    fn an_edit_leaves_the_other_chunks_unchanged() {
        let table = CleanChunks::new(4);
        let before: String = (0..2000).map(|i| format!("fn f{i}() {{}}\n")).collect();
        let after = before.replacen("fn f1000()", "fn renamed()", 1);
        let hashes = |text: &str| -> std::collections::HashSet<u64> {
            table.chunks(text.as_bytes()).map(|c| c.2).collect()
        };
        let (old, new) = (hashes(&before), hashes(&after));
        let changed = new.difference(&old).count();
        assert!((1..=2).contains(&changed), "{changed} of {}", new.len());
    }

    /// The block search finds the same newlines as memchr, at every alignment and length,
    /// in text with lines longer and shorter than a block and runs of empty lines.
    #[test]
    fn newlines_are_found_as_memchr_finds_them() {
        let mut text = Vec::new();
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        for _ in 0..4000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let length = (state % 150) as usize;
            text.extend((0..length).map(|i| b'a' + (i % 26) as u8));
            text.push(b'\n');
            if state % 7 == 0 {
                text.extend_from_slice(b"\n\n");
            }
        }
        for start in 0..70 {
            for end in [
                text.len(),
                text.len() - 1,
                text.len() - 63,
                start + 64,
                start + 3,
            ] {
                let data = &text[start..end.max(start)];
                let expected: Vec<usize> = memchr::memchr_iter(b'\n', data).collect();
                assert_eq!(
                    newlines(data).collect::<Vec<_>>(),
                    expected,
                    "{start}..{end}"
                );
            }
        }
        assert_eq!(newlines(b"").count(), 0);
        assert_eq!(newlines(&[b'\n'; 64]).count(), 64);
    }

    #[test]
    fn a_recorded_chunk_is_found_and_another_is_not() {
        let table = CleanChunks::new(10);
        let chunks: Vec<_> = table.chunks(b"alpha\nbeta\n").collect();
        let (_, _, hash) = chunks[0];
        assert!(!table.contains(hash));
        table.insert(hash);
        assert!(table.contains(hash));
        assert!(!table.contains(hash ^ 2));
    }
}
