//! Archives opened by the filesystem walk: zip and its relatives (jar, war, ear, aar, whl,
//! egg, nupkg; Office Open XML and OpenDocument files: docx, xlsx, pptx, odt, ods, odp),
//! tar and Ruby gems (a tar of `data.tar.gz` and `metadata.gz`), and tar compressed with
//! gzip (tar.gz, tgz), bzip2 (tar.bz2, tbz2), xz (tar.xz, txz) or zstd (tar.zst, tzst); a
//! gzipped single file inside an archive (`metadata.gz`), and at the top level a single
//! gzip, bzip2, xz or zstd file when it compresses a dump, a backup, an env file, a log or
//! a configuration (`db/dump.sql.gz`, [`COMPRESSED_DATA_EXTENSIONS`]), and Electron's
//! `.asar` archives (an app's JavaScript and configuration). Every regular member
//! is handed on as if it were a file, located `app.jar!/BOOT-INF/classes/application.properties`
//! (nested archives are opened in turn: `a.zip!/b.jar!/c.properties`,
//! `x.gem!/metadata.gz!/metadata`).
//!
//! Archives are attacker-controlled input, so every bound is enforced on bytes actually
//! read, never on sizes an archive declares (those only let a member be refused early):
//! the nesting depth, the decompressed bytes per top-level archive, the member size (the
//! walk's `--max-file-size`), the compression ratio (a member that inflates more than
//! [`ArchiveLimits::max_ratio`] times past [`ArchiveLimits::ratio_floor`] bytes is a bomb)
//! and the member count. Each bound that stops a read is a skip with its reason. An archive
//! is streamed: a zip is read through its central directory from the file, a tar from the
//! (decompressed) stream, and only the member being scanned is held in memory; a nested
//! archive is a member, so it is held whole (it is at most `--max-file-size`).

use std::io::{self, BufReader, Cursor, Read, Seek};

use super::fs::SkipReason;

/// The bounds on what one top-level archive may cost.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ArchiveLimits {
    /// Archives nested deeper than this are not opened (the top-level archive is 1).
    pub max_depth: u32,
    /// Decompressed bytes read from one top-level archive, nested archives included.
    pub max_total: u64,
    /// Members of one archive (each nested archive has its own count).
    pub max_members: u64,
    /// A member inflating more than this many times its compressed size...
    pub max_ratio: u64,
    /// ...and to more than this many bytes is a decompression bomb.
    pub ratio_floor: u64,
}

impl Default for ArchiveLimits {
    fn default() -> Self {
        ArchiveLimits {
            max_depth: 3,
            max_total: 256 << 20,
            max_members: 100_000,
            max_ratio: 100,
            ratio_floor: 4 << 20,
        }
    }
}

/// An xz dictionary or a zstd window larger than this is not opened: the decoders hold
/// it in memory (xz allocates it up front), and a small file may declare gigabytes.
/// `xz -9` uses 64 MiB and `zstd -19` 8 MiB; only `zstd --long` or `--ultra` go past it.
pub const MAX_DECODER_WINDOW: u64 = 64 << 20;

/// An archive format, known from a file name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArchiveKind {
    /// zip, jar, war, ear, aar, whl, egg, nupkg, Office documents (docx, xlsx, pptx, odt,
    /// ods, odp, odg and the macro-enabled docm, xlsm, pptm), Android and iOS apps (apk,
    /// aab, ipa), browser and editor extensions (xpi, vsix), epub, kmz and Silverlight's xap.
    Zip,
    /// An uncompressed tar, or a Ruby gem (`.gem`, a tar).
    Tar,
    /// A gzipped tar (`.tar.gz`, `.tgz`).
    TarGz,
    /// A bzip2-compressed tar (`.tar.bz2`, `.tbz2`, `.tbz`).
    TarBz2,
    /// An xz-compressed tar (`.tar.xz`, `.txz`).
    TarXz,
    /// A zstd-compressed tar (`.tar.zst`, `.tzst`).
    TarZst,
    /// One gzipped file: as a member of another archive, any (a gem's `metadata.gz`, a
    /// compressed file inside a jar); at the top level, a data file's
    /// ([`COMPRESSED_DATA_EXTENSIONS`]). Its one member is named by the file's stem.
    Gzip,
    /// One bzip2-compressed data file at the top level (`dump.sql.bz2`), as [`Self::Gzip`].
    Bzip2,
    /// One xz-compressed data file at the top level (`dump.sql.xz`), as [`Self::Gzip`].
    Xz,
    /// One zstd-compressed data file at the top level (`dump.sql.zst`), as [`Self::Gzip`].
    Zstd,
    /// An SQLite database (`.sqlite`, `.sqlite3`, `.db`, `.db3`, `.s3db`, `.sl3`): each
    /// table is a CSV member ([`super::sqlite`]).
    Sqlite,
    /// An Electron archive (`.asar`): a desktop app's sources, where its API keys ship.
    Asar,
}

impl ArchiveKind {
    /// The format's name, as error details say it.
    pub fn name(self) -> &'static str {
        match self {
            ArchiveKind::Zip => "zip",
            ArchiveKind::Tar => "tar",
            ArchiveKind::TarGz => "tar.gz",
            ArchiveKind::TarBz2 => "tar.bz2",
            ArchiveKind::TarXz => "tar.xz",
            ArchiveKind::TarZst => "tar.zst",
            ArchiveKind::Gzip => "gzip",
            ArchiveKind::Bzip2 => "bzip2",
            ArchiveKind::Xz => "xz",
            ArchiveKind::Zstd => "zstd",
            ArchiveKind::Sqlite => "sqlite",
            ArchiveKind::Asar => "asar",
        }
    }
}

/// The extensions (before `.gz`, `.bz2`, `.xz` or `.zst`) of the single compressed files
/// opened at the top level: SQL dumps and backups, env files, HTTP archives, Terraform
/// state, logs and configuration, where credentials are kept and then compressed away
/// (`db/dump.sql.gz`, `logs/app.log.gz`). Not JSON or text: packages ship thousands of
/// gzipped data models and documents (botocore's `*.json.gz`), and a man page or a
/// changelog holds no credential.
pub const COMPRESSED_DATA_EXTENSIONS: [&str; 13] = [
    "sql",
    "dump",
    "bak",
    "env",
    "har",
    "tfstate",
    "log",
    "conf",
    "cfg",
    "ini",
    "properties",
    "yaml",
    "yml",
];

