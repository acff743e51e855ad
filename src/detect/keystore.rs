//! Binary private keys and key stores: a Java KeyStore (JKS or JCEKS) holding a private
//! or secret key, a PKCS#12 file (`.p12`, `.pfx`) holding a key bag, and a DER-encoded
//! private key (PKCS#1 RSA, SEC 1 EC, PKCS#8, encrypted PKCS#8). They are binary, so the
//! text rules never see them: a binary file that starts like one is parsed here by its
//! structure, and one that holds a key is reported whole under [`RULE_ID`]. A store of
//! trusted certificates only (a `cacerts`, a truststore) and a DER certificate hold no
//! secret and are not reported. A PKCS#12 file whose contents are all encrypted (older
//! JDKs' keytool wrote the key bag inside) is opened under the passwords tools and
//! samples leave stores under ([`DEFAULT_STORE_PASSWORDS`]): one that opens and holds a
//! key is reported, one that opens to certificates only is a truststore, and one that
//! opens under none is counted as a skipped file ([`Inspection::LockedPkcs12`]). Nothing
//! of the key material leaves this module.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use zeroize::Zeroizing;

use crate::detect::rules::Rule;
use crate::finding::{AuditKey, FindingKind, Fingerprint, Severity};

/// The rule id binary key findings are reported under.
pub const RULE_ID: &str = "vp.private-key.binary-keystore.1";

/// The magic of a Java KeyStore.
const JKS_MAGIC: [u8; 4] = [0xFE, 0xED, 0xFE, 0xED];
/// The magic of a JCE KeyStore.
const JCEKS_MAGIC: [u8; 4] = [0xCE, 0xCE, 0xCE, 0xCE];

/// DER tags this module reads.
const SEQUENCE: u8 = 0x30;
const INTEGER: u8 = 0x02;
const OCTET_STRING: u8 = 0x04;
const OID: u8 = 0x06;

/// The PKCS#12 key bag and shrouded key bag types (1.2.840.113549.1.12.10.1.1 and .2),
/// as DER content octets without their last arc.
const PKCS12_KEY_BAG_PREFIX: [u8; 10] =
    [0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x0C, 0x0A, 0x01];
/// The PKCS#7 content types (1.2.840.113549.1.7.x: 1 `data`, 2 `signedData`, 6
/// `encryptedData`), without their last arc.
const PKCS7_PREFIX: [u8; 8] = [0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07];
/// Passwords tools and samples leave key stores under: none, the JDK's `changeit` (its
/// `cacerts`), and the words tutorials and generated stores use. A store that opens under
/// one of them is as readable as a key in plain text.
const DEFAULT_STORE_PASSWORDS: [&str; 8] = [
    "", "changeit", "password", "changeme", "secret", "123456", "keystore", "test",
];
/// The largest PKCS#12 file tried under the default passwords, and the most iterations of
/// its key derivation: a store with a key and its chain is a few KiB, and tools iterate
/// 1,024 to 100,000 times. A file past either stays locked rather than costing a worker
/// seconds per password.
const MAX_TRIED_PKCS12_BYTES: usize = 64 * 1024;
const MAX_TRIED_ITERATIONS: u32 = 200_000;
/// PKCS#12's own password-based encryption schemes (1.2.840.113549.1.12.1.x), without
/// their last arc: 3 is three-key 3DES, 5 RC2 with a 128-bit key, 6 RC2 with a 40-bit key.
const PKCS12_PBE_PREFIX: [u8; 9] = [0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x0C, 0x01];
/// PKCS#5 and PKCS#12 password-based encryption schemes (1.2.840.113549.1.5.x and
/// 1.2.840.113549.1.12.1.x), the algorithm of an encrypted PKCS#8 key.
const PBE_PREFIXES: [&[u8]; 2] = [
    &[0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x05],
    &[0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x0C, 0x01],
];

/// What kind of key container a file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keystore {
    /// A Java KeyStore with a private key entry.
    Jks,
    /// A JCE KeyStore with a private or secret key entry.
    Jceks,
    /// A PKCS#12 file with a key bag.
    Pkcs12,
    /// A PKCS#12 file whose encrypted contents open under a default password to a key.
    Pkcs12UnderDefaultPassword,
    /// A PKCS#8 private key.
    Pkcs8,
    /// A password-encrypted PKCS#8 private key.
    EncryptedPkcs8,
    /// A PKCS#1 RSA private key.
    Rsa,
    /// A SEC 1 EC private key.
    Ec,
}

impl Keystore {
    /// How the finding's preview names the file.
    fn label(self) -> &'static str {
        match self {
            Keystore::Jks => "Java KeyStore with a private key",
            Keystore::Jceks => "JCE KeyStore with a key",
            Keystore::Pkcs12 => "PKCS#12 file with a private key",
            Keystore::Pkcs12UnderDefaultPassword => {
                "PKCS#12 file with a private key under a well-known default password"
            }
            Keystore::Pkcs8 => "DER PKCS#8 private key",
            Keystore::EncryptedPkcs8 => "DER encrypted PKCS#8 private key",
            Keystore::Rsa => "DER RSA private key",
            Keystore::Ec => "DER EC private key",
        }
    }

    /// The label a key of this kind is armoured under in PEM; `None` for the key stores,
    /// which have no PEM form.
    fn pem_label(self) -> Option<&'static str> {
        match self {
            Keystore::Pkcs8 => Some("PRIVATE KEY"),
            Keystore::EncryptedPkcs8 => Some("ENCRYPTED PRIVATE KEY"),
            Keystore::Rsa => Some("RSA PRIVATE KEY"),
            Keystore::Ec => Some("EC PRIVATE KEY"),
            Keystore::Jks
            | Keystore::Jceks
            | Keystore::Pkcs12
            | Keystore::Pkcs12UnderDefaultPassword => None,
        }
    }
}

/// What a binary file holds, as far as [`inspect`] can tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Inspection {
    /// A key, or a key store holding one.
    Key(Keystore),
    /// A PKCS#12 file whose encrypted contents none of [`DEFAULT_STORE_PASSWORDS`] opens
    /// (or that was too large or too costly to try, or is in a scheme not read here):
    /// whether it holds a key cannot be told.
    LockedPkcs12,
    /// No key container, or one without a key (a truststore, a certificate).
    NoKey,
}

/// Parses `data` as a key container; `None` unless it is one that holds a key.
pub fn parse(data: &[u8]) -> Option<Keystore> {
    match inspect(data) {
        Inspection::Key(kind) => Some(kind),
        Inspection::LockedPkcs12 | Inspection::NoKey => None,
    }
}

/// Reads `data` as a key container. Anything that does not start with a key store's
/// magic or a DER SEQUENCE is turned away at its first bytes.
pub fn inspect(data: &[u8]) -> Inspection {
    if let Some(rest) = data.strip_prefix(&JKS_MAGIC) {
        return holds_key(java_keystore_has_key(rest, false), Keystore::Jks);
    }
    if let Some(rest) = data.strip_prefix(&JCEKS_MAGIC) {
        return holds_key(java_keystore_has_key(rest, true), Keystore::Jceks);
    }
    let Some((outer, trailing)) = der(data, SEQUENCE) else {
        return Inspection::NoKey;
    };
    // A file ends with its structure; at most a line break after it.
    if trailing.len() > 2 || trailing.iter().any(|&b| b != b'\n' && b != b'\r') {
        return Inspection::NoKey;
    }
    if let Some(kind) = der_key(outer) {
        return Inspection::Key(kind);
    }
    open_encrypted_pkcs12(data, outer)
}

