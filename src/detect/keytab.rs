//! Kerberos keytabs: binary files (MIT format, version `0x0502`) that hold a principal's
//! long-term keys, as good as its password. They are binary (NUL bytes throughout), so the
//! text rules never see them: a file that starts with the keytab magic is parsed here, and
//! one that parses is reported whole under [`RULE_ID`]. Nothing of the key material leaves
//! this module; the principal name is shown only redacted.
//!
//! Format (MIT `keytab.txt`): `05 02`, then records `i32 size` (negative: a hole), each
//! record `u16 count of components` (realm not included), realm and components as
//! `u16 length` + bytes, `u32 name type`, `u32 timestamp`, `u8 kvno`, `u16 enctype`,
//! `u16 key length` + key bytes, and an optional `u32 kvno` in the rest of the record.

use crate::detect::rules::Rule;
use crate::finding::{redact, AuditKey, FindingKind, Fingerprint, Severity};

/// The rule id keytab findings are reported under.
pub const RULE_ID: &str = "vp.kerberos.keytab.1";

/// The magic of a version 2 keytab.
pub const MAGIC: [u8; 2] = [0x05, 0x02];

/// More entries than this in one file is not a keytab anyone wrote.
const MAX_ENTRIES: usize = 100_000;

/// What a parsed keytab holds, without its keys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keytab {
    /// Key entries (holes not counted).
    pub entries: usize,
    /// The first entry's principal, `comp1/comp2@REALM` (shown only redacted).
    pub principal: String,
}

/// Whether `data` starts like a keytab (cheap: the two magic bytes).
pub fn has_magic(data: &[u8]) -> bool {
    data.starts_with(&MAGIC)
}

/// Parses `data` as a version 2 keytab; `None` unless the whole file is a sequence of
/// well-formed records (holes allowed) with at least one key.
pub fn parse(data: &[u8]) -> Option<Keytab> {
    let mut rest = data.strip_prefix(&MAGIC)?;
    let mut entries = 0;
    let mut principal = None;
    while !rest.is_empty() {
        let size = i32::from_be_bytes(take(&mut rest, 4)?.try_into().ok()?);
        let length = size.unsigned_abs() as usize;
        let record = take(&mut rest, length)?;
        if size < 0 {
            continue; // a hole left by a deleted entry
        }
        if size == 0 {
            // Zero-filled tail of a preallocated file: only zeros may follow.
            if rest.iter().all(|&b| b == 0) {
                break;
            }
            return None;
        }
        let name = parse_entry(record)?;
        if principal.is_none() {
            principal = Some(name);
        }
        entries += 1;
        if entries > MAX_ENTRIES {
            return None;
        }
    }
    Some(Keytab {
        entries,
        principal: principal?,
    })
}

/// One record: its principal as `comp/comp@REALM`, if every field is in bounds and the
/// key is not empty.
fn parse_entry(mut record: &[u8]) -> Option<String> {
    let components = u16::from_be_bytes(take(&mut record, 2)?.try_into().ok()?);
    if components == 0 {
        return None;
    }
    let realm = counted(&mut record)?;
    let mut name = Vec::new();
    for i in 0..components {
        if i > 0 {
            name.push(b'/');
        }
        name.extend_from_slice(counted(&mut record)?);
    }
    name.push(b'@');
    name.extend_from_slice(realm);
    // name type (4), timestamp (4), kvno (1), enctype (2)
    take(&mut record, 11)?;
    let key = counted(&mut record)?;
    if key.is_empty() {
        return None;
    }
    // An optional 32-bit kvno; anything else left over is not a keytab record.
    if !(record.is_empty() || record.len() == 4) {
        return None;
    }
    let name = String::from_utf8(name).ok()?;
    if name.chars().any(char::is_control) {
        return None;
    }
    Some(name)
}

fn take<'a>(data: &mut &'a [u8], n: usize) -> Option<&'a [u8]> {
    if data.len() < n {
        return None;
    }
    let (head, tail) = data.split_at(n);
    *data = tail;
    Some(head)
}

/// A `u16` length and that many bytes.
fn counted<'a>(data: &mut &'a [u8]) -> Option<&'a [u8]> {
    let length = u16::from_be_bytes(take(data, 2)?.try_into().ok()?);
    take(data, length as usize)
}