/// The archive format a file name says (case-insensitive), if any.
///
/// # Example
/// ```
/// use vaultproof::source::archive::{kind_of, ArchiveKind};
/// assert_eq!(kind_of("lib/app.JAR"), Some(ArchiveKind::Zip));
/// assert_eq!(kind_of("release/app-release.apk"), Some(ArchiveKind::Zip));
/// assert_eq!(kind_of("dist/pkg-1.0.tar.gz"), Some(ArchiveKind::TarGz));
/// assert_eq!(kind_of("vendor/cache/rack-3.1.0.gem"), Some(ArchiveKind::Tar));
/// assert_eq!(kind_of("backup.tar.zst"), Some(ArchiveKind::TarZst));
/// assert_eq!(kind_of("notes.txt"), None);
/// assert_eq!(kind_of("changelog.gz"), None);
/// assert_eq!(kind_of("db/dump.sql.gz"), Some(ArchiveKind::Gzip));
/// assert_eq!(kind_of("backups/prod.sql.zst"), Some(ArchiveKind::Zstd));
/// assert_eq!(kind_of("share/man/man1/ls.1.gz"), None);
/// assert_eq!(kind_of("instance/app.sqlite3"), Some(ArchiveKind::Sqlite));
/// assert_eq!(kind_of("resources/app.asar"), Some(ArchiveKind::Asar));
/// ```
pub fn kind_of(name: &str) -> Option<ArchiveKind> {
    let name = name.rsplit('/').next().unwrap_or(name);
    let dot = name.rfind('.')?;
    let extension = &name[dot + 1..];
    let is = |e: &str| extension.eq_ignore_ascii_case(e);
    // Office Open XML and OpenDocument files are zips of XML parts: a spreadsheet or a
    // document of accounts keeps its credentials in `xl/sharedStrings.xml`,
    // `word/document.xml` or `content.xml`. An app's package keeps its configuration in
    // `assets/` (apk, aab) or `Payload/*.app/` (ipa), an extension its scripts (xpi, vsix).
    const ZIP: [&str; 26] = [
        "zip", "jar", "war", "ear", "aar", "whl", "egg", "nupkg", "docx", "docm", "xlsx", "xlsm",
        "pptx", "pptm", "odt", "ods", "odp", "odg", "apk", "aab", "ipa", "xpi", "vsix", "epub",
        "kmz", "xap",
    ];
    if ZIP.iter().any(|e| is(e)) {
        return Some(ArchiveKind::Zip);
    }
    // A `.db` is opened only when its first bytes are SQLite's ([`magic_matches`]).
    const SQLITE: [&str; 6] = ["sqlite", "sqlite3", "db", "db3", "s3db", "sl3"];
    if SQLITE.iter().any(|e| is(e)) {
        return Some(ArchiveKind::Sqlite);
    }
    let after_tar = |kind: ArchiveKind| {
        let stem = &name[..dot];
        let tar = stem.len() > 4 && stem[stem.len() - 4..].eq_ignore_ascii_case(".tar");
        tar.then_some(kind)
    };
    let data = |kind: ArchiveKind| {
        let stem = &name[..dot];
        let holds_data = stem.rsplit_once('.').is_some_and(|(_, inner)| {
            COMPRESSED_DATA_EXTENSIONS
                .iter()
                .any(|e| inner.eq_ignore_ascii_case(e))
        });
        holds_data.then_some(kind)
    };
    match () {
        _ if is("asar") => Some(ArchiveKind::Asar),
        _ if is("tar") || is("gem") => Some(ArchiveKind::Tar),
        _ if is("tgz") => Some(ArchiveKind::TarGz),
        _ if is("tbz2") || is("tbz") => Some(ArchiveKind::TarBz2),
        _ if is("txz") => Some(ArchiveKind::TarXz),
        _ if is("tzst") => Some(ArchiveKind::TarZst),
        _ if is("gz") => after_tar(ArchiveKind::TarGz).or_else(|| data(ArchiveKind::Gzip)),
        _ if is("bz2") => after_tar(ArchiveKind::TarBz2).or_else(|| data(ArchiveKind::Bzip2)),
        _ if is("xz") => after_tar(ArchiveKind::TarXz).or_else(|| data(ArchiveKind::Xz)),
        _ if is("zst") => after_tar(ArchiveKind::TarZst).or_else(|| data(ArchiveKind::Zstd)),
        _ => None,
    }
}

/// The archive format of a member named `name` inside another archive: what
/// [`kind_of`] says, and also any gzipped single file (`metadata.gz`). At the top level,
/// only a data file's `.gz` is opened (a compressed changelog or man page is not).
pub fn member_kind_of(name: &str) -> Option<ArchiveKind> {
    kind_of(name).or_else(|| {
        let file = name.rsplit('/').next().unwrap_or(name);
        let gz = file.len() > 3 && file[file.len() - 3..].eq_ignore_ascii_case(".gz");
        gz.then_some(ArchiveKind::Gzip)
    })
}

/// Whether `head` (the first 512 bytes or fewer) starts as an archive of `kind` does: a
/// file named like an archive that is not one is scanned as a file.
pub fn magic_matches(kind: ArchiveKind, head: &[u8]) -> bool {
    match kind {
        ArchiveKind::Zip => head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06"),
        ArchiveKind::TarGz | ArchiveKind::Gzip => head.starts_with(&[0x1f, 0x8b]),
        ArchiveKind::Tar => head.get(257..262) == Some(b"ustar"),
        ArchiveKind::TarBz2 | ArchiveKind::Bzip2 => head.starts_with(b"BZh"),
        ArchiveKind::TarXz | ArchiveKind::Xz => head.starts_with(&XZ_MAGIC),
        ArchiveKind::TarZst | ArchiveKind::Zstd => {
            head.starts_with(&ZSTD_MAGIC) || is_skippable_frame(head)
        }
        ArchiveKind::Sqlite => head.starts_with(super::sqlite::MAGIC),
        ArchiveKind::Asar => {
            head.starts_with(&ASAR_SIZE_PICKLE)
                && head
                    .get(16..)
                    .is_some_and(|table| table.starts_with(ASAR_TABLE_START))
        }
    }
}

/// An asar archive starts with a Chromium pickle of one 32-bit word (its payload size, 4,
/// then the word: the size of the pickle holding the file table).
const ASAR_SIZE_PICKLE: [u8; 4] = [4, 0, 0, 0];
/// The file table, JSON as Electron's `asar` writes it, 16 bytes in.
const ASAR_TABLE_START: &[u8] = b"{\"files\":";

/// A file listed in an asar archive's table: its location, and where its bytes are (from
/// the end of the table), as the table says them.
struct AsarFile {
    path: String,
    place: Option<(u64, u64)>,
}

/// Lists the files of an asar table's directory `node` (an object whose `files` maps
/// names to entries) under `prefix`: a directory is an entry with `files` of its own, a
/// link (`link`) and a file stored beside the archive (`unpacked`, in
/// `app.asar.unpacked/`, which the walk reads as files) hold no bytes here, any other
/// entry is a file whose `offset` (a decimal string) and `size` place it. serde_json's
/// nesting bound (128) bounds the recursion.
fn asar_files(node: &serde_json::Value, prefix: &str, out: &mut Vec<AsarFile>) {
    let Some(files) = node.get("files").and_then(serde_json::Value::as_object) else {
        return;
    };
    for (name, entry) in files {
        let path = format!("{prefix}{}", crate::escape::terminal(name));
        if entry.get("files").is_some() {
            asar_files(entry, &format!("{path}/"), out);
            continue;
        }
        let unpacked = entry.get("unpacked").and_then(serde_json::Value::as_bool);
        if entry.get("link").is_some() || unpacked == Some(true) {
            continue;
        }
        let offset = entry
            .get("offset")
            .and_then(serde_json::Value::as_str)
            .and_then(|offset| offset.parse::<u64>().ok());
        let size = entry.get("size").and_then(serde_json::Value::as_u64);
        out.push(AsarFile {
            path,
            place: offset.zip(size),
        });
    }
}

/// Whether `head` starts with a zstd skippable frame (magic `0x184D2A5?`), as `pzstd`
/// writes before its frames.
fn is_skippable_frame(head: &[u8]) -> bool {
    head.get(..4)
        .is_some_and(|m| u32::from_le_bytes([m[0], m[1], m[2], m[3]]) & 0xFFFF_FFF0 == 0x184D_2A50)
}

/// A zstd stream of one or more frames (`pzstd` writes several, after a skippable one):
/// skippable frames are skipped, and each frame's window is checked against
/// [`MAX_DECODER_WINDOW`] before it is decoded.
struct ZstdFrames<R: io::BufRead> {
    decoder: ruzstd::decoding::StreamingDecoder<R, ruzstd::decoding::FrameDecoder>,
}