/// [`Inspection::Key`] of `kind` if `key`, else [`Inspection::NoKey`].
fn holds_key(key: bool, kind: Keystore) -> Inspection {
    if key {
        Inspection::Key(kind)
    } else {
        Inspection::NoKey
    }
}

/// A PKCS#12 file's encrypted contents (the PFX is the outer SEQUENCE's `body`), opened
/// under each of [`DEFAULT_STORE_PASSWORDS`]. Older JDKs wrote the key bag inside them, so
/// no key bag shows: a key in what a default opens is reported, certificates only are a
/// truststore, and contents no default opens (or too large or too costly to try, or in a
/// scheme not read here) leave the file locked. Nothing opened leaves this function: only
/// whether a key bag is in it.
fn open_encrypted_pkcs12(data: &[u8], body: &[u8]) -> Inspection {
    let Some(contents) = encrypted_contents(body) else {
        return Inspection::NoKey;
    };
    if contents.is_empty() {
        return Inspection::NoKey;
    }
    let triable = data.len() <= MAX_TRIED_PKCS12_BYTES
        && contents.iter().all(|c| {
            c.scheme
                .is_some_and(|scheme| scheme.iterations() <= MAX_TRIED_ITERATIONS)
        });
    if !triable {
        return Inspection::LockedPkcs12;
    }
    let mut locked = false;
    for content in &contents {
        match open_under_default_passwords(content) {
            Some(plain) if holds_key_bag(&plain) => {
                return Inspection::Key(Keystore::Pkcs12UnderDefaultPassword)
            }
            Some(_) => {}
            None => locked = true,
        }
    }
    if locked {
        Inspection::LockedPkcs12
    } else {
        Inspection::NoKey
    }
}

/// One `encryptedData` of a PFX: its scheme (`None` when not one read here) and its
/// ciphertext.
struct EncryptedContent<'a> {
    scheme: Option<Scheme<'a>>,
    ciphertext: &'a [u8],
}

/// How an `encryptedData` is keyed and encrypted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scheme<'a> {
    /// PKCS#12's own scheme (legacy stores): a cipher keyed by RFC 7292's derivation.
    Pkcs12 {
        cipher: Pbe,
        salt: &'a [u8],
        iterations: u32,
    },
    /// PBES2 (OpenSSL 3 and current JDKs): PBKDF2 with an HMAC, then AES-CBC.
    Pbes2 {
        sha256: bool,
        salt: &'a [u8],
        iterations: u32,
        key_len: usize,
        iv: &'a [u8],
    },
}

impl Scheme<'_> {
    /// How many times the key derivation iterates.
    fn iterations(&self) -> u32 {
        match *self {
            Scheme::Pkcs12 { iterations, .. } | Scheme::Pbes2 { iterations, .. } => iterations,
        }
    }

    /// `ciphertext` decrypted under `password`; `None` when the padding is wrong (a wrong
    /// password, nearly always).
    fn decrypt(&self, password: &str, ciphertext: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
        match *self {
            Scheme::Pkcs12 {
                cipher,
                salt,
                iterations,
            } => {
                let bmp = bmp_password(password);
                let key = pkcs12_derive(&bmp, salt, KEY_MATERIAL, iterations, cipher.key_len());
                let iv = pkcs12_derive(&bmp, salt, IV_MATERIAL, iterations, 8);
                cipher.decrypt(&key, &iv, ciphertext)
            }
            Scheme::Pbes2 {
                sha256,
                salt,
                iterations,
                key_len,
                iv,
            } => {
                let mut key = Zeroizing::new(vec![0u8; key_len]);
                if sha256 {
                    pbkdf2::pbkdf2_hmac::<sha2::Sha256>(
                        password.as_bytes(),
                        salt,
                        iterations,
                        &mut key,
                    );
                } else {
                    pbkdf2::pbkdf2_hmac::<sha1::Sha1>(
                        password.as_bytes(),
                        salt,
                        iterations,
                        &mut key,
                    );
                }
                aes_cbc_decrypt(&key, iv, ciphertext)
            }
        }
    }
}

/// PKCS#12's password-based encryption schemes that legacy stores use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pbe {
    /// pbeWithSHAAnd3-KeyTripleDES-CBC.
    TripleDes,
    /// pbeWithSHAAnd128BitRC2-CBC.
    Rc2With128BitKey,
    /// pbeWithSHAAnd40BitRC2-CBC.
    Rc2With40BitKey,
}

impl Pbe {
    /// The scheme an algorithm OID's content octets name.
    fn from_oid(oid: &[u8]) -> Option<Pbe> {
        match oid.strip_prefix(&PKCS12_PBE_PREFIX)? {
            [3] => Some(Pbe::TripleDes),
            [5] => Some(Pbe::Rc2With128BitKey),
            [6] => Some(Pbe::Rc2With40BitKey),
            _ => None,
        }
    }

    /// The cipher's key length in bytes.
    fn key_len(self) -> usize {
        match self {
            Pbe::TripleDes => 24,
            Pbe::Rc2With128BitKey => 16,
            Pbe::Rc2With40BitKey => 5,
        }
    }

    /// `ciphertext` decrypted in CBC mode and unpadded.
    fn decrypt(self, key: &[u8], iv: &[u8], ciphertext: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
        match self {
            Pbe::TripleDes => cbc_decrypt::<des::TdesEde3>(key, iv, ciphertext),
            Pbe::Rc2With128BitKey | Pbe::Rc2With40BitKey => {
                cbc_decrypt::<rc2::Rc2>(key, iv, ciphertext)
            }
        }
    }
}

/// `ciphertext` decrypted with AES in CBC mode (the key's length picks AES-128, -192 or
/// -256) and unpadded.
fn aes_cbc_decrypt(key: &[u8], iv: &[u8], ciphertext: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
    match key.len() {
        16 => cbc_decrypt::<aes::Aes128>(key, iv, ciphertext),
        24 => cbc_decrypt::<aes::Aes192>(key, iv, ciphertext),
        _ => cbc_decrypt::<aes::Aes256>(key, iv, ciphertext),
    }
}

/// `ciphertext` decrypted with the block cipher `C` in CBC mode and unpadded; `None` when
/// the key or IV has the wrong length or the padding is wrong (a wrong password, nearly
/// always).
fn cbc_decrypt<C>(key: &[u8], iv: &[u8], ciphertext: &[u8]) -> Option<Zeroizing<Vec<u8>>>
where
    C: cbc::cipher::BlockCipherDecrypt + cbc::cipher::KeyInit,
{
    use cbc::cipher::block_padding::Pkcs7;
    use cbc::cipher::{BlockModeDecrypt, KeyIvInit};
    cbc::Decryptor::<C>::new_from_slices(key, iv)
        .ok()?
        .decrypt_padded_vec::<Pkcs7>(ciphertext)
        .ok()
        .map(Zeroizing::new)
}

