//! Text inside compiled code: hard-coded credentials survive compilation as string
//! constants. A Java class file's constant pool holds every string literal (read with a
//! bounded parser of the documented class-file format, JVMS §4.4); a field initialised
//! with a constant (`static final String SECRET_ID = "…"`) is written `SECRET_ID = "…"`,
//! so that the key judge sees its name. Python bytecode (`.pyc`, marshal data whose
//! layout changes with each Python version) is read as `strings` reads a binary: each run
//! of at least [`MIN_RUN`] printable bytes is a line.
//!
//! The text produced is scanned as a file's text, located at the class file
//! (`app.jar!/com/acme/Config.class`); its line numbers count lines of that text.

/// The shortest printable run of a `.pyc` taken as a string.
pub const MIN_RUN: usize = 8;

/// A compiled-code format whose strings are extracted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bytecode {
    /// A Java class file (`.class`, magic `CAFEBABE`).
    JavaClass,
    /// Python bytecode (`.pyc`).
    Python,
}

/// The bytecode format a file name says (case-insensitive), if any.
///
/// # Example
/// ```
/// use vaultproof::source::bytecode::{kind_of, Bytecode};
/// assert_eq!(kind_of("app.jar!/com/acme/Config.class"), Some(Bytecode::JavaClass));
/// assert_eq!(kind_of("pkg/__pycache__/settings.cpython-311.pyc"), Some(Bytecode::Python));
/// assert_eq!(kind_of("Config.java"), None);
/// ```
pub fn kind_of(name: &str) -> Option<Bytecode> {
    let name = name.rsplit('/').next().unwrap_or(name);
    let dot = name.rfind('.')?;
    let extension = &name[dot + 1..];
    if extension.eq_ignore_ascii_case("class") {
        Some(Bytecode::JavaClass)
    } else if extension.eq_ignore_ascii_case("pyc") {
        Some(Bytecode::Python)
    } else {
        None
    }
}

/// Writes the strings of `data` (compiled code of `kind`) into `out`, one per line.
/// `Err` says what is malformed (never content); `out` then holds nothing of it.
///
/// # Example
/// ```
/// use vaultproof::source::bytecode::{strings, Bytecode};
/// let mut pyc = b"\x55\x0d\x0d\x0a".to_vec();
/// pyc.extend_from_slice(&[0; 12]);
/// pyc.extend_from_slice(b"\xe3\0\xfa\x20r4Nd0m-T0k3n-V4lu3-Th4t-1s-L0ng!\0");
/// let mut out = Vec::new();
/// strings(Bytecode::Python, &pyc, &mut out).unwrap();
/// assert!(out.ends_with(b"r4Nd0m-T0k3n-V4lu3-Th4t-1s-L0ng!\n"));
/// ```
pub fn strings(kind: Bytecode, data: &[u8], out: &mut Vec<u8>) -> Result<(), String> {
    out.clear();
    let result = match kind {
        Bytecode::JavaClass => class_strings(data, out),
        Bytecode::Python => python_strings(data, out),
    };
    if result.is_err() {
        zeroize::Zeroize::zeroize(out);
        out.clear();
    }
    result
}

/// The magic number of a Python 3 `.pyc`: two bytes of version, then `\r\n`.
fn python_strings(data: &[u8], out: &mut Vec<u8>) -> Result<(), String> {
    if data.len() < 16 || data[2..4] != *b"\r\n" {
        return Err("not Python bytecode: no .pyc magic number".to_string());
    }
    // The 16-byte header (magic, flags, source stamp) holds no text.
    for run in data[16..].split(|b| !(0x20..0x7f).contains(b) && *b != b'\t') {
        if run.len() >= MIN_RUN {
            out.extend_from_slice(run);
            out.push(b'\n');
        }
    }
    Ok(())
}

/// A class file's constant-pool entry, as far as string extraction needs it.
#[derive(Clone, Copy)]
enum Constant {
    /// A `CONSTANT_Utf8`: its bytes in the file.
    Utf8(usize, usize),
    /// A `CONSTANT_String`: the index of its `CONSTANT_Utf8`.
    String(u16),
    /// Anything else, or the unusable slot after a long or double.
    Other,
}

/// A bounds-checked big-endian reader over a class file.
struct Cursor<'a> {
    data: &'a [u8],
    at: usize,
}