impl<R: io::BufRead> ZstdFrames<R> {
    fn new(mut source: R) -> io::Result<Self> {
        if !Self::to_frame(&mut source)? {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "no zstd frame",
            ));
        }
        let decoder = ruzstd::decoding::StreamingDecoder::new(source).map_err(io::Error::other)?;
        Ok(ZstdFrames { decoder })
    }

    /// Skips skippable frames up to the next frame, checking its window; `false` at the
    /// end of the stream.
    fn to_frame(source: &mut R) -> io::Result<bool> {
        loop {
            let head = source.fill_buf()?;
            if head.is_empty() {
                return Ok(false);
            }
            if is_skippable_frame(head) {
                let mut header = [0u8; 8];
                source.read_exact(&mut header)?;
                let size = u32::from_le_bytes([header[4], header[5], header[6], header[7]]);
                let skipped =
                    io::copy(&mut source.by_ref().take(u64::from(size)), &mut io::sink())?;
                if skipped < u64::from(size) {
                    return Err(io::Error::new(
                        io::ErrorKind::UnexpectedEof,
                        "truncated zstd frame",
                    ));
                }
                continue;
            }
            if let Some(window) = zstd_window(head).filter(|&w| w > MAX_DECODER_WINDOW) {
                return Err(io::Error::other(format!(
                    "a zstd frame window of {window} bytes is over the {MAX_DECODER_WINDOW}-byte bound"
                )));
            }
            return Ok(true);
        }
    }
}

impl<R: io::BufRead> Read for ZstdFrames<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        loop {
            let n = self.decoder.read(buf)?;
            if n > 0 || buf.is_empty() {
                return Ok(n);
            }
            // The frame is done: decode the next one, if any.
            if !Self::to_frame(self.decoder.get_mut())? {
                return Ok(0);
            }
            let fresh = ruzstd::decoding::FrameDecoder::new();
            let mut frame = std::mem::replace(&mut self.decoder.decoder, fresh);
            let reset = frame.reset(self.decoder.get_mut());
            self.decoder.decoder = frame;
            reset.map_err(io::Error::other)?;
        }
    }
}

const XZ_MAGIC: [u8; 6] = [0xFD, b'7', b'z', b'X', b'Z', 0];
const ZSTD_MAGIC: [u8; 4] = [0x28, 0xB5, 0x2F, 0xFD];

/// The LZMA2 dictionary size the first block of an xz stream declares (`head` is the
/// stream's start); `None` when `head` is too short or not xz with an LZMA2 filter.
pub fn xz_dictionary(head: &[u8]) -> Option<u64> {
    // Stream header (12 bytes), then the block header: its size byte, its flags, an
    // optional compressed and uncompressed size (varints), then the filter flags.
    if !head.starts_with(&XZ_MAGIC) {
        return None;
    }
    let block = head.get(12..)?;
    let size = (usize::from(*block.first()?) + 1) * 4;
    if size == 4 {
        return None; // the index: an empty stream
    }
    let block = block.get(..size)?;
    let flags = *block.get(1)?;
    let mut at = 2;
    let varint = |at: &mut usize| -> Option<u64> {
        let mut value = 0u64;
        for shift in 0..9 {
            let byte = *block.get(*at)?;
            *at += 1;
            value |= u64::from(byte & 0x7F) << (7 * shift);
            if byte & 0x80 == 0 {
                return Some(value);
            }
        }
        None
    };
    if flags & 0x40 != 0 {
        varint(&mut at)?;
    }
    if flags & 0x80 != 0 {
        varint(&mut at)?;
    }
    for _ in 0..=(flags & 0x03) {
        let id = varint(&mut at)?;
        let properties = usize::try_from(varint(&mut at)?).ok()?;
        if id == 0x21 {
            let bits = u32::from(*block.get(at)?);
            return Some(match bits {
                0..=39 => u64::from(2 | (bits & 1)) << (bits / 2 + 11),
                _ => u64::from(u32::MAX),
            });
        }
        at = at.saturating_add(properties);
    }
    None
}

/// The window a zstd frame needs (`head` is the frame's start): its window descriptor, or
/// its content size for a single-segment frame; `None` when `head` is too short or not
/// zstd.
pub fn zstd_window(head: &[u8]) -> Option<u64> {
    if !head.starts_with(&ZSTD_MAGIC) {
        return None;
    }
    let descriptor = *head.get(4)?;
    let single_segment = descriptor & 0x20 != 0;
    if !single_segment {
        let window = *head.get(5)?;
        let log = 10 + u32::from(window >> 3);
        let base = 1u64.checked_shl(log)?;
        return Some(base + (base / 8) * u64::from(window & 7));
    }
    let dictionary_id = [0, 1, 2, 4][usize::from(descriptor & 3)];
    let content = [1, 2, 4, 8][usize::from(descriptor >> 6)];
    let at = 5 + dictionary_id;
    let bytes = head.get(at..at + content)?;
    let mut size = [0u8; 8];
    size[..content].copy_from_slice(bytes);
    let size = u64::from_le_bytes(size);
    Some(if content == 2 { size + 256 } else { size })
}

/// The archive a location inside one is in: `a.jar` for `a.jar!/b.zip!/c.env`; the
/// location itself when it is not in an archive.
pub fn outer(location: &str) -> &str {
    let mut from = 0;
    while let Some(at) = location[from..].find("!/") {
        let prefix = &location[..from + at];
        if kind_of(prefix).is_some() {
            return prefix;
        }
        from += at + 2;
    }
    location
}

/// What an archive walk hands on.
#[derive(Debug)]
pub enum Event<'a> {
    /// A member's content, located `archive!/member`.
    Member {
        /// The member's location.
        path: &'a str,
        /// Its content (whole: members are at most the member size limit).
        data: &'a [u8],
    },
    /// A member (or the rest of an archive) not scanned, and why.
    Skip {
        /// The member's location, or the archive's for the whole archive.
        path: String,
        /// The reason class.
        reason: SkipReason,
        /// What was wrong (never content).
        detail: String,
    },
}

/// Walks the archive of `kind` read from `reader` (located `label`), handing every member
/// and every skip to `sink`. `max_member` is the largest member read (the walk's
/// `--max-file-size`); `buffer` is the thread's read buffer, reused for each member.
pub fn walk<R: Read + Seek>(
    kind: ArchiveKind,
    reader: R,
    label: &str,
    limits: &ArchiveLimits,
    max_member: u64,
    buffer: &mut Vec<u8>,
    sink: &mut dyn FnMut(Event<'_>),
) {
    let mut walker = Walker {
        limits: *limits,
        max_member,
        total: 0,
        spent: false,
        sink,
    };
    walker.archive(kind, reader, label, 1, buffer);
}

/// Counts the compressed bytes a gzip decoder consumed, for the ratio of a tar.gz member.
struct Counting<R> {
    inner: R,
    count: std::rc::Rc<std::cell::Cell<u64>>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.set(self.count.get() + n as u64);
        Ok(n)
    }
}

/// What a member's read was stopped by.
enum Stop {
    Bomb,
    TooLarge,
    Budget,
}

struct Walker<'s> {
    limits: ArchiveLimits,
    max_member: u64,
    /// Decompressed bytes read so far from this top-level archive.
    total: u64,
    /// The decompressed-bytes budget is spent: nothing more is read.
    spent: bool,
    sink: &'s mut dyn FnMut(Event<'_>),
}