/// PBES2 and PBKDF2 (1.2.840.113549.1.5.13 and .12), HMAC-SHA256 as PBKDF2's function
/// (1.2.840.113549.2.9; HMAC-SHA1 is the default), and AES-CBC (2.16.840.1.101.3.4.1.x:
/// 2 for a 128-bit key, 22 for 192, 42 for 256), as DER content octets.
const PBES2: [u8; 9] = [0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x05, 0x0D];
const PBKDF2: [u8; 9] = [0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x05, 0x0C];
const HMAC_WITH_SHA256: [u8; 8] = [0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x02, 0x09];
const AES_CBC_PREFIX: [u8; 8] = [0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x01];

/// The scheme an `encryptedData`'s algorithm identifier (its SEQUENCE's content) names,
/// with its parameters; `None` for any other.
fn scheme(algorithm: &[u8]) -> Option<Scheme<'_>> {
    let (oid, params) = der(algorithm, OID)?;
    if let Some(cipher) = Pbe::from_oid(oid) {
        let (params, _) = der(params, SEQUENCE)?;
        let (salt, rest) = der(params, OCTET_STRING)?;
        let (count, _) = der(rest, INTEGER)?;
        return Some(Scheme::Pkcs12 {
            cipher,
            salt,
            iterations: small_uint(count)?,
        });
    }
    if oid != PBES2 {
        return None;
    }
    let (params, _) = der(params, SEQUENCE)?;
    let (kdf, rest) = der(params, SEQUENCE)?;
    let (kdf_oid, kdf_params) = der(kdf, OID)?;
    if kdf_oid != PBKDF2 {
        return None;
    }
    // PBKDF2-params: salt, iteration count, an optional key length, an optional function.
    let (kdf_params, _) = der(kdf_params, SEQUENCE)?;
    let (salt, after_salt) = der(kdf_params, OCTET_STRING)?;
    let (count, mut after_count) = der(after_salt, INTEGER)?;
    if let Some((_, after_length)) = der(after_count, INTEGER) {
        after_count = after_length;
    }
    let sha256 = match der(after_count, SEQUENCE) {
        Some((prf, _)) => der(prf, OID)?.0 == HMAC_WITH_SHA256,
        None => false,
    };
    let (encryption, _) = der(rest, SEQUENCE)?;
    let (cipher_oid, cipher_params) = der(encryption, OID)?;
    let key_len = match cipher_oid.strip_prefix(&AES_CBC_PREFIX)? {
        [2] => 16,
        [22] => 24,
        [42] => 32,
        _ => return None,
    };
    let (iv, _) = der(cipher_params, OCTET_STRING)?;
    Some(Scheme::Pbes2 {
        sha256,
        salt,
        iterations: small_uint(count)?,
        key_len,
        iv,
    })
}

/// A DER INTEGER's content as a `u32`, if it is non-negative and fits.
fn small_uint(bytes: &[u8]) -> Option<u32> {
    let start = bytes.iter().take_while(|&&b| b == 0).count();
    let significant = &bytes[start..];
    (significant.len() <= 4 && bytes.first().is_some_and(|&b| b < 0x80)).then(|| {
        significant
            .iter()
            .fold(0u32, |acc, &b| (acc << 8) | u32::from(b))
    })
}

/// The `encryptedData` contents of a PFX's authenticated safe (`body` is the PFX's outer
/// SEQUENCE); `None` when `body` is no version-3 PFX with a `data` safe.
fn encrypted_contents(body: &[u8]) -> Option<Vec<EncryptedContent<'_>>> {
    let (version, rest) = der(body, INTEGER)?;
    let (content_info, _) = der(rest, SEQUENCE)?;
    let (content_type, rest) = der(content_info, OID)?;
    if version != [3] || content_type.strip_prefix(&PKCS7_PREFIX) != Some(&[1]) {
        return None;
    }
    let (explicit, _) = der(rest, 0xA0)?;
    let (safe, _) = der(explicit, OCTET_STRING)?;
    let (mut infos, _) = der(safe, SEQUENCE)?;
    let mut contents = Vec::new();
    while !infos.is_empty() {
        let (info, after) = der(infos, SEQUENCE)?;
        infos = after;
        let (kind, rest) = der(info, OID)?;
        if kind.strip_prefix(&PKCS7_PREFIX) != Some(&[6]) {
            continue;
        }
        // EncryptedData: version, then EncryptedContentInfo: content type, algorithm,
        // [0] IMPLICIT ciphertext.
        let (explicit, _) = der(rest, 0xA0)?;
        let (encrypted_data, _) = der(explicit, SEQUENCE)?;
        let (_, rest) = der(encrypted_data, INTEGER)?;
        let (content_info, _) = der(rest, SEQUENCE)?;
        let (_, rest) = der(content_info, OID)?;
        let (algorithm, rest) = der(rest, SEQUENCE)?;
        contents.push(EncryptedContent {
            scheme: scheme(algorithm),
            ciphertext: der(rest, 0x80).map(|(c, _)| c).unwrap_or_default(),
        });
    }
    Some(contents)
}

/// `content` decrypted under the first default password that opens it to a DER SEQUENCE
/// spanning the whole plaintext (a wrong key's output passes the padding check about once
/// in 256 tries and then parses almost never).
fn open_under_default_passwords(content: &EncryptedContent) -> Option<Zeroizing<Vec<u8>>> {
    let scheme = content.scheme?;
    DEFAULT_STORE_PASSWORDS.iter().find_map(|password| {
        let plain = scheme.decrypt(password, content.ciphertext)?;
        let whole =
            any_der(&plain).is_some_and(|(tag, _, rest)| tag == SEQUENCE && rest.is_empty());
        whole.then_some(plain)
    })
}

/// Whether a PFX, or a safe's plaintext, holds a key bag or a shrouded key bag.
fn holds_key_bag(plain: &[u8]) -> bool {
    memchr::memmem::find_iter(plain, &PKCS12_KEY_BAG_PREFIX)
        .any(|at| matches!(plain.get(at + PKCS12_KEY_BAG_PREFIX.len()), Some(1 | 2)))
}

/// The diversifier ids of RFC 7292's key derivation (appendix B.3).
const KEY_MATERIAL: u8 = 1;
const IV_MATERIAL: u8 = 2;

/// A password as PKCS#12 keys it: UTF-16 big-endian with a NUL terminator.
fn bmp_password(password: &str) -> Zeroizing<Vec<u8>> {
    let mut bmp = Zeroizing::new(Vec::with_capacity(2 * password.len() + 2));
    for unit in password.encode_utf16().chain([0]) {
        bmp.extend_from_slice(&unit.to_be_bytes());
    }
    bmp
}