impl Cursor<'_> {
    fn take(&mut self, n: usize) -> Result<usize, String> {
        let start = self.at;
        let end = start
            .checked_add(n)
            .filter(|&end| end <= self.data.len())
            .ok_or_else(|| format!("truncated class file at byte {start}"))?;
        self.at = end;
        Ok(start)
    }

    fn u8(&mut self) -> Result<u8, String> {
        let at = self.take(1)?;
        Ok(self.data[at])
    }

    fn u16(&mut self) -> Result<u16, String> {
        let at = self.take(2)?;
        Ok(u16::from_be_bytes([self.data[at], self.data[at + 1]]))
    }

    fn u32(&mut self) -> Result<u32, String> {
        let at = self.take(4)?;
        let b = &self.data[at..at + 4];
        Ok(u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
    }
}

fn class_strings(data: &[u8], out: &mut Vec<u8>) -> Result<(), String> {
    let mut c = Cursor { data, at: 0 };
    if c.u32().ok() != Some(0xCAFE_BABE) {
        return Err("not a Java class file: no CAFEBABE magic number".to_string());
    }
    c.take(4)?; // minor and major version
    let count = c.u16()?;
    let mut pool = vec![Constant::Other; usize::from(count)];
    let mut index = 1;
    while index < usize::from(count) {
        let tag = c.u8()?;
        pool[index] = match tag {
            1 => {
                let len = usize::from(c.u16()?);
                Constant::Utf8(c.take(len)?, len)
            }
            8 => Constant::String(c.u16()?),
            7 | 16 | 19 | 20 => {
                c.take(2)?;
                Constant::Other
            }
            15 => {
                c.take(3)?;
                Constant::Other
            }
            3 | 4 | 9 | 10 | 11 | 12 | 17 | 18 => {
                c.take(4)?;
                Constant::Other
            }
            5 | 6 => {
                c.take(8)?;
                index += 1; // a long or double takes two slots
                Constant::Other
            }
            _ => return Err(format!("unknown constant-pool tag {tag} at entry {index}")),
        };
        index += 1;
    }
    let utf8 = |i: u16| match pool.get(usize::from(i)) {
        Some(&Constant::Utf8(start, len)) => Some(&data[start..start + len]),
        _ => None,
    };
    let string = |i: u16| match pool.get(usize::from(i)) {
        Some(&Constant::String(s)) => utf8(s),
        _ => None,
    };
    // Fields with a constant initial value: `NAME = "value"`, so the key is judged too.
    let mut named = Vec::new();
    c.take(6)?; // access flags, this class, super class
    let interfaces = usize::from(c.u16()?);
    c.take(interfaces * 2)?;
    let fields = c.u16()?;
    for _ in 0..fields {
        c.take(2)?; // access flags
        let name = c.u16()?;
        c.take(2)?; // descriptor
        for _ in 0..c.u16()? {
            let attribute = c.u16()?;
            let len = c.u32()? as usize;
            let body = c.take(len)?;
            if utf8(attribute) == Some(b"ConstantValue") && len == 2 {
                let value = u16::from_be_bytes([data[body], data[body + 1]]);
                if let (Some(name), Some(text)) = (utf8(name), string(value)) {
                    out.extend_from_slice(name);
                    out.extend_from_slice(b" = \"");
                    out.extend_from_slice(text);
                    out.extend_from_slice(b"\"\n");
                    named.push(value);
                }
            }
        }
    }
    // Every other string literal on its own line.
    for (i, constant) in pool.iter().enumerate() {
        if let Constant::String(s) = *constant {
            if named.contains(&(i as u16)) {
                continue;
            }
            if let Some(text) = utf8(s).filter(|t| !t.is_empty()) {
                out.extend_from_slice(text);
                out.push(b'\n');
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{kind_of, strings, Bytecode};

    /// A minimal class file: constant pool of `entries`, no interfaces, `fields` as
    /// (name index, ConstantValue index) pairs, no methods.
    pub(crate) fn class_file(entries: &[Vec<u8>], fields: &[(u16, u16)], attr: u16) -> Vec<u8> {
        let mut out = vec![0xCA, 0xFE, 0xBA, 0xBE, 0, 0, 0, 52];
        // A long or a double takes two slots.
        let slots = entries
            .iter()
            .map(|e| if matches!(e[0], 5 | 6) { 2 } else { 1 });
        out.extend_from_slice(&(slots.sum::<u16>() + 1).to_be_bytes());
        for entry in entries {
            out.extend_from_slice(entry);
        }
        out.extend_from_slice(&[0, 0x21, 0, 1, 0, 0]); // flags, this, super
        out.extend_from_slice(&[0, 0]); // interfaces
        out.extend_from_slice(&(fields.len() as u16).to_be_bytes());
        for &(name, value) in fields {
            out.extend_from_slice(&[0, 0x19]);
            out.extend_from_slice(&name.to_be_bytes());
            out.extend_from_slice(&name.to_be_bytes()); // descriptor: any utf8
            out.extend_from_slice(&[0, 1]);
            out.extend_from_slice(&attr.to_be_bytes());
            out.extend_from_slice(&[0, 0, 0, 2]);
            out.extend_from_slice(&value.to_be_bytes());
        }
        out.extend_from_slice(&[0, 0, 0, 0]); // methods, attributes
        out
    }

    pub(crate) fn utf8(text: &str) -> Vec<u8> {
        let mut entry = vec![1];
        entry.extend_from_slice(&(text.len() as u16).to_be_bytes());
        entry.extend_from_slice(text.as_bytes());
        entry
    }

    pub(crate) fn string(index: u16) -> Vec<u8> {
        let mut entry = vec![8];
        entry.extend_from_slice(&index.to_be_bytes());
        entry
    }

    #[test]
    fn class_constants_and_string_literals_become_lines() {
        let entries = [
            utf8("ConstantValue"),           // 1
            utf8("SECRET_ID"),               // 2
            utf8("kx81-value-one"),          // 3
            string(3),                       // 4
            vec![5, 0, 0, 0, 0, 0, 0, 0, 7], // 5, 6: a long
            utf8("https://api.acme.io"),     // 7
            string(7),                       // 8
        ];
        let data = class_file(&entries, &[(2, 4)], 1);
        let mut out = Vec::new();
        strings(Bytecode::JavaClass, &data, &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "SECRET_ID = \"kx81-value-one\"\nhttps://api.acme.io\n"
        );
    }

    #[test]
    fn malformed_class_files_are_errors_not_panics() {
        let entries = [utf8("ConstantValue"), utf8("A"), utf8("b"), string(3)];
        let data = class_file(&entries, &[(2, 4)], 1);
        let mut out = Vec::new();
        for cut in 0..data.len() - 4 {
            assert!(strings(Bytecode::JavaClass, &data[..cut], &mut out).is_err());
            assert!(out.is_empty());
        }
        let mut bad_tag = data.clone();
        bad_tag[10] = 99;
        let error = strings(Bytecode::JavaClass, &bad_tag, &mut out).unwrap_err();
        assert!(error.contains("tag 99"), "{error}");
        // Indexes out of the pool are ignored, not followed.
        let data = class_file(&[utf8("ConstantValue"), string(40)], &[(9, 2)], 1);
        strings(Bytecode::JavaClass, &data, &mut out).unwrap();
        assert!(out.is_empty());
    }

    #[test]
    fn random_class_files_are_errors_or_strings_never_panics() {
        let mut state = 0x2545_F491_4F6C_DD1D_u64;
        let mut out = Vec::new();
        for _ in 0..20_000 {
            let mut data = vec![0xCA, 0xFE, 0xBA, 0xBE];
            for _ in 0..(state % 200) {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                data.push(state as u8);
            }
            let _ = strings(Bytecode::JavaClass, &data, &mut out);
        }
    }

    #[test]
    fn pyc_printable_runs_of_eight_or_more_are_lines() {
        let mut pyc = b"\xa7\x0d\x0d\x0a\0\0\0\0\0\0\0\0\0\0\0\0".to_vec();
        pyc.extend_from_slice(b"\xe3short\x01\xfa\x28abcdefgh12345678\x00\x7fDB_PASSWORD\x00");
        let mut out = Vec::new();
        strings(Bytecode::Python, &pyc, &mut out).unwrap();
        assert_eq!(out, b"(abcdefgh12345678\nDB_PASSWORD\n");
        assert!(strings(Bytecode::Python, b"not python bytecode", &mut out).is_err());
    }

    #[test]
    fn kinds_by_extension() {
        assert_eq!(kind_of("A.CLASS"), Some(Bytecode::JavaClass));
        assert_eq!(kind_of("x.pyc"), Some(Bytecode::Python));
        assert_eq!(kind_of("x.py"), None);
        assert_eq!(kind_of("classes/readme"), None);
    }
}