impl Walker<'_> {
    fn skip(&mut self, path: String, reason: SkipReason, detail: String) {
        (self.sink)(Event::Skip {
            path,
            reason,
            detail,
        });
    }

    fn archive<R: Read + Seek>(
        &mut self,
        kind: ArchiveKind,
        reader: R,
        label: &str,
        depth: u32,
        buffer: &mut Vec<u8>,
    ) {
        match kind {
            ArchiveKind::Zip => self.zip(reader, label, depth, buffer),
            ArchiveKind::Tar => {
                let mut archive = tar::Archive::new(reader);
                match archive.entries_with_seek() {
                    Ok(entries) => self.tar(entries, label, "tar", depth, buffer, None),
                    Err(e) => self.corrupt(label, "tar", &e),
                }
            }
            ArchiveKind::Gzip | ArchiveKind::Bzip2 | ArchiveKind::Xz | ArchiveKind::Zstd => {
                self.single(kind, reader, label, depth, buffer);
            }
            ArchiveKind::Sqlite => self.sqlite(reader, label, buffer),
            ArchiveKind::Asar => self.asar(reader, label, depth, buffer),
            ArchiveKind::TarGz | ArchiveKind::TarBz2 | ArchiveKind::TarXz | ArchiveKind::TarZst => {
                let mut reader = BufReader::new(reader);
                if self.window_refused(kind, &mut reader, label) {
                    return;
                }
                let count = std::rc::Rc::default();
                let counting = Counting {
                    inner: reader,
                    count: std::rc::Rc::clone(&count),
                };
                let Some(decoder) = self.decoder(kind, counting, label) else {
                    return;
                };
                let mut archive = tar::Archive::new(decoder);
                match archive.entries() {
                    Ok(entries) => {
                        self.tar(entries, label, kind.name(), depth, buffer, Some(&count));
                    }
                    Err(e) => self.corrupt(label, kind.name(), &e),
                }
            }
        }
    }

    /// The window an xz or zstd stream at the start of `reader` declares, when it is over
    /// [`MAX_DECODER_WINDOW`]; `None` when it is within it (or the format has none).
    fn decoder_window<R: Read>(
        &mut self,
        kind: ArchiveKind,
        reader: &mut BufReader<R>,
        label: &str,
    ) -> Option<u64> {
        use std::io::BufRead as _;
        let head = match reader.fill_buf() {
            Ok(head) => head,
            Err(e) => {
                self.corrupt(label, kind.name(), &e);
                return None;
            }
        };
        let window = match kind {
            ArchiveKind::TarXz | ArchiveKind::Xz => xz_dictionary(head),
            ArchiveKind::TarZst | ArchiveKind::Zstd => zstd_window(head),
            _ => None,
        };
        window.filter(|&w| w > MAX_DECODER_WINDOW)
    }

    /// Whether the stream at the start of `reader` declares a decoder window over
    /// [`MAX_DECODER_WINDOW`]: then it is not opened, and that is a skip.
    fn window_refused<R: Read>(
        &mut self,
        kind: ArchiveKind,
        reader: &mut BufReader<R>,
        label: &str,
    ) -> bool {
        let Some(window) = self.decoder_window(kind, reader, label) else {
            return false;
        };
        let detail = format!(
            "a {} window of {window} bytes is over the {MAX_DECODER_WINDOW}-byte bound: not \
             opened",
            kind.name()
        );
        self.skip(label.to_string(), SkipReason::ArchiveUnsupported, detail);
        true
    }

    /// The decompressing reader of a compressed tar or single file of `kind` over
    /// `reader`; `None` when the stream does not open (a corrupt skip is recorded).
    fn decoder<'r, R: Read + 'r>(
        &mut self,
        kind: ArchiveKind,
        reader: R,
        label: &str,
    ) -> Option<Box<dyn Read + 'r>> {
        Some(match kind {
            ArchiveKind::TarBz2 | ArchiveKind::Bzip2 => {
                Box::new(bzip2::read::MultiBzDecoder::new(reader))
            }
            ArchiveKind::TarXz | ArchiveKind::Xz => {
                Box::new(lzma_rust2::XzReader::new(reader, true))
            }
            ArchiveKind::TarZst | ArchiveKind::Zstd => {
                match ZstdFrames::new(BufReader::new(reader)) {
                    Ok(decoder) => Box::new(decoder),
                    Err(e) => {
                        self.corrupt(label, kind.name(), &e);
                        return None;
                    }
                }
            }
            _ => Box::new(flate2::read::GzDecoder::new(reader)),
        })
    }

    /// One compressed file (gzip, bzip2, xz or zstd): its content is the one member,
    /// named by the file's stem (`metadata.gz!/metadata`, `dump.sql.xz!/dump.sql`), bounded
    /// as any member, its ratio against the whole compressed file.
    fn single<R: Read + Seek>(
        &mut self,
        kind: ArchiveKind,
        mut reader: R,
        label: &str,
        depth: u32,
        buffer: &mut Vec<u8>,
    ) {
        let compressed = match reader
            .seek(io::SeekFrom::End(0))
            .and_then(|size| reader.rewind().map(|()| size))
        {
            Ok(size) => size,
            Err(e) => return self.corrupt(label, kind.name(), &e),
        };
        let file = label.rsplit("!/").next().unwrap_or(label);
        let stem = file.rsplit_once('.').map_or(file, |(stem, _)| stem);
        let path = format!("{label}!/{}", stem.rsplit('/').next().unwrap_or(stem));
        let mut reader = BufReader::new(reader);
        if self.window_refused(kind, &mut reader, label) {
            return;
        }
        let Some(mut decoder) = self.decoder(kind, reader, label) else {
            return;
        };
        let _ = self.member(&mut decoder, &path, 0, Some(compressed), depth, buffer);
    }

    /// An SQLite database: read whole (it is at most the member size bound), then each
    /// table handed on as a CSV member (`app.db!/users.csv`), its bytes counted against
    /// the archive's budget.
    fn sqlite<R: Read>(&mut self, reader: R, label: &str, buffer: &mut Vec<u8>) {
        let limit = self
            .max_member
            .min(self.limits.max_total.saturating_sub(self.total));
        buffer.clear();
        if let Err(e) = reader.take(limit + 1).read_to_end(buffer) {
            zeroize::Zeroize::zeroize(buffer);
            let detail = format!("cannot read this SQLite database: {e}");
            return self.skip(label.to_string(), SkipReason::ArchiveCorrupt, detail);
        }
        if buffer.len() as u64 > limit {
            zeroize::Zeroize::zeroize(buffer);
            let detail = format!(
                "a database of more than {limit} bytes: over the --max-file-size limit or \
                 the bytes left to read from this archive"
            );
            return self.skip(label.to_string(), SkipReason::ArchiveMemberTooLarge, detail);
        }
        self.total = self.total.saturating_add(buffer.len() as u64);
        let budget = self.limits.max_total.saturating_sub(self.total);
        let bounds = super::sqlite::TableBounds {
            max_table: self.max_member,
            budget,
            max_tables: self.limits.max_members,
        };
        let tables = super::sqlite::read_tables(buffer, bounds);
        zeroize::Zeroize::zeroize(buffer);
        let (tables, listed) = match tables {
            Ok(read) => read,
            Err(e) => {
                let detail = format!("not a readable SQLite database: {e}");
                return self.skip(label.to_string(), SkipReason::ArchiveCorrupt, detail);
            }
        };
        self.too_many(label, listed);
        for table in tables {
            match table {
                super::sqlite::TableRead::Read { member, mut csv } => {
                    self.total = self.total.saturating_add(csv.len() as u64);
                    let path = format!("{label}!/{}", member_name(member.as_bytes()));
                    (self.sink)(Event::Member {
                        path: &path,
                        data: &csv,
                    });
                    zeroize::Zeroize::zeroize(&mut csv);
                }
                super::sqlite::TableRead::Skipped {
                    member,
                    reason,
                    detail,
                } => {
                    let path = format!("{label}!/{}", member_name(member.as_bytes()));
                    self.skip(path, reason, detail);
                }
            }
        }
    }

    fn corrupt(&mut self, label: &str, format: &str, error: &dyn std::fmt::Display) {
        let detail = format!("not a readable {format} archive: {error}");
        self.skip(label.to_string(), SkipReason::ArchiveCorrupt, detail);
    }

    /// Whether member number `count` (1-based) is over the member-count bound; the skip
    /// is recorded once, for the member that crosses it.
    fn too_many(&mut self, label: &str, count: u64) -> bool {
        if count <= self.limits.max_members {
            return false;
        }
        let detail = format!(
            "more than {} members: the rest of the archive is not scanned",
            self.limits.max_members
        );
        self.skip(label.to_string(), SkipReason::ArchiveBomb, detail);
        true
    }

    fn zip<R: Read + Seek>(&mut self, reader: R, label: &str, depth: u32, buffer: &mut Vec<u8>) {
        let mut archive = match zip::ZipArchive::new(reader) {
            Ok(archive) => archive,
            Err(e) => return self.corrupt(label, "zip", &e),
        };
        for index in 0..archive.len() {
            if self.spent || self.too_many(label, index as u64 + 1) {
                return;
            }
            let path = format!(
                "{label}!/{}",
                archive
                    .name_for_index(index)
                    .map_or("?".into(), crate::escape::terminal)
            );
            let mut file = match archive.by_index(index) {
                Ok(file) => file,
                Err(e) => {
                    let reason = match e {
                        zip::result::ZipError::UnsupportedArchive(_) => {
                            SkipReason::ArchiveUnsupported
                        }
                        _ => SkipReason::ArchiveCorrupt,
                    };
                    self.skip(path, reason, format!("cannot read this zip member: {e}"));
                    continue;
                }
            };
            if !file.is_file() {
                continue; // directories and symbolic links hold no content of their own
            }
            let path = format!("{label}!/{}", member_name(file.name_raw()));
            let (declared, compressed) = (file.size(), file.compressed_size());
            // A damaged member is skipped; the central directory still finds the next one.
            let _ = self.member(&mut file, &path, declared, Some(compressed), depth, buffer);
        }
    }

    /// An Electron archive: a pickle giving the size of the next, a pickle holding the
    /// JSON table of the files, then the files' bytes, each at its offset from the end of
    /// the table. The table is read whole, bounded as a member is; its files are read in
    /// the order of their offsets, each within the archive or a named skip.
    fn asar<R: Read + Seek>(
        &mut self,
        mut reader: R,
        label: &str,
        depth: u32,
        buffer: &mut Vec<u8>,
    ) {
        let mut head = [0u8; 16];
        let length = reader
            .read_exact(&mut head)
            .and_then(|()| reader.seek(io::SeekFrom::End(0)));
        let length = match length {
            Ok(length) => length,
            Err(e) => return self.corrupt(label, "asar", &e),
        };
        let word = |at: usize| {
            u64::from(u32::from_le_bytes([
                head[at],
                head[at + 1],
                head[at + 2],
                head[at + 3],
            ]))
        };
        let (table_pickle, table_length) = (word(4), word(12));
        let data_start = 8 + table_pickle;
        if table_length + 8 > table_pickle || data_start > length {
            let problem = "its file table's sizes do not fit in the archive";
            return self.corrupt(label, "asar", &problem);
        }
        if table_length > self.max_member {
            let detail = format!(
                "its file table of {table_length} bytes is over the --max-file-size limit of {} bytes",
                self.max_member
            );
            return self.skip(label.to_string(), SkipReason::ArchiveMemberTooLarge, detail);
        }
        buffer.clear();
        let read = reader
            .seek(io::SeekFrom::Start(16))
            .and_then(|_| Read::take(&mut reader, table_length).read_to_end(buffer));
        self.total = self.total.saturating_add(buffer.len() as u64);
        let table = match read {
            Ok(_) => serde_json::from_slice::<serde_json::Value>(buffer).map_err(|e| e.to_string()),
            Err(e) => Err(e.to_string()),
        };
        let table = match table {
            Ok(table) => table,
            Err(e) => return self.corrupt(label, "asar", &format!("its file table: {e}")),
        };
        let mut files = Vec::new();
        asar_files(&table, "", &mut files);
        drop(table);
        files.sort_by_key(|file| file.place.map(|(offset, _)| offset));
        for (count, file) in (1..).zip(files) {
            if self.spent || self.too_many(label, count) {
                return;
            }
            let path = format!("{label}!/{}", file.path);
            let Some((offset, size)) = file.place.filter(|&(offset, size)| {
                data_start
                    .checked_add(offset)
                    .and_then(|at| at.checked_add(size))
                    .is_some_and(|end| end <= length)
            }) else {
                let detail =
                    "the archive's table places this file outside it (or nowhere)".to_string();
                self.skip(path, SkipReason::ArchiveCorrupt, detail);
                continue;
            };
            if let Err(e) = reader.seek(io::SeekFrom::Start(data_start + offset)) {
                return self.corrupt(label, "asar", &e);
            }
            let mut member = Read::take(&mut reader, size);
            let _ = self.member(&mut member, &path, size, None, depth, buffer);
        }
    }

    fn tar<R: Read>(
        &mut self,
        entries: tar::Entries<'_, R>,
        label: &str,
        format: &str,
        depth: u32,
        buffer: &mut Vec<u8>,
        compressed: Option<&std::rc::Rc<std::cell::Cell<u64>>>,
    ) {
        let mut count = 0;
        for entry in entries {
            if self.spent {
                return;
            }
            let mut entry = match entry {
                Ok(entry) => entry,
                Err(e) => return self.corrupt(label, format, &e),
            };
            count += 1;
            if self.too_many(label, count) {
                return;
            }
            let kind = entry.header().entry_type();
            if !(kind.is_file() || kind.is_contiguous()) {
                continue; // directories, links, devices: no content of their own
            }
            let path = format!("{label}!/{}", member_name(&entry.path_bytes()));
            let declared = entry.size();
            let before = compressed.map(|c| c.get());
            let Some(read) = self.member(&mut entry, &path, declared, None, depth, buffer) else {
                return; // a stream that failed mid-member cannot be followed further
            };
            if let (Some(counter), Some(before)) = (compressed, before) {
                // The rest of a member not read is still inflated to reach the next one.
                let unread = declared.saturating_sub(read);
                self.total = self.total.saturating_add(unread);
                let deflated = counter.get().saturating_sub(before).max(1);
                if read > self.limits.ratio_floor && read / deflated > self.limits.max_ratio {
                    let detail = format!(
                        "a member inflates more than {} times past {} bytes: a decompression \
                         bomb; the rest of the archive is not scanned",
                        self.limits.max_ratio, self.limits.ratio_floor
                    );
                    return self.skip(path, SkipReason::ArchiveBomb, detail);
                }
                if self.total > self.limits.max_total {
                    self.budget_spent(&path);
                    return;
                }
            }
        }
    }

    fn budget_spent(&mut self, path: &str) {
        self.spent = true;
        let detail = format!(
            "over {} decompressed bytes read from this archive: this member and the rest \
             are not scanned",
            self.limits.max_total
        );
        self.skip(path.to_string(), SkipReason::ArchiveTooLarge, detail);
    }

    /// Reads one member (declaring `declared` bytes, `compressed` of them in the archive
    /// when the format says) and hands it on, or opens it as a nested archive. Returns the
    /// decompressed bytes read; `None` when the read failed (recorded as corrupt).
    fn member(
        &mut self,
        reader: &mut dyn Read,
        path: &str,
        declared: u64,
        compressed: Option<u64>,
        depth: u32,
        buffer: &mut Vec<u8>,
    ) -> Option<u64> {
        let limits = self.limits;
        let max_member = self.max_member;
        let ratio_cap =
            compressed.map(|c| c.saturating_mul(limits.max_ratio).max(limits.ratio_floor));
        let bomb = |size: &dyn std::fmt::Display| {
            format!(
                "{size} bytes inflated from {} compressed: over {} times and over {} bytes, a \
                 decompression bomb",
                compressed.unwrap_or(0),
                limits.max_ratio,
                limits.ratio_floor
            )
        };
        let too_large = |size: &dyn std::fmt::Display| {
            format!("{size} bytes is over the --max-file-size limit of {max_member} bytes")
        };
        if ratio_cap.is_some_and(|cap| declared > cap) {
            self.skip(path.to_string(), SkipReason::ArchiveBomb, bomb(&declared));
            return Some(0);
        }
        if declared > self.max_member {
            let detail = too_large(&declared);
            self.skip(path.to_string(), SkipReason::ArchiveMemberTooLarge, detail);
            return Some(0);
        }
        let remaining = limits.max_total.saturating_sub(self.total);
        if declared > remaining {
            self.budget_spent(path);
            return Some(0);
        }
        // The first bound a read can cross decides the skip when the member lies about
        // its size.
        let mut limit = remaining;
        let mut stop = Stop::Budget;
        if self.max_member <= limit {
            limit = self.max_member;
            stop = Stop::TooLarge;
        }
        if let Some(cap) = ratio_cap.filter(|&cap| cap <= limit) {
            limit = cap;
            stop = Stop::Bomb;
        }
        buffer.clear();
        let read = Read::take(&mut *reader, limit + 1).read_to_end(buffer);
        let got = buffer.len() as u64;
        self.total = self.total.saturating_add(got);
        if let Err(e) = read {
            zeroize::Zeroize::zeroize(buffer);
            let detail = format!("cannot read this member: {e}");
            self.skip(path.to_string(), SkipReason::ArchiveCorrupt, detail);
            return None;
        }
        if got > limit {
            zeroize::Zeroize::zeroize(buffer);
            let more = format!("more than {limit}");
            match stop {
                Stop::Bomb => self.skip(path.to_string(), SkipReason::ArchiveBomb, bomb(&more)),
                Stop::TooLarge => {
                    let detail = too_large(&more);
                    self.skip(path.to_string(), SkipReason::ArchiveMemberTooLarge, detail);
                }
                Stop::Budget => self.budget_spent(path),
            }
            return Some(got);
        }
        match member_kind_of(path).filter(|&kind| magic_matches(kind, buffer)) {
            Some(_) if depth >= limits.max_depth => {
                let detail = format!(
                    "an archive nested more than {} deep: not opened",
                    limits.max_depth
                );
                self.skip(path.to_string(), SkipReason::ArchiveTooDeep, detail);
            }
            Some(kind) => {
                let inner = std::mem::take(buffer);
                self.archive(kind, Cursor::new(&inner[..]), path, depth + 1, buffer);
                let mut inner = inner;
                zeroize::Zeroize::zeroize(&mut inner);
            }
            None => (self.sink)(Event::Member { path, data: buffer }),
        }
        Some(got)
    }
}