/// RFC 7292's key derivation (appendix B.2) with SHA-1, the hash of the legacy schemes:
/// `len` bytes of key material of kind `id` from a BMP password, a salt and an iteration
/// count. It fills the 64-byte blocks of salt and password, hashes the diversifier and
/// them `iterations` times for each 20 bytes out, and adds the output plus one into each
/// block between rounds.
fn pkcs12_derive(
    password: &[u8],
    salt: &[u8],
    id: u8,
    iterations: u32,
    len: usize,
) -> Zeroizing<Vec<u8>> {
    use sha1::{Digest, Sha1};
    const BLOCK: usize = 64;
    let fill = |source: &[u8]| -> Vec<u8> {
        let blocks = source.len().div_ceil(BLOCK);
        (0..blocks * BLOCK)
            .map(|i| source[i % source.len()])
            .collect()
    };
    let mut input = Zeroizing::new(fill(salt));
    input.extend(fill(password));
    let mut out = Zeroizing::new(Vec::with_capacity(len));
    loop {
        let mut hash = Sha1::new()
            .chain_update([id; BLOCK])
            .chain_update(input.as_slice())
            .finalize();
        for _ in 1..iterations {
            hash = Sha1::digest(hash);
        }
        let take = (len - out.len()).min(hash.len());
        out.extend_from_slice(&hash[..take]);
        if out.len() == len {
            return out;
        }
        let addend: Vec<u8> = (0..BLOCK).map(|i| hash[i % hash.len()]).collect();
        for block in input.chunks_mut(BLOCK) {
            let mut carry = 1u16;
            for (byte, add) in block.iter_mut().zip(&addend).rev() {
                let sum = u16::from(*byte) + u16::from(*add) + carry;
                *byte = sum as u8;
                carry = sum >> 8;
            }
        }
    }
}

/// `data`, a DER private key (PKCS#8, encrypted PKCS#8, PKCS#1, SEC 1), as PEM in the
/// form [`canonical_secret`](crate::finding::canonical_secret) gives an armoured key: the
/// armour lines and the whole base64 body on one line between them. The same key kept as
/// a `.der` file, as bare base64 or armoured is thus one credential with one fingerprint.
/// `None` for anything else, key stores included (they have no PEM form). The result is
/// zeroized on drop.
pub fn armoured(data: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
    armour(parse(data)?, data)
}

/// [`armoured`] for `data` already parsed as a key of `kind`.
fn armour(kind: Keystore, data: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
    let label = kind.pem_label()?;
    let (_, _, trailing) = any_der(data)?;
    Some(pem_of(label, &data[..data.len() - trailing.len()]))
}

/// The kind of DER key whose outer SEQUENCE holds `body`.
fn der_key(body: &[u8]) -> Option<Keystore> {
    let (first_tag, first, rest) = any_der(body)?;
    match first_tag {
        INTEGER if first == [3] => {
            // PFX: version 3, then the authenticated safe as a PKCS#7 ContentInfo.
            let (content_info, _) = der(rest, SEQUENCE)?;
            let (content_type, _) = der(content_info, OID)?;
            let pkcs7 = content_type.len() == 9 && content_type.starts_with(&PKCS7_PREFIX);
            (pkcs7 && holds_key_bag(body)).then_some(Keystore::Pkcs12)
        }
        INTEGER if first == [0] || first == [1] => {
            if let Some((algorithm, after)) = der(rest, SEQUENCE) {
                // PKCS#8: version, algorithm identifier, the key as an OCTET STRING.
                der(algorithm, OID)?;
                let (key, _) = der(after, OCTET_STRING)?;
                return (!key.is_empty()).then_some(Keystore::Pkcs8);
            }
            if first == [1] {
                // SEC 1: version 1, the private key as an OCTET STRING.
                let (key, _) = der(rest, OCTET_STRING)?;
                return (!key.is_empty()).then_some(Keystore::Ec);
            }
            // PKCS#1: version 0, then n, e, d, p, q, dp, dq, qinv.
            let mut rest = rest;
            for _ in 0..8 {
                let (integer, after) = der(rest, INTEGER)?;
                if integer.is_empty() {
                    return None;
                }
                rest = after;
            }
            Some(Keystore::Rsa)
        }
        SEQUENCE => {
            // Encrypted PKCS#8: a password-based encryption scheme, then the ciphertext.
            let (scheme, _) = der(first, OID)?;
            let (ciphertext, _) = der(rest, OCTET_STRING)?;
            let pbe = PBE_PREFIXES.iter().any(|p| scheme.starts_with(p));
            (pbe && !ciphertext.is_empty()).then_some(Keystore::EncryptedPkcs8)
        }
        _ => None,
    }
}

/// Reads one DER element of tag `tag`: its content and what follows it.
fn der(data: &[u8], tag: u8) -> Option<(&[u8], &[u8])> {
    let (found, content, rest) = any_der(data)?;
    (found == tag).then_some((content, rest))
}

/// Reads one DER element: its tag, its content and what follows it. Definite lengths of
/// at most four bytes only.
fn any_der(data: &[u8]) -> Option<(u8, &[u8], &[u8])> {
    let (&tag, rest) = data.split_first()?;
    let (&first, rest) = rest.split_first()?;
    let (length, rest) = if first < 0x80 {
        (first as usize, rest)
    } else {
        let count = (first & 0x7F) as usize;
        if count == 0 || count > 4 || rest.len() < count {
            return None;
        }
        let length = rest[..count]
            .iter()
            .fold(0usize, |acc, &b| (acc << 8) | b as usize);
        (length, &rest[count..])
    };
    (rest.len() >= length).then(|| (tag, &rest[..length], &rest[length..]))
}

/// Whether a JKS or JCEKS body (after the magic) holds a private key entry (tag 1), or
/// for JCEKS a secret key entry (tag 3). Trusted certificate entries (tag 2) are skipped.
fn java_keystore_has_key(mut data: &[u8], jceks: bool) -> bool {
    let Some(version) = take_u32(&mut data) else {
        return false;
    };
    let Some(count) = take_u32(&mut data).filter(|_| matches!(version, 1 | 2)) else {
        return false;
    };
    for _ in 0..count.min(100_000) {
        let Some(tag) = take_u32(&mut data) else {
            return false;
        };
        match tag {
            1 => return true,
            3 if jceks => return true,
            2 => {
                // alias, timestamp, then the certificate (typed in version 2)
                let skipped = take_utf(&mut data).is_some()
                    && take(&mut data, 8).is_some()
                    && (version == 1 || take_utf(&mut data).is_some())
                    && take_u32(&mut data)
                        .and_then(|length| take(&mut data, length as usize))
                        .is_some();
                if !skipped {
                    return false;
                }
            }
            _ => return false,
        }
    }
    false
}

fn take<'a>(data: &mut &'a [u8], n: usize) -> Option<&'a [u8]> {
    if data.len() < n {
        return None;
    }
    let (head, tail) = data.split_at(n);
    *data = tail;
    Some(head)
}

fn take_u32(data: &mut &[u8]) -> Option<u32> {
    Some(u32::from_be_bytes(take(data, 4)?.try_into().ok()?))
}

/// A Java modified-UTF-8 string: a `u16` length and that many bytes.
fn take_utf<'a>(data: &mut &'a [u8]) -> Option<&'a [u8]> {
    let length = u16::from_be_bytes(take(data, 2)?.try_into().ok()?);
    take(data, length as usize)
}