/// The fingerprint of a keytab (of its whole bytes: a keytab is one credential) and its
/// preview: the entry count and the principal redacted, never a key.
pub fn describe(keytab: &Keytab, data: &[u8], key: &AuditKey) -> (Fingerprint, String) {
    let fingerprint = key.fingerprint(data);
    let entries = if keytab.entries == 1 {
        "1 entry".to_string()
    } else {
        format!("{} entries", keytab.entries)
    };
    let preview = format!(
        "keytab: {entries}, principal {}",
        redact(keytab.principal.as_bytes())
    );
    (fingerprint, preview)
}

/// The rule keytab findings are reported under (added to the matcher without a keyword).
pub fn rule() -> Rule {
    Rule::structural(
        RULE_ID,
        "Kerberos keytab (long-term keys of a principal)",
        "kerberos",
        FindingKind::PrivateKey,
        Severity::High,
    )
}

#[cfg(test)]
mod tests {
    use super::{parse, Keytab, MAGIC};

    /// Writes a version 2 keytab with one entry per `(components, realm, enctype, key)`;
    /// used by tests to build fixtures from random keys.
    fn write(entries: &[(&[&str], &str, u16, &[u8])]) -> Vec<u8> {
        let mut out = MAGIC.to_vec();
        for (components, realm, enctype, key) in entries {
            let mut record = Vec::new();
            record.extend((components.len() as u16).to_be_bytes());
            let mut counted = |bytes: &[u8]| {
                record.extend((bytes.len() as u16).to_be_bytes());
                record.extend_from_slice(bytes);
            };
            counted(realm.as_bytes());
            for component in *components {
                counted(component.as_bytes());
            }
            record.extend(1u32.to_be_bytes()); // KRB5_NT_PRINCIPAL
            record.extend(1_700_000_000u32.to_be_bytes());
            record.push(3);
            record.extend(enctype.to_be_bytes());
            record.extend((key.len() as u16).to_be_bytes());
            record.extend_from_slice(key);
            record.extend(3u32.to_be_bytes());
            out.extend((record.len() as i32).to_be_bytes());
            out.extend(record);
        }
        out
    }

    fn key(seed: u8) -> Vec<u8> {
        (0..32u8)
            .map(|i| i.wrapping_mul(37).wrapping_add(seed))
            .collect()
    }

    #[test]
    fn a_written_keytab_parses_with_its_entries_and_first_principal() {
        let k1 = key(1);
        let k2 = key(2);
        let data = write(&[
            (&["HTTP", "web.example.test"], "EXAMPLE.TEST", 18, &k1),
            (&["HTTP", "web.example.test"], "EXAMPLE.TEST", 17, &k2),
        ]);
        assert_eq!(
            parse(&data),
            Some(Keytab {
                entries: 2,
                principal: "HTTP/web.example.test@EXAMPLE.TEST".into()
            })
        );
    }

    #[test]
    fn holes_and_a_zero_tail_are_accepted() {
        let k = key(3);
        let mut data = write(&[(&["svc"], "R.TEST", 18, &k)]);
        let mut with_hole = data[..2].to_vec();
        with_hole.extend((-6i32).to_be_bytes());
        with_hole.extend([0u8; 6]);
        with_hole.extend(&data[2..]);
        assert_eq!(parse(&with_hole).unwrap().entries, 1);
        data.extend([0u8; 64]);
        assert_eq!(parse(&data).unwrap().entries, 1);
    }

    #[test]
    fn random_bytes_after_the_magic_or_a_truncated_record_do_not_parse() {
        let mut noise = vec![0x05, 0x02];
        let mut x: u32 = 0x1234_5678;
        for _ in 0..4096 {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            noise.push(x as u8);
        }
        assert_eq!(parse(&noise), None);
        let k = key(4);
        let data = write(&[(&["svc"], "R.TEST", 18, &k)]);
        assert_eq!(parse(&data[..data.len() - 3]), None);
        assert_eq!(parse(&[0x05, 0x02]), None, "no entry: not reported");
        assert_eq!(parse(b"\x05\x01"), None);
    }
}