/// A member's name as shown in a location: lossless for non-UTF-8 bytes, with control
/// characters escaped (a name is archive-controlled text).
fn member_name(raw: &[u8]) -> String {
    let name = crate::escape::name(raw);
    crate::escape::terminal(&name).into_owned()
}

#[cfg(test)]
mod tests {
    use super::{
        kind_of, magic_matches, member_kind_of, outer, walk, xz_dictionary, zstd_window,
        ArchiveKind, ArchiveLimits, Event, MAX_DECODER_WINDOW,
    };
    use crate::source::fs::SkipReason;
    use std::io::{Cursor, Write};

    fn zip(members: &[(&str, &[u8])]) -> Vec<u8> {
        let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, data) in members {
            writer.start_file(*name, options).unwrap();
            writer.write_all(data).unwrap();
        }
        writer.finish().unwrap().into_inner()
    }

    /// (members handed on, skips) of walking `data` as a zip under `limits`.
    fn run(
        data: &[u8],
        limits: ArchiveLimits,
        max_member: u64,
    ) -> (Vec<String>, Vec<(String, SkipReason)>) {
        let (mut members, mut skips) = (Vec::new(), Vec::new());
        let mut buffer = Vec::new();
        walk(
            ArchiveKind::Zip,
            Cursor::new(data),
            "a.zip",
            &limits,
            max_member,
            &mut buffer,
            &mut |event| match event {
                Event::Member { path, .. } => members.push(path.to_string()),
                Event::Skip { path, reason, .. } => skips.push((path, reason)),
            },
        );
        (members, skips)
    }

    #[test]
    fn the_member_count_bound_stops_the_archive_with_one_skip() {
        let data = zip(&[("1.txt", b"one"), ("2.txt", b"two"), ("3.txt", b"three")]);
        let limits = ArchiveLimits {
            max_members: 2,
            ..ArchiveLimits::default()
        };
        let (members, skips) = run(&data, limits, 1 << 20);
        assert_eq!(members, ["a.zip!/1.txt", "a.zip!/2.txt"]);
        assert_eq!(skips, [("a.zip".to_string(), SkipReason::ArchiveBomb)]);
    }

    #[test]
    fn the_decompressed_budget_is_shared_by_nested_archives() {
        let text = vec![b'x'; 3000];
        let inner = zip(&[("in1.txt", &text), ("in2.txt", &text)]);
        let data = zip(&[("first.txt", &text), ("b.zip", &inner), ("last.txt", &text)]);
        let limits = ArchiveLimits {
            max_total: 8000,
            ..ArchiveLimits::default()
        };
        let (members, skips) = run(&data, limits, 1 << 20);
        // first.txt (3000) + b.zip itself (about 500) + in1.txt (3000); in2.txt would cross 8000.
        assert_eq!(members, ["a.zip!/first.txt", "a.zip!/b.zip!/in1.txt"]);
        assert_eq!(
            skips,
            [(
                "a.zip!/b.zip!/in2.txt".to_string(),
                SkipReason::ArchiveTooLarge
            )]
        );
    }

    #[test]
    fn a_member_over_the_size_bound_is_skipped_and_the_next_one_read() {
        let data = zip(&[("big.txt", &[b'y'; 5000]), ("small.txt", b"ok")]);
        let (members, skips) = run(&data, ArchiveLimits::default(), 4096);
        assert_eq!(members, ["a.zip!/small.txt"]);
        assert_eq!(
            skips,
            [(
                "a.zip!/big.txt".to_string(),
                SkipReason::ArchiveMemberTooLarge
            )]
        );
    }

    fn tar(members: &[(&str, &[u8])]) -> Vec<u8> {
        let mut builder = tar::Builder::new(Vec::new());
        for (name, data) in members {
            let mut header = tar::Header::new_ustar();
            header.set_size(data.len() as u64);
            header.set_mode(0o644);
            header.set_entry_type(tar::EntryType::Regular);
            builder.append_data(&mut header, name, *data).unwrap();
        }
        builder.into_inner().unwrap()
    }

    fn gzip(data: &[u8]) -> Vec<u8> {
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        encoder.write_all(data).unwrap();
        encoder.finish().unwrap()
    }

    fn compress(kind: ArchiveKind, data: &[u8]) -> Vec<u8> {
        match kind {
            ArchiveKind::TarGz | ArchiveKind::Gzip => gzip(data),
            ArchiveKind::TarBz2 | ArchiveKind::Bzip2 => {
                let mut encoder =
                    bzip2::write::BzEncoder::new(Vec::new(), bzip2::Compression::fast());
                encoder.write_all(data).unwrap();
                encoder.finish().unwrap()
            }
            ArchiveKind::TarXz | ArchiveKind::Xz => {
                let options = lzma_rust2::XzOptions::with_preset(1);
                let mut encoder = lzma_rust2::XzWriter::new(Vec::new(), options).unwrap();
                encoder.write_all(data).unwrap();
                encoder.finish().unwrap()
            }
            ArchiveKind::TarZst | ArchiveKind::Zstd => {
                ruzstd::encoding::compress_to_vec(data, ruzstd::encoding::CompressionLevel::Fastest)
            }
            ArchiveKind::Zip | ArchiveKind::Tar | ArchiveKind::Sqlite | ArchiveKind::Asar => {
                data.to_vec()
            }
        }
    }

    /// Members handed on, with their text, and skips with their detail.
    type Walked = (Vec<(String, String)>, Vec<(String, SkipReason, String)>);

    /// (members with their text, skips) of walking `data` as `kind`, located `label`.
    fn run_kind(kind: ArchiveKind, data: &[u8], label: &str, limits: ArchiveLimits) -> Walked {
        let (mut members, mut skips) = (Vec::new(), Vec::new());
        let mut buffer = Vec::new();
        walk(
            kind,
            Cursor::new(data),
            label,
            &limits,
            64 << 20,
            &mut buffer,
            &mut |event| match event {
                Event::Member { path, data } => {
                    members.push((path.to_string(), String::from_utf8_lossy(data).into_owned()))
                }
                Event::Skip {
                    path,
                    reason,
                    detail,
                } => skips.push((path, reason, detail)),
            },
        );
        (members, skips)
    }

    #[test]
    fn a_database_in_a_zip_is_read_table_by_table_and_a_corrupt_one_is_a_skip() {
        let db = crate::source::sqlite::database("CREATE TABLE users (login TEXT, api_token TEXT); INSERT INTO users VALUES ('ops', 'Zq8vLm');");
        let mut corrupt = db.clone();
        corrupt.truncate(120);
        let data = zip(&[("backup/app.db", &db), ("backup/old.sqlite3", &corrupt)]);
        let (members, skips) = run_kind(
            ArchiveKind::Zip,
            &data,
            "site.zip",
            ArchiveLimits::default(),
        );
        assert_eq!(
            members,
            vec![(
                "site.zip!/backup/app.db!/users.csv".to_string(),
                "login,api_token\nops,Zq8vLm\n".to_string()
            )]
        );
        assert_eq!(skips.len(), 1, "{skips:?}");
        assert_eq!(skips[0].0, "site.zip!/backup/old.sqlite3");
        assert_eq!(skips[0].1, SkipReason::ArchiveCorrupt);
        // a `.db` that is no SQLite database is not opened as one
        assert!(!magic_matches(ArchiveKind::Sqlite, b"bdb\0\0\0"));
    }

    #[test]
    fn compressed_tars_of_every_codec_are_opened() {
        let inner = tar(&[("app/.env", b"TOKEN=one\n"), ("app/b.txt", b"two")]);
        for (kind, name) in [
            (ArchiveKind::TarGz, "a.tar.gz"),
            (ArchiveKind::TarBz2, "a.tar.bz2"),
            (ArchiveKind::TarXz, "a.tar.xz"),
            (ArchiveKind::TarZst, "a.tar.zst"),
        ] {
            assert_eq!(kind_of(name), Some(kind));
            let data = compress(kind, &inner);
            assert!(magic_matches(kind, &data), "{name}");
            let (members, skips) = run_kind(kind, &data, name, ArchiveLimits::default());
            assert_eq!(
                members,
                [
                    (format!("{name}!/app/.env"), "TOKEN=one\n".to_string()),
                    (format!("{name}!/app/b.txt"), "two".to_string())
                ],
                "{name}"
            );
            assert!(skips.is_empty(), "{name}: {skips:?}");
        }
    }

    #[test]
    fn a_gem_opens_its_data_tar_and_its_gzipped_metadata() {
        let data = gzip(&tar(&[("lib/acme/config.rb", b"API_KEY = 'k'")]));
        let metadata = gzip(b"--- !ruby/object:Gem::Specification\nname: acme\n");
        let gem = tar(&[("metadata.gz", &metadata), ("data.tar.gz", &data)]);
        assert_eq!(kind_of("vendor/cache/acme-1.0.gem"), Some(ArchiveKind::Tar));
        let (members, skips) = run_kind(
            ArchiveKind::Tar,
            &gem,
            "acme-1.0.gem",
            ArchiveLimits::default(),
        );
        let paths: Vec<&str> = members.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(
            paths,
            [
                "acme-1.0.gem!/metadata.gz!/metadata",
                "acme-1.0.gem!/data.tar.gz!/lib/acme/config.rb"
            ]
        );
        assert!(members[0].1.contains("name: acme"));
        assert!(skips.is_empty(), "{skips:?}");
    }

    #[test]
    fn a_gzipped_member_is_bounded_by_the_ratio() {
        let bomb = gzip(&vec![b'a'; 6 << 20]);
        let outer = tar(&[("metadata.gz", &bomb)]);
        let (members, skips) =
            run_kind(ArchiveKind::Tar, &outer, "x.gem", ArchiveLimits::default());
        assert!(members.is_empty());
        assert_eq!(skips.len(), 1, "{skips:?}");
        assert_eq!(skips[0].0, "x.gem!/metadata.gz!/metadata");
        assert_eq!(skips[0].1, SkipReason::ArchiveBomb);
    }

    #[test]
    fn a_top_level_gz_is_not_an_archive_but_a_member_gz_is() {
        assert_eq!(kind_of("usr/share/doc/changelog.gz"), None);
        assert_eq!(
            member_kind_of("x.gem!/metadata.gz"),
            Some(ArchiveKind::Gzip)
        );
        assert_eq!(member_kind_of("a.jar!/b.tar.gz"), Some(ArchiveKind::TarGz));
    }

    #[test]
    fn oversized_decoder_windows_are_refused_before_decoding() {
        let inner = tar(&[("a.txt", b"x")]);
        // xz: the first block's LZMA2 dictionary property, raised to 1.5 GiB.
        let mut xz = compress(ArchiveKind::TarXz, &inner);
        let dictionary = xz_dictionary(&xz).unwrap();
        assert!(dictionary <= MAX_DECODER_WINDOW, "{dictionary}");
        let header = (usize::from(xz[12]) + 1) * 4;
        let property = (14..12 + header - 4)
            .find(|&i| xz[i] == 0x21 && xz[i + 1] == 1)
            .unwrap()
            + 2;
        xz[property] = 39;
        assert_eq!(xz_dictionary(&xz), Some(3 << 30));
        let (members, skips) = run_kind(
            ArchiveKind::TarXz,
            &xz,
            "a.tar.xz",
            ArchiveLimits::default(),
        );
        assert!(members.is_empty());
        assert_eq!(skips[0].1, SkipReason::ArchiveUnsupported);
        // zstd: a window descriptor of 2 GiB.
        let mut zst = compress(ArchiveKind::TarZst, &inner);
        assert!(zstd_window(&zst).is_some_and(|w| w <= MAX_DECODER_WINDOW));
        zst[4] &= !0x20; // not single-segment: a window descriptor follows
        zst.insert(5, 21 << 3);
        assert_eq!(zstd_window(&zst), Some(1 << 31));
        let (members, skips) = run_kind(
            ArchiveKind::TarZst,
            &zst,
            "a.tar.zst",
            ArchiveLimits::default(),
        );
        assert!(members.is_empty());
        assert_eq!(skips[0].1, SkipReason::ArchiveUnsupported);
    }

    #[test]
    fn window_headers_of_random_bytes_never_panic() {
        let mut state = 0x9E37_79B9_7F4A_7C15_u64;
        for _ in 0..20_000 {
            let mut head = Vec::with_capacity(64);
            let len = (state % 64) as usize;
            for _ in 0..len {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                head.push(state as u8);
            }
            // Force the magic so the parsers go past it.
            let mut xz = super::XZ_MAGIC.to_vec();
            xz.extend_from_slice(&[0; 6]);
            xz.extend_from_slice(&head);
            let _ = xz_dictionary(&xz);
            let mut zst = super::ZSTD_MAGIC.to_vec();
            zst.extend_from_slice(&head);
            let _ = zstd_window(&zst);
        }
    }

    #[test]
    fn zstd_streams_of_several_frames_after_a_skippable_one_are_read() {
        let inner = tar(&[("a.txt", &[b'x'; 3000]), ("b.env", b"K=v\n")]);
        // pzstd's layout: a skippable frame, then the data cut into independent frames.
        let mut data = vec![0x50, 0x2A, 0x4D, 0x18, 4, 0, 0, 0, 1, 2, 3, 4];
        for part in inner.chunks(1024) {
            data.extend(compress(ArchiveKind::TarZst, part));
        }
        assert!(magic_matches(ArchiveKind::TarZst, &data));
        let (members, skips) = run_kind(
            ArchiveKind::TarZst,
            &data,
            "p.tar.zst",
            ArchiveLimits::default(),
        );
        let paths: Vec<&str> = members.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(paths, ["p.tar.zst!/a.txt", "p.tar.zst!/b.env"]);
        assert!(skips.is_empty(), "{skips:?}");
    }

    #[test]
    fn a_corrupt_compressed_tar_is_a_counted_skip() {
        for kind in [ArchiveKind::TarBz2, ArchiveKind::TarXz, ArchiveKind::TarZst] {
            let mut data = compress(kind, &tar(&[("a.txt", &[b'q'; 4000])]));
            let len = data.len();
            data.truncate(len / 2);
            let (_, skips) = run_kind(kind, &data, "a", ArchiveLimits::default());
            assert_eq!(skips.len(), 1, "{kind:?}: {skips:?}");
            assert_eq!(skips[0].1, SkipReason::ArchiveCorrupt, "{kind:?}");
        }
    }

    /// An asar archive: its `files` table (offsets as given), then `data`.
    fn asar(files: serde_json::Value, data: &[u8]) -> Vec<u8> {
        let table = serde_json::to_vec(&serde_json::json!({ "files": files })).unwrap();
        let padded = table.len().div_ceil(4) * 4;
        let mut out = Vec::new();
        for word in [4, 8 + padded, 4 + padded, table.len()] {
            out.extend_from_slice(&(word as u32).to_le_bytes());
        }
        out.extend_from_slice(&table);
        out.resize(16 + padded, 0);
        out.extend_from_slice(data);
        out
    }

    #[test]
    fn asar_files_are_read_at_their_offsets_and_unpacked_files_and_links_are_not() {
        let data = b"{\"name\":\"app\"}\nconst key = 'k';\n";
        let files = serde_json::json!({
            "dist": { "files": { "config.js": { "size": 17, "offset": "15" } } },
            "package.json": { "size": 15, "offset": "0" },
            "native.node": { "size": 900, "unpacked": true },
            "latest.js": { "link": "dist/config.js" },
        });
        let archive = asar(files, data);
        assert!(magic_matches(ArchiveKind::Asar, &archive));
        assert!(!magic_matches(ArchiveKind::Asar, b"{\"files\": {}}"));
        let (members, skips) = run_kind(
            ArchiveKind::Asar,
            &archive,
            "app.asar",
            ArchiveLimits::default(),
        );
        assert_eq!(
            members,
            [
                (
                    "app.asar!/package.json".into(),
                    "{\"name\":\"app\"}\n".into()
                ),
                (
                    "app.asar!/dist/config.js".into(),
                    "const key = 'k';\n".into()
                ),
            ]
        );
        assert!(skips.is_empty(), "{skips:?}");
    }

    #[test]
    fn asar_files_placed_outside_the_archive_and_broken_tables_are_named_skips() {
        let files = serde_json::json!({
            "a.js": { "size": 4, "offset": "0" },
            "b.js": { "size": 4, "offset": "999" },
            "c.js": { "size": 4, "offset": "not a number" },
            "d.js": { "size": 4, "offset": "4" },
        });
        let (members, skips) = run_kind(
            ArchiveKind::Asar,
            &asar(files, b"aaa\nddd\n"),
            "x.asar",
            ArchiveLimits::default(),
        );
        let paths: Vec<&str> = members.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(paths, ["x.asar!/a.js", "x.asar!/d.js"]);
        let skipped: Vec<(&str, SkipReason)> =
            skips.iter().map(|(p, r, _)| (p.as_str(), *r)).collect();
        assert_eq!(
            skipped,
            [
                ("x.asar!/c.js", SkipReason::ArchiveCorrupt),
                ("x.asar!/b.js", SkipReason::ArchiveCorrupt)
            ]
        );
        // A table cut short, and sizes that do not fit: the whole archive is one skip.
        let mut cut = asar(
            serde_json::json!({ "a.js": { "size": 1, "offset": "0" } }),
            b"a",
        );
        cut.truncate(30);
        let mut lying = asar(serde_json::json!({}), b"");
        lying[4..8].copy_from_slice(&4000u32.to_le_bytes());
        for broken in [cut, lying] {
            let (members, skips) = run_kind(
                ArchiveKind::Asar,
                &broken,
                "y.asar",
                ArchiveLimits::default(),
            );
            assert!(members.is_empty());
            assert_eq!(skips.len(), 1, "{skips:?}");
            assert_eq!(skips[0].0, "y.asar");
            assert_eq!(skips[0].1, SkipReason::ArchiveCorrupt);
        }
    }

    #[test]
    fn kinds_come_from_the_last_component_only() {
        assert_eq!(kind_of("a.whl"), Some(ArchiveKind::Zip));
        assert_eq!(kind_of("x/Pkg.1.0.NUPKG"), Some(ArchiveKind::Zip));
        assert_eq!(kind_of("a.tgz"), Some(ArchiveKind::TarGz));
        assert_eq!(kind_of("a.tar"), Some(ArchiveKind::Tar));
        assert_eq!(kind_of("a.gz"), None);
        assert_eq!(kind_of(".tar.gz"), None);
        assert_eq!(kind_of("a.zip/readme"), None);
        assert_eq!(kind_of("zip"), None);
    }

    #[test]
    fn magic_decides_whether_a_named_archive_is_opened() {
        assert!(magic_matches(ArchiveKind::Zip, b"PK\x03\x04rest"));
        assert!(!magic_matches(ArchiveKind::Zip, b"TOKEN=x"));
        assert!(magic_matches(ArchiveKind::TarGz, &[0x1f, 0x8b, 8]));
        let mut tar = vec![0u8; 512];
        tar[257..262].copy_from_slice(b"ustar");
        assert!(magic_matches(ArchiveKind::Tar, &tar));
        assert!(!magic_matches(ArchiveKind::Tar, &tar[..100]));
    }

    #[test]
    fn outer_is_the_top_level_archive_of_a_member_location() {
        assert_eq!(outer("lib/a.jar!/b.zip!/c.env"), "lib/a.jar");
        assert_eq!(outer("odd!/name.txt"), "odd!/name.txt");
        assert_eq!(outer("x/odd!/a.zip!/c"), "x/odd!/a.zip");
        assert_eq!(outer("plain/file.env"), "plain/file.env");
    }
}