/// rsaEncryption (1.2.840.113549.1.1.1), a PKCS#8 key's algorithm for RSA.
const RSA_ENCRYPTION: pkcs8::ObjectIdentifier =
    pkcs8::ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");
/// id-Ed25519 (1.3.101.112, RFC 8410), a PKCS#8 key's algorithm for Ed25519.
const ED25519: pkcs8::ObjectIdentifier = pkcs8::ObjectIdentifier::new_unwrap("1.3.101.112");

/// id-ecPublicKey (1.2.840.10045.2.1), a PKCS#8 key's algorithm for EC; its parameter
/// names the curve.
const EC_PUBLIC_KEY: pkcs8::ObjectIdentifier =
    pkcs8::ObjectIdentifier::new_unwrap("1.2.840.10045.2.1");

/// The one form an RSA or EC private key is fingerprinted in, whatever container it was
/// written in: `pem` is one armoured key as
/// [`canonical_secret`](crate::finding::canonical_secret) re-armours it (armour lines and
/// the base64 body on one line). A PKCS#8 RSA key (`BEGIN PRIVATE KEY`) becomes the
/// PKCS#1 key it wraps (`BEGIN RSA PRIVATE KEY`, what `openssl rsa -traditional` writes);
/// a PKCS#8 EC key and a SEC 1 key (`BEGIN EC PRIVATE KEY`) become SEC 1 with the named
/// curve and without the optional public key, which some writers keep and others drop.
/// An Ed25519 key, in PKCS#8 (v1 or v2) or in OpenSSH's own container (unencrypted),
/// becomes RFC 8410's PKCS#8 of its seed. So the key a repository holds as PKCS#8 and
/// Vault holds as PKCS#1 (or the reverse), or as `ssh-keygen` wrote it and as PKCS#8, is
/// one credential with one fingerprint. `None` for anything else (PKCS#1 is already
/// canonical; encrypted keys, OpenSSH RSA and ECDSA keys and key stores are kept as
/// written), and for bytes that do not parse. The result is zeroized on drop.
pub fn canonical_key(pem: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
    let mut lines = pem.split(|&b| b == b'\n');
    let (begin, body, end) = (lines.next()?, lines.next()?, lines.next()?);
    if lines.next().is_some() {
        return None; // headers, or more than one block
    }
    let label = begin.strip_prefix(b"-----BEGIN ")?.strip_suffix(b"-----")?;
    if end.strip_prefix(b"-----END ")?.strip_suffix(b"-----")? != label {
        return None;
    }
    let der = Zeroizing::new(STANDARD.decode(body).ok()?);
    match label {
        b"PRIVATE KEY" => {
            let info = pkcs8::PrivateKeyInfo::try_from(der.as_slice()).ok()?;
            if info.algorithm.oid == RSA_ENCRYPTION {
                return Some(pem_of("RSA PRIVATE KEY", info.private_key));
            }
            if info.algorithm.oid == ED25519 {
                // RFC 8410's key is an OCTET STRING of the 32-byte seed; a writer of
                // PKCS#8 v2 adds the public key, which the canonical form drops.
                let seed = info.private_key.strip_prefix(&[0x04, 0x20])?;
                return (seed.len() == 32).then(|| ed25519_pkcs8(seed));
            }
            if info.algorithm.oid != EC_PUBLIC_KEY {
                return None;
            }
            let curve = info.algorithm.parameters_oid().ok()?;
            let key = sec1::EcPrivateKey::try_from(info.private_key).ok()?;
            sec1_without_public_key(key.private_key, curve)
        }
        b"OPENSSH PRIVATE KEY" => openssh_ed25519_seed(&der).map(ed25519_pkcs8),
        b"EC PRIVATE KEY" => {
            let key = sec1::EcPrivateKey::try_from(der.as_slice()).ok()?;
            let sec1::EcParameters::NamedCurve(curve) = key.parameters?;
            sec1_without_public_key(key.private_key, curve)
        }
        _ => None,
    }
}

/// The seed of an unencrypted OpenSSH Ed25519 private key (`ssh-keygen -t ed25519`'s
/// `openssh-key-v1` container: cipher and KDF `none`, one key, its private section's two
/// check numbers equal, then `ssh-ed25519`, the public key and the 64 bytes of seed and
/// public key). `None` for an encrypted key, another algorithm (an OpenSSH RSA key would
/// need its CRT exponents computed to become PKCS#1) or bytes that do not parse.
fn openssh_ed25519_seed(blob: &[u8]) -> Option<&[u8]> {
    let mut data = blob.strip_prefix(b"openssh-key-v1\0")?;
    if take_string(&mut data)? != b"none" {
        return None;
    }
    let (_kdf, _kdf_options) = (take_string(&mut data)?, take_string(&mut data)?);
    if take_u32(&mut data)? != 1 {
        return None;
    }
    let _public_blob = take_string(&mut data)?;
    let mut private = take_string(&mut data)?;
    if take_u32(&mut private)? != take_u32(&mut private)?
        || take_string(&mut private)? != b"ssh-ed25519"
    {
        return None;
    }
    let public = take_string(&mut private)?;
    let keypair = take_string(&mut private)?;
    (public.len() == 32 && keypair.len() == 64 && keypair[32..] == *public).then(|| &keypair[..32])
}

/// An SSH wire-format string: a `u32` length and that many bytes.
fn take_string<'a>(data: &mut &'a [u8]) -> Option<&'a [u8]> {
    let length = usize::try_from(take_u32(data)?).ok()?;
    take(data, length)
}

/// The Ed25519 key of `seed` as RFC 8410's PKCS#8 (version 0, id-Ed25519, the seed in an
/// OCTET STRING), what `openssl genpkey -algorithm ed25519` writes, armoured (see
/// [`canonical_key`]).
fn ed25519_pkcs8(seed: &[u8]) -> Zeroizing<Vec<u8>> {
    const PREFIX: [u8; 16] = [
        0x30, 0x2E, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x04, 0x22, 0x04,
        0x20,
    ];
    let mut der = Zeroizing::new(Vec::with_capacity(PREFIX.len() + seed.len()));
    der.extend_from_slice(&PREFIX);
    der.extend_from_slice(seed);
    pem_of("PRIVATE KEY", &der)
}

/// The SEC 1 key of private scalar `scalar` on named curve `curve`, without a public key,
/// armoured (see [`canonical_key`]).
fn sec1_without_public_key(
    scalar: &[u8],
    curve: pkcs8::ObjectIdentifier,
) -> Option<Zeroizing<Vec<u8>>> {
    use sec1::der::Encode;
    let key = sec1::EcPrivateKey {
        private_key: scalar,
        parameters: Some(sec1::EcParameters::NamedCurve(curve)),
        public_key: None,
    };
    let length = usize::try_from(key.encoded_len().ok()?).ok()?;
    let mut der = Zeroizing::new(vec![0u8; length]);
    key.encode_to_slice(&mut der).ok()?;
    Some(pem_of("EC PRIVATE KEY", &der))
}

/// `der` armoured under `label` in [`canonical_secret`](crate::finding::canonical_secret)'s
/// form: the armour lines and the whole base64 body on one line between them.
fn pem_of(label: &str, der: &[u8]) -> Zeroizing<Vec<u8>> {
    let mut body = Zeroizing::new(String::new());
    STANDARD.encode_string(der, &mut body);
    let mut pem = Zeroizing::new(Vec::with_capacity(body.len() + 2 * label.len() + 40));
    for part in [
        "-----BEGIN ",
        label,
        "-----\n",
        body.as_str(),
        "\n-----END ",
        label,
        "-----",
    ] {
        pem.extend_from_slice(part.as_bytes());
    }
    pem
}

/// The fingerprint of a key file and its preview: what kind of container it is and its
/// size, never a key. A DER private key is fingerprinted as its [`armoured`] PEM form (the
/// same key in PEM, in Vault or in a repository, is the same credential); a key store by
/// its whole bytes (the file is the credential).
pub fn describe(kind: Keystore, data: &[u8], key: &AuditKey) -> (Fingerprint, String) {
    let fingerprint = match armour(kind, data) {
        Some(pem) => key.fingerprint_secret(&pem),
        None => key.fingerprint(data),
    };
    (
        fingerprint,
        format!("{} ({} bytes)", kind.label(), data.len()),
    )
}

/// The rule binary key findings are reported under (added to the matcher without a
/// keyword).
pub fn rule() -> Rule {
    Rule::structural(
        RULE_ID,
        "Binary private key or key store (JKS, JCEKS, PKCS#12, DER)",
        "private-key",
        FindingKind::PrivateKey,
        Severity::High,
    )
}

#[cfg(test)]
mod tests {
    use super::{inspect, parse, Inspection, Keystore, JKS_MAGIC};

    /// A DER element of `tag` around `content`.
    fn der(tag: u8, content: &[u8]) -> Vec<u8> {
        let mut out = vec![tag];
        if content.len() < 0x80 {
            out.push(content.len() as u8);
        } else {
            let length = (content.len() as u32).to_be_bytes();
            let skip = length.iter().take_while(|&&b| b == 0).count();
            out.push(0x80 | (4 - skip) as u8);
            out.extend_from_slice(&length[skip..]);
        }
        out.extend_from_slice(content);
        out
    }

    fn concat(parts: &[Vec<u8>]) -> Vec<u8> {
        parts.concat()
    }

    /// Bytes that stand for key material: deterministic, not a real key.
    fn material(n: usize, seed: u8) -> Vec<u8> {
        (0..n)
            .map(|i| (i as u8).wrapping_mul(29).wrapping_add(seed) | 1)
            .collect()
    }

    /// rsaEncryption's OID as a DER element.
    fn rsa_oid() -> Vec<u8> {
        der(
            0x06,
            &[0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x01],
        )
    }

    /// A PKCS#1 RSA key's structure (version 0, then eight integers) around material
    /// drawn from `seed`.
    fn pkcs1(seed: u8) -> Vec<u8> {
        der(
            0x30,
            &concat(&[
                der(0x02, &[0]),
                der(0x02, &material(129, seed)),
                der(0x02, &[1, 0, 1]),
                der(0x02, &material(128, seed + 1)),
                der(0x02, &material(65, seed + 2)),
                der(0x02, &material(65, seed + 3)),
                der(0x02, &material(64, seed + 4)),
                der(0x02, &material(64, seed + 5)),
                der(0x02, &material(64, seed + 6)),
            ]),
        )
    }

    /// `pkcs1` wrapped in PKCS#8 (version 0, rsaEncryption with NULL parameters, the key
    /// as an OCTET STRING).
    fn rsa_pkcs8(pkcs1: &[u8]) -> Vec<u8> {
        der(
            0x30,
            &concat(&[
                der(0x02, &[0]),
                der(0x30, &concat(&[rsa_oid(), der(0x05, &[])])),
                der(0x04, pkcs1),
            ]),
        )
    }

    #[test]
    fn der_private_keys_are_recognised_and_certificates_are_not() {
        let pkcs1 = pkcs1(1);
        assert_eq!(parse(&pkcs1), Some(Keystore::Rsa));
        let pkcs8 = rsa_pkcs8(&pkcs1);
        assert_eq!(parse(&pkcs8), Some(Keystore::Pkcs8));
        let pbes2 = der(
            0x06,
            &[0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x05, 0x0D],
        );
        let encrypted = der(
            0x30,
            &concat(&[der(0x30, &pbes2), der(0x04, &material(300, 8))]),
        );
        assert_eq!(parse(&encrypted), Some(Keystore::EncryptedPkcs8));
        // A certificate: SEQUENCE { SEQUENCE { [0] version, INTEGER serial, ... }, ... }
        let certificate = der(
            0x30,
            &concat(&[
                der(
                    0x30,
                    &concat(&[der(0xA0, &der(0x02, &[2])), der(0x02, &[7])]),
                ),
                der(0x30, &rsa_oid()),
                der(0x03, &material(64, 9)),
            ]),
        );
        assert_eq!(parse(&certificate), None);
        // Truncated, or followed by more than a line break.
        assert_eq!(parse(&pkcs8[..pkcs8.len() - 1]), None);
        assert_eq!(parse(&concat(&[pkcs8.clone(), b"\nmore".to_vec()])), None);
        assert_eq!(
            parse(&concat(&[pkcs8, b"\n".to_vec()])),
            Some(Keystore::Pkcs8)
        );
    }

    #[test]
    fn a_der_key_has_the_canonical_form_of_its_pem() {
        use base64::Engine as _;
        let ec = der(
            0x30,
            &concat(&[
                der(0x02, &[1]),
                der(0x04, &material(32, 3)),
                // the curve: prime256v1
                der(
                    0xA0,
                    &der(0x06, &[0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07]),
                ),
            ]),
        );
        let body = base64::engine::general_purpose::STANDARD.encode(&ec);
        let pem = format!("-----BEGIN EC PRIVATE KEY-----\n{body}\n-----END EC PRIVATE KEY-----\n");
        let canonical = crate::finding::canonical_secret(pem.as_bytes());
        // A file that ends with a line break is the same key.
        let file = concat(&[ec.clone(), b"\n".to_vec()]);
        assert_eq!(super::armoured(&file).as_deref(), Some(&*canonical));
        // Bare base64, on one line or wrapped with escaped line breaks, is the same key.
        assert_eq!(crate::finding::canonical_secret(body.as_bytes()), canonical);
        let wrapped = format!("{}\\n{}", &body[..40], &body[40..]);
        assert_eq!(
            crate::finding::canonical_secret(wrapped.as_bytes()),
            canonical
        );
        // Base64 of anything else stays as written.
        let token = base64::engine::general_purpose::STANDARD.encode(material(64, 4));
        let token = format!("M{}", &token[1..]);
        assert_eq!(
            &*crate::finding::canonical_secret(token.as_bytes()),
            token.as_bytes()
        );
        assert_eq!(super::armoured(&ec[..ec.len() - 1]), None);
    }

    /// `der` armoured under `label`, as a `.pem` file writes it (64-column lines).
    fn pem(label: &str, der: &[u8]) -> String {
        use base64::Engine as _;
        let body = base64::engine::general_purpose::STANDARD.encode(der);
        let lines: Vec<&str> = body
            .as_bytes()
            .chunks(64)
            .map(|line| std::str::from_utf8(line).unwrap())
            .collect();
        format!(
            "-----BEGIN {label}-----\n{}\n-----END {label}-----\n",
            lines.join("\n")
        )
    }

    /// An OpenSSH private key's container (`openssh-key-v1`) around an Ed25519 key of
    /// `seed`, under `cipher`, with `key_type` named in its private section.
    fn openssh(cipher: &[u8], key_type: &[u8], seed: &[u8]) -> Vec<u8> {
        let string =
            |bytes: &[u8]| concat(&[(bytes.len() as u32).to_be_bytes().to_vec(), bytes.to_vec()]);
        let public = material(32, seed[0].wrapping_add(1));
        let private = concat(&[
            vec![0x5A; 8],
            string(key_type),
            string(&public),
            string(&concat(&[seed.to_vec(), public.clone()])),
            string(b"user@host"),
            vec![1, 2, 3],
        ]);
        concat(&[
            b"openssh-key-v1\0".to_vec(),
            string(cipher),
            string(b"none"),
            string(b""),
            1u32.to_be_bytes().to_vec(),
            string(&concat(&[string(b"ssh-ed25519"), string(&public)])),
            string(&private),
        ])
    }

    /// An Ed25519 key is one credential as `ssh-keygen` writes it and as PKCS#8 (v1, or v2
    /// with its public key); an encrypted one, another algorithm's, another seed's are not
    /// that key.
    #[test]
    fn an_openssh_ed25519_key_is_its_pkcs8_key() {
        use crate::finding::canonical_secret;
        let seed = material(32, 7);
        let pkcs8 = der(
            0x30,
            &concat(&[
                der(0x02, &[0]),
                der(0x30, &der(0x06, &[0x2B, 0x65, 0x70])),
                der(0x04, &der(0x04, &seed)),
            ]),
        );
        let canonical = canonical_secret(pem("PRIVATE KEY", &pkcs8).as_bytes());
        let as_openssh = |cipher: &[u8], key_type: &[u8], seed: &[u8]| {
            canonical_secret(
                pem("OPENSSH PRIVATE KEY", &openssh(cipher, key_type, seed)).as_bytes(),
            )
        };
        assert_eq!(as_openssh(b"none", b"ssh-ed25519", &seed), canonical);
        let v2 = der(
            0x30,
            &concat(&[
                der(0x02, &[1]),
                der(0x30, &der(0x06, &[0x2B, 0x65, 0x70])),
                der(0x04, &der(0x04, &seed)),
                der(0x81, &concat(&[vec![0], material(32, 8)])),
            ]),
        );
        assert_eq!(
            canonical_secret(pem("PRIVATE KEY", &v2).as_bytes()),
            canonical
        );
        assert_ne!(as_openssh(b"aes256-ctr", b"ssh-ed25519", &seed), canonical);
        assert_ne!(as_openssh(b"none", b"ssh-rsa", &seed), canonical);
        assert_ne!(
            as_openssh(b"none", b"ssh-ed25519", &material(32, 9)),
            canonical
        );
    }

    #[test]
    fn a_pkcs8_key_is_the_key_it_wraps() {
        use crate::finding::canonical_secret;
        let rsa = canonical_secret(pem("RSA PRIVATE KEY", &pkcs1(1)).as_bytes());
        assert_eq!(
            canonical_secret(pem("PRIVATE KEY", &rsa_pkcs8(&pkcs1(1))).as_bytes()),
            rsa
        );
        // Another key stays another key.
        assert_ne!(
            canonical_secret(pem("PRIVATE KEY", &rsa_pkcs8(&pkcs1(9))).as_bytes()),
            rsa
        );

        let prime256v1 = der(0x06, &[0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07]);
        let public_key = der(0xA1, &der(0x03, &concat(&[vec![0, 4], material(64, 5)])));
        let scalar = der(0x04, &material(32, 3));
        // SEC 1 as `openssl ec` writes it: the curve and the public key.
        let sec1 = der(
            0x30,
            &concat(&[
                der(0x02, &[1]),
                scalar.clone(),
                der(0xA0, &prime256v1),
                public_key.clone(),
            ]),
        );
        let ec = canonical_secret(pem("EC PRIVATE KEY", &sec1).as_bytes());
        // PKCS#8 names the curve in its algorithm; the key inside keeps the public key
        // (OpenSSL) or drops it (other writers).
        for inner in [
            der(
                0x30,
                &concat(&[der(0x02, &[1]), scalar.clone(), public_key]),
            ),
            der(0x30, &concat(&[der(0x02, &[1]), scalar.clone()])),
        ] {
            let pkcs8 = der(
                0x30,
                &concat(&[
                    der(0x02, &[0]),
                    der(
                        0x30,
                        &concat(&[
                            der(0x06, &[0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x02, 0x01]),
                            prime256v1.clone(),
                        ]),
                    ),
                    der(0x04, &inner),
                ]),
            );
            assert_eq!(canonical_secret(pem("PRIVATE KEY", &pkcs8).as_bytes()), ec);
        }
        assert!(ec.starts_with(b"-----BEGIN EC PRIVATE KEY-----\n"));
        // The same scalar on another curve (secp384r1) is another key.
        let other_curve = der(
            0x30,
            &concat(&[
                der(0x02, &[1]),
                scalar,
                der(0xA0, &der(0x06, &[0x2B, 0x81, 0x04, 0x00, 0x22])),
            ]),
        );
        assert_ne!(
            canonical_secret(pem("EC PRIVATE KEY", &other_curve).as_bytes()),
            ec
        );
        // What does not parse, and a block with headers, stay as written (re-armoured).
        let broken = pem("PRIVATE KEY", &material(40, 1));
        assert!(canonical_secret(broken.as_bytes()).starts_with(b"-----BEGIN PRIVATE KEY-----"));
        let headed = pem("EC PRIVATE KEY", &sec1)
            .replace("KEY-----\n", "KEY-----\nProc-Type: 4,ENCRYPTED\n");
        assert!(super::canonical_key(&canonical_secret(headed.as_bytes())).is_none());
    }

    #[test]
    fn a_pkcs12_file_counts_only_with_a_key_bag() {
        let data_oid = der(
            0x06,
            &[0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07, 0x01],
        );
        let pfx = |bag: u8| {
            let bag_oid = der(
                0x06,
                &[
                    0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x0C, 0x0A, 0x01, bag,
                ],
            );
            let safe = der(
                0x30,
                &der(0x30, &concat(&[bag_oid, der(0xA0, &material(90, 1))])),
            );
            der(
                0x30,
                &concat(&[
                    der(0x02, &[3]),
                    der(
                        0x30,
                        &concat(&[data_oid.clone(), der(0xA0, &der(0x04, &safe))]),
                    ),
                ]),
            )
        };
        assert_eq!(parse(&pfx(2)), Some(Keystore::Pkcs12));
        assert_eq!(parse(&pfx(1)), Some(Keystore::Pkcs12));
        // A certificate bag only: a truststore.
        assert_eq!(parse(&pfx(3)), None);
    }

    /// PKCS#7's `data` content type as a DER element.
    fn data_oid() -> Vec<u8> {
        der(
            0x06,
            &[0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07, 0x01],
        )
    }

    /// A safe's contents: one bag of type `bag` (1 a key bag, 3 a certificate bag) around
    /// stand-in material.
    fn safe_contents(bag: u8) -> Vec<u8> {
        let bag_oid = der(
            0x06,
            &[
                0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x0C, 0x0A, 0x01, bag,
            ],
        );
        der(
            0x30,
            &der(0x30, &concat(&[bag_oid, der(0xA0, &material(90, bag))])),
        )
    }

    /// A version-3 PFX (without a MAC) whose authenticated safe holds `contents`.
    fn pfx_of(contents: &[Vec<u8>]) -> Vec<u8> {
        let safe = der(0x30, &concat(contents));
        der(
            0x30,
            &concat(&[
                der(0x02, &[3]),
                der(0x30, &concat(&[data_oid(), der(0xA0, &der(0x04, &safe))])),
            ]),
        )
    }

    /// An `encryptedData` content of `plain`, encrypted as older JDKs did: RC2 with a
    /// 40-bit key derived from `password` by RFC 7292's function.
    fn rc2_encrypted(plain: &[u8], password: &str, iterations: u32) -> Vec<u8> {
        use cbc::cipher::block_padding::Pkcs7;
        use cbc::cipher::{BlockModeEncrypt, KeyIvInit};
        let salt = [0x5Au8; 8];
        let bmp = super::bmp_password(password);
        let key = super::pkcs12_derive(&bmp, &salt, super::KEY_MATERIAL, iterations, 5);
        let iv = super::pkcs12_derive(&bmp, &salt, super::IV_MATERIAL, iterations, 8);
        let ciphertext = cbc::Encryptor::<rc2::Rc2>::new_from_slices(&key, &iv)
            .unwrap()
            .encrypt_padded_vec::<Pkcs7>(plain);
        let scheme = der(
            0x06,
            &[0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x0C, 0x01, 0x06],
        );
        let count = iterations.to_be_bytes();
        let params = der(
            0x30,
            &concat(&[
                der(0x04, &salt),
                der(
                    0x02,
                    &count[count.iter().take_while(|&&b| b == 0).count()..],
                ),
            ]),
        );
        let info = der(
            0x30,
            &concat(&[
                data_oid(),
                der(0x30, &concat(&[scheme, params])),
                der(0x80, &ciphertext),
            ]),
        );
        let encrypted_data = der(0x30, &concat(&[der(0x02, &[0]), info]));
        der(
            0x30,
            &concat(&[
                der(
                    0x06,
                    &[0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07, 0x06],
                ),
                der(0xA0, &encrypted_data),
            ]),
        )
    }

    /// Test vectors of RFC 7292's key derivation with SHA-1, as OpenSSL's and Bouncy
    /// Castle's tests carry them.
    #[test]
    fn the_pkcs12_key_derivation_matches_published_vectors() {
        let derive = |password: &str, salt: &str, id: u8, iterations: u32, len: usize| {
            let salt = hex::decode(salt).unwrap();
            hex::encode_upper(
                super::pkcs12_derive(&super::bmp_password(password), &salt, id, iterations, len)
                    .as_slice(),
            )
        };
        assert_eq!(
            derive("smeg", "0A58CF64530D823F", 1, 1, 24),
            "8AAAE6297B6CB04642AB5B077851284EB7128F1A2A7FBCA3"
        );
        assert_eq!(
            derive("smeg", "0A58CF64530D823F", 2, 1, 8),
            "79993DFE048D3B76"
        );
        assert_eq!(
            derive("queeg", "1682C0FC5B3F7EC5", 1, 1000, 24),
            "483DD6E919D7DE2E8E648BA8F862F3FBFBDC2BCB2C02957F"
        );
    }

    /// Older JDKs wrote the key bag inside the encrypted contents: opened under a default
    /// password, a key there is found; certificates only are a truststore; a password no
    /// default matches, or a derivation too costly to try, leaves the file locked.
    #[test]
    fn a_legacy_pkcs12_is_opened_under_the_default_passwords() {
        let key_inside = pfx_of(&[rc2_encrypted(&safe_contents(1), "changeit", 2048)]);
        assert_eq!(
            inspect(&key_inside),
            Inspection::Key(Keystore::Pkcs12UnderDefaultPassword)
        );
        let certificates = pfx_of(&[rc2_encrypted(&safe_contents(3), "password", 2048)]);
        assert_eq!(inspect(&certificates), Inspection::NoKey);
        let chosen = pfx_of(&[rc2_encrypted(&safe_contents(1), "Tq8-vLm3xRk7WzP2n", 2048)]);
        assert_eq!(inspect(&chosen), Inspection::LockedPkcs12);
        let costly = pfx_of(&[rc2_encrypted(&safe_contents(1), "changeit", 300_000)]);
        assert_eq!(inspect(&costly), Inspection::LockedPkcs12);
    }

    /// Truststores OpenSSL wrote (certificates only, encrypted with RC2, 3DES and AES
    /// under PBES2): each opens under its default password to no key, which checks the key
    /// derivations and ciphers against another implementation; one under a chosen
    /// password stays locked.
    #[test]
    fn openssl_truststores_open_to_certificates_only() {
        for store in [
            include_bytes!("../../tests/keystores/truststore-rc2-changeit.p12").as_slice(),
            include_bytes!("../../tests/keystores/truststore-3des-secret.p12"),
            include_bytes!("../../tests/keystores/truststore-aes-password.p12"),
        ] {
            assert_eq!(inspect(store), Inspection::NoKey);
        }
        assert_eq!(
            inspect(include_bytes!(
                "../../tests/keystores/truststore-aes-chosen.p12"
            )),
            Inspection::LockedPkcs12
        );
    }

    #[test]
    fn a_java_keystore_counts_only_with_a_private_key_entry() {
        let trusted = |out: &mut Vec<u8>| {
            out.extend(2u32.to_be_bytes());
            out.extend(4u16.to_be_bytes());
            out.extend(b"root");
            out.extend(1_700_000_000_000u64.to_be_bytes());
            out.extend(5u16.to_be_bytes());
            out.extend(b"X.509");
            out.extend(40u32.to_be_bytes());
            out.extend(material(40, 3));
        };
        let mut truststore = JKS_MAGIC.to_vec();
        truststore.extend(2u32.to_be_bytes());
        truststore.extend(1u32.to_be_bytes());
        trusted(&mut truststore);
        assert_eq!(parse(&truststore), None);
        let mut keystore = JKS_MAGIC.to_vec();
        keystore.extend(2u32.to_be_bytes());
        keystore.extend(2u32.to_be_bytes());
        trusted(&mut keystore);
        keystore.extend(1u32.to_be_bytes());
        keystore.extend(material(64, 4));
        assert_eq!(parse(&keystore), Some(Keystore::Jks));
    }
}
