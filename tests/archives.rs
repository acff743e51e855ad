//! Archives (zip, jar, whl, nupkg, Office documents, tar, gem, tar.gz, tgz, tar.bz2, tar.xz,
//! tar.zst, Electron's asar) and compressed dumps and logs (`dump.sql.gz`, `.bz2`, `.xz`, `.zst`) are opened
//! and every member scanned as a file, located `archive!/member`; nesting, decompression bombs,
//! corrupt archives and oversized members are counted skips. Kerberos keytabs, Java key
//! stores, PKCS#12 files and DER private keys (binary) are reported
//! whole; Java class files and Python bytecode are scanned through their string constants.
//! Every fixture is built here at test time, from tokens generated at random for it.

use std::fs;
use std::io::{Cursor, Write};
use std::path::Path;

use crate::common::{finding_locations, finding_paths, github_token, scan_json, skips};

const PAT: &str = "vp.github.pat.1";

fn zip_bytes(members: &[(&str, &[u8])]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in members {
        writer.start_file(*name, options).unwrap();
        writer.write_all(data).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

fn tar_bytes(members: &[(&str, &[u8])]) -> Vec<u8> {
    let mut builder = tar::Builder::new(Vec::new());
    for (name, data) in members {
        let mut header = tar::Header::new_gnu();
        header.set_size(data.len() as u64);
        header.set_mode(0o644);
        header.set_cksum();
        builder.append_data(&mut header, name, *data).unwrap();
    }
    builder.into_inner().unwrap()
}

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder.write_all(data).unwrap();
    encoder.finish().unwrap()
}

fn scan(dir: &Path, extra: &[&str]) -> (i32, serde_json::Value, String) {
    let mut args = vec![dir.to_str().unwrap(), "--no-history"];
    args.extend_from_slice(extra);
    scan_json(&args)
}

fn has(found: &[(String, u64, String)], path: &str, line: u64, rule: &str) -> bool {
    found.contains(&(path.to_string(), line, rule.to_string()))
}

#[test]
fn members_of_every_archive_kind_are_scanned_with_bang_locations() {
    let dir = tempfile::tempdir().unwrap();
    let tokens: Vec<String> = [
        "yWgAKAUWInfwvzCtvM7XlQx8oy0gf2",
        "BabsxJTb1DeQJiyBrdpXknsYryeTXs",
        "VaB7hdfAWu1Tok0h6iZcV0Q9CfT2zM",
        "a9o3l3nmZLGwCKB3OvBpd8vLhALrDd",
        "B5rtHUAM7cJwzQH7nGDoaZMqxiJVJu",
        "hNZKJ37pyUme6m6v03naqqvckJtTHT",
    ]
    .iter()
    .map(|body| github_token(body))
    .collect();
    let properties = format!("# app\nserver.port=8080\ngithub.token={}\n", tokens[0]);
    let native = b"\x7fELF\x02\x01\x01\x00".repeat(8);
    let jar = zip_bytes(&[
        ("META-INF/MANIFEST.MF", b"Manifest-Version: 1.0\n"),
        (
            "BOOT-INF/classes/application.properties",
            properties.as_bytes(),
        ),
        ("BOOT-INF/lib/libnative.so", &native),
    ]);
    fs::write(dir.path().join("app.jar"), &jar).unwrap();
    let env = format!("DEBUG=1\nGITHUB_TOKEN={}\n", tokens[1]);
    fs::write(
        dir.path().join("bundle.tar.gz"),
        gzip(&tar_bytes(&[("deploy/.env", env.as_bytes())])),
    )
    .unwrap();
    let yaml = format!("ci:\n  token: {}\n", tokens[2]);
    fs::write(
        dir.path().join("conf.tar"),
        tar_bytes(&[("conf/ci.yml", yaml.as_bytes())]),
    )
    .unwrap();
    let script = format!("export GH={}\n", tokens[3]);
    fs::write(
        dir.path().join("tools.tgz"),
        gzip(&tar_bytes(&[("bin/run.sh", script.as_bytes())])),
    )
    .unwrap();
    let py = format!("TOKEN = \"{}\"\n", tokens[4]);
    fs::write(
        dir.path().join("pkg-1.0-py3-none-any.whl"),
        zip_bytes(&[("pkg/settings.py", py.as_bytes())]),
    )
    .unwrap();
    let json = format!("{{\"token\": \"{}\"}}\n", tokens[5]);
    fs::write(
        dir.path().join("Pkg.1.0.0.nupkg"),
        zip_bytes(&[("content/appsettings.json", json.as_bytes())]),
    )
    .unwrap();
    // The same token in a plain file: one finding, two locations.
    fs::write(
        dir.path().join("plain.properties"),
        format!("github.token={}\n", tokens[0]),
    )
    .unwrap();

    let (code, report, stderr) = scan(dir.path(), &[]);
    assert_eq!(code, 1, "{stderr}");
    let found = finding_locations(&report);
    for (path, line) in [
        ("app.jar!/BOOT-INF/classes/application.properties", 3),
        ("plain.properties", 1),
        ("bundle.tar.gz!/deploy/.env", 2),
        ("conf.tar!/conf/ci.yml", 2),
        ("tools.tgz!/bin/run.sh", 1),
        ("pkg-1.0-py3-none-any.whl!/pkg/settings.py", 1),
        ("Pkg.1.0.0.nupkg!/content/appsettings.json", 1),
    ] {
        assert!(has(&found, path, line, PAT), "{path}: {found:?}");
    }
    let same: Vec<_> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["locations"].as_array().unwrap().len() == 2)
        .collect();
    assert_eq!(same.len(), 1, "{report}");
    // The structured judge ran on the member by its name (a `.env` key path).
    let env_finding = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["locations"].as_array().unwrap())
        .find(|l| l["path"] == "bundle.tar.gz!/deploy/.env")
        .unwrap();
    assert_eq!(env_finding["key_path"], "GITHUB_TOKEN", "{env_finding}");
    // Binary members are counted in one binary skip per archive; nothing else was skipped.
    assert_eq!(
        skips(&report),
        vec![("app.jar".to_string(), "binary".to_string())]
    );
    assert_eq!(
        report["skipped"][0]["detail"],
        "1 binary member (NUL byte in the first 8 KiB) not scanned"
    );
    for token in &tokens {
        assert!(!report.to_string().contains(token.as_str()));
        assert!(!stderr.contains(token.as_str()));
    }
}

/// Office documents are zips of XML parts: a token typed into a Word document, a
/// spreadsheet's cell or an OpenDocument text is found in its part, and the pictures
/// beside it are a counted binary skip.
#[test]
fn office_documents_are_opened_as_the_zips_they_are() {
    let dir = tempfile::tempdir().unwrap();
    let tokens: Vec<String> = [
        "dyJWkt1YGGqLk3W6K9TWlkKVLQCMxP",
        "I9EA1y9WXYESezT2yJCI7vScpE4kTj",
        "mKjdXVht9JHDE64RPKSRcoEIxOQTmV",
    ]
    .iter()
    .map(|body| github_token(body))
    .collect();
    let picture = [&b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR"[..], &[0u8; 64]].concat();
    let document = format!(
        "<w:document><w:body><w:p><w:r><w:t xml:space=\"preserve\">CI token: </w:t></w:r>\
         <w:r><w:t>{}</w:t></w:r></w:p></w:body></w:document>",
        tokens[0]
    );
    fs::write(
        dir.path().join("Runbook.docx"),
        zip_bytes(&[
            ("word/document.xml", document.as_bytes()),
            ("word/media/image1.png", &picture),
        ]),
    )
    .unwrap();
    let strings = format!(
        "<sst><si><t>service</t></si><si><t>token</t></si><si><t>{}</t></si></sst>",
        tokens[1]
    );
    fs::write(
        dir.path().join("accounts.xlsx"),
        zip_bytes(&[("xl/sharedStrings.xml", strings.as_bytes())]),
    )
    .unwrap();
    let content = format!("<office:text><text:p>{}</text:p></office:text>", tokens[2]);
    fs::write(
        dir.path().join("notes.odt"),
        zip_bytes(&[("content.xml", content.as_bytes())]),
    )
    .unwrap();

    let (code, report, stderr) = scan(dir.path(), &[]);
    assert_eq!(code, 1, "{stderr}");
    let found = finding_locations(&report);
    for (path, line) in [
        ("Runbook.docx!/word/document.xml", 1),
        ("accounts.xlsx!/xl/sharedStrings.xml", 1),
        ("notes.odt!/content.xml", 1),
    ] {
        assert!(has(&found, path, line, PAT), "{path}: {found:?}");
    }
    let skipped = skips(&report);
    assert!(
        skipped
            .iter()
            .any(|(path, reason)| path == "Runbook.docx" && reason == "binary"),
        "{skipped:?}"
    );
}

/// A compressed dump, log or env file at the top level (gzip, bzip2, xz, zstd) is opened,
/// its one member named by the stem; a gzipped man page or changelog is not: it is a
/// binary skip, as before.
#[test]
fn compressed_dumps_and_logs_are_opened_and_gzipped_documents_are_not() {
    let dir = tempfile::tempdir().unwrap();
    let bodies = [
        "Qm4vTz8LkR2wXn7pHc3dJf6bGs9yEa",
        "Lp2xWq7vKz4mRt9nBc6dHj3fYs8gEu",
        "Wt6nRb2kXq9vLm4zHd7cJs3fYe8gPa",
        "Zk3pVx8mQn2wTr6bLc9dHf4jYs7gEu",
        "Hc5dJf8bGs2yEaQm4vTz7LkR9wXn3p",
    ];
    let tokens: Vec<String> = bodies.iter().map(|body| github_token(body)).collect();
    let dump = |token: &str| {
        format!("-- MySQL dump\nINSERT INTO settings VALUES ('github', 'token', '{token}');\n")
    };
    let log = format!(
        "2024-05-02 INFO start\n2024-05-02 DEBUG GITHUB_TOKEN={}\n",
        tokens[1]
    );
    let page_token = github_token("Vn5kQx2mLz8wRt3pHc7dJf4bGs6yEa");
    let page = format!(".TH LS 1\nexample token {page_token}\n");
    fs::create_dir(dir.path().join("db")).unwrap();
    for (path, bytes) in [
        ("db/dump.sql.gz", gzip(dump(&tokens[0]).as_bytes())),
        ("app.log.gz", gzip(log.as_bytes())),
        ("db/prod.sql.bz2", bz2(dump(&tokens[2]).as_bytes())),
        ("db/prod.sql.xz", xz(dump(&tokens[3]).as_bytes())),
        ("db/prod.sql.zst", zst(dump(&tokens[4]).as_bytes())),
        ("ls.1.gz", gzip(page.as_bytes())),
    ] {
        fs::write(dir.path().join(path), bytes).unwrap();
    }

    let (code, report, stderr) = scan(dir.path(), &[]);
    assert_eq!(code, 1, "{stderr}");
    let found = finding_locations(&report);
    for path in [
        "db/dump.sql.gz!/dump.sql",
        "app.log.gz!/app.log",
        "db/prod.sql.bz2!/prod.sql",
        "db/prod.sql.xz!/prod.sql",
        "db/prod.sql.zst!/prod.sql",
    ] {
        assert!(has(&found, path, 2, PAT), "{path}: {found:?}");
    }
    assert!(
        !found.iter().any(|(path, _, _)| path.starts_with("ls.1.gz")),
        "{found:?}"
    );
    assert_eq!(
        skips(&report),
        vec![("ls.1.gz".to_string(), "binary".to_string())]
    );
    for token in tokens.iter().chain([&page_token]) {
        assert!(!report.to_string().contains(token.as_str()));
    }
}

#[test]
fn nested_archives_open_to_the_depth_bound_and_no_deeper() {
    let dir = tempfile::tempdir().unwrap();
    let shallow = github_token("MrxsRxInowwL2W02hDAPtbgvBisVuE");
    let deep = github_token("6FYYrA3xRvA5c9VgT5AoPOTmtdBjKU");
    let level4 = zip_bytes(&[("d.env", format!("TOKEN={deep}\n").as_bytes())]);
    let level3 = zip_bytes(&[
        ("c.properties", format!("token={shallow}\n").as_bytes()),
        ("d.zip", &level4),
    ]);
    let level2 = gzip(&tar_bytes(&[("lib/c.jar", &level3)]));
    let level1 = zip_bytes(&[("b.tgz", &level2)]);
    fs::write(dir.path().join("a.zip"), level1).unwrap();
    let (code, report, stderr) = scan(dir.path(), &[]);
    assert_eq!(code, 1, "{stderr}");
    let found = finding_locations(&report);
    assert_eq!(
        found,
        vec![(
            "a.zip!/b.tgz!/lib/c.jar!/c.properties".to_string(),
            1,
            PAT.to_string()
        )]
    );
    assert_eq!(
        skips(&report),
        vec![(
            "a.zip!/b.tgz!/lib/c.jar!/d.zip".to_string(),
            "archive_too_deep".to_string()
        )]
    );
    assert_eq!(report["stats"]["skipped"]["archive_too_deep"], 1);
}

#[test]
fn a_zip_bomb_is_a_counted_skip_and_the_scan_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    // 200 MiB of zeros deflates to about 200 KiB.
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    writer.start_file("zeros.txt", options).unwrap();
    let chunk = vec![0u8; 1 << 20];
    for _ in 0..200 {
        writer.write_all(&chunk).unwrap();
    }
    let token = github_token("B5rtHUAM7cJwzQH7nGDoaZMqxiJVJu");
    writer.start_file("after.env", options).unwrap();
    writer
        .write_all(format!("TOKEN={token}\n").as_bytes())
        .unwrap();
    let bomb = writer.finish().unwrap().into_inner();
    assert!(bomb.len() < 1 << 20, "{} bytes", bomb.len());
    fs::write(dir.path().join("bomb.zip"), &bomb).unwrap();

    // The same bomb with sizes that lie (1000 bytes declared): the read is bounded anyway.
    let mut lying = bomb.clone();
    patch_declared_size(&mut lying, "zeros.txt", 1000);
    fs::write(dir.path().join("lying.zip"), &lying).unwrap();

    let (code, report, stderr) = scan(dir.path(), &[]);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(
        finding_locations(&report),
        vec![
            ("bomb.zip!/after.env".to_string(), 1, PAT.to_string()),
            ("lying.zip!/after.env".to_string(), 1, PAT.to_string()),
        ]
    );
    let mut skipped = skips(&report);
    skipped.sort();
    assert_eq!(
        skipped,
        vec![
            (
                "bomb.zip!/zeros.txt".to_string(),
                "archive_bomb".to_string()
            ),
            (
                "lying.zip!/zeros.txt".to_string(),
                "archive_bomb".to_string()
            ),
        ]
    );
    assert_eq!(report["stats"]["skipped"]["archive_bomb"], 2);
    assert!(report["stats"]["bytes"].as_u64().unwrap() < 1 << 20);
}

/// Rewrites the uncompressed size of member `name` in its local header and in the
/// central directory (zip32 fields, or the zip64 extra field when they hold 0xFFFFFFFF).
fn patch_declared_size(zip: &mut [u8], name: &str, size: u64) {
    let mut patched = 0;
    for (signature, name_length_at, size_at, header_length) in
        [(b"PK\x03\x04", 26, 22, 30), (b"PK\x01\x02", 28, 24, 46)]
    {
        let mut at = 0;
        while let Some(found) = find(&zip[at..], signature) {
            let start = at + found;
            at = start + 4;
            let u16_at = |i: usize| u16::from_le_bytes([zip[i], zip[i + 1]]) as usize;
            let name_length = u16_at(start + name_length_at);
            let extra_length = u16_at(start + name_length_at + 2);
            let name_start = start + header_length;
            if zip.get(name_start..name_start + name_length) != Some(name.as_bytes()) {
                continue;
            }
            let field = start + size_at;
            if zip[field..field + 4] == [0xFF; 4] {
                // zip64: the extra field 0x0001 holds the uncompressed size first.
                let extra = name_start + name_length;
                let mut i = extra;
                while i + 4 <= extra + extra_length {
                    let id = u16_at(i);
                    let length = u16_at(i + 2);
                    if id == 1 {
                        zip[i + 4..i + 12].copy_from_slice(&size.to_le_bytes());
                        patched += 1;
                        break;
                    }
                    i += 4 + length;
                }
            } else {
                zip[field..field + 4].copy_from_slice(&(size as u32).to_le_bytes());
                patched += 1;
            }
        }
    }
    assert_eq!(patched, 2, "local and central headers of {name}");
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[test]
fn corrupt_archives_are_named_skips_and_the_scan_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let token = github_token("hNZKJ37pyUme6m6v03naqqvckJtTHT");
    let good = zip_bytes(&[("ok.env", format!("TOKEN={token}\n").as_bytes())]);
    // Truncated: no central directory.
    fs::write(dir.path().join("truncated.zip"), &good[..good.len() / 2]).unwrap();
    // A member whose compressed bytes are damaged (the rest of the zip is intact).
    let text = "line of text that deflate keeps as literals\n".repeat(50);
    let mut damaged = zip_bytes(&[("broken.txt", text.as_bytes())]);
    let data_start = 30 + "broken.txt".len();
    for byte in &mut damaged[data_start + 10..data_start + 40] {
        *byte ^= 0x5A;
    }
    fs::write(dir.path().join("damaged.zip"), &damaged).unwrap();
    // A gzip stream cut short in the middle of a member that does not compress.
    let mut x: u32 = 0x2545_F491;
    let noise: String = (0..8192)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            char::from(b'a' + (x % 26) as u8)
        })
        .collect();
    let tgz = gzip(&tar_bytes(&[("a.env", noise.as_bytes())]));
    fs::write(dir.path().join("cut.tar.gz"), &tgz[..tgz.len() / 2]).unwrap();
    // Named like an archive, but text: scanned as a file.
    fs::write(dir.path().join("notes.zip"), format!("TOKEN={token}\n")).unwrap();

    let (code, report, stderr) = scan(dir.path(), &[]);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(
        finding_locations(&report),
        vec![("notes.zip".to_string(), 1, PAT.to_string())]
    );
    let mut skipped = skips(&report);
    skipped.sort();
    assert_eq!(
        skipped,
        vec![
            (
                "cut.tar.gz!/a.env".to_string(),
                "archive_corrupt".to_string()
            ),
            (
                "damaged.zip!/broken.txt".to_string(),
                "archive_corrupt".to_string()
            ),
            ("truncated.zip".to_string(), "archive_corrupt".to_string()),
        ]
    );
    for s in report["skipped"].as_array().unwrap() {
        assert!(!s["detail"].as_str().unwrap().is_empty());
    }
    // Skips the user should act on are named on stderr.
    assert!(
        stderr.contains("truncated.zip: skipped (archive_corrupt)"),
        "{stderr}"
    );
}

#[test]
fn oversized_members_are_skipped_and_archives_can_be_turned_off() {
    let dir = tempfile::tempdir().unwrap();
    let token = github_token("yWgAKAUWInfwvzCtvM7XlQx8oy0gf2");
    let big = format!("TOKEN={token}\n{}", "x".repeat(4096));
    let small = format!("TOKEN={token}\n");
    fs::write(
        dir.path().join("lib.jar"),
        zip_bytes(&[("big.env", big.as_bytes()), ("small.env", small.as_bytes())]),
    )
    .unwrap();
    let (_, report, stderr) = scan(dir.path(), &["--max-file-size", "1K"]);
    assert_eq!(
        finding_locations(&report),
        vec![("lib.jar!/small.env".to_string(), 1, PAT.to_string())],
        "{stderr}"
    );
    assert_eq!(
        skips(&report),
        vec![(
            "lib.jar!/big.env".to_string(),
            "archive_member_too_large".to_string()
        )]
    );

    let (code, report, _) = scan(dir.path(), &["--no-archives"]);
    assert_eq!(code, 0);
    assert!(finding_locations(&report).is_empty());
    assert_eq!(
        skips(&report),
        vec![("lib.jar".to_string(), "binary".to_string())]
    );

    let config = dir.path().join("vp.toml");
    fs::write(&config, "[scan]\narchives = false\n").unwrap();
    let (code, report, _) = scan(dir.path(), &["--config", config.to_str().unwrap()]);
    assert_eq!(code, 0);
    assert!(finding_locations(&report).is_empty());
}

/// A version 2 keytab (MIT format) with one entry per key.
fn keytab(principal: &[&str], realm: &str, keys: &[&[u8]]) -> Vec<u8> {
    let mut out = vec![0x05, 0x02];
    for (i, key) in keys.iter().enumerate() {
        let mut record = Vec::new();
        record.extend((principal.len() as u16).to_be_bytes());
        let mut counted = |bytes: &[u8]| {
            record.extend((bytes.len() as u16).to_be_bytes());
            record.extend_from_slice(bytes);
        };
        counted(realm.as_bytes());
        for component in principal {
            counted(component.as_bytes());
        }
        record.extend(1u32.to_be_bytes()); // name type: principal
        record.extend(1_750_000_000u32.to_be_bytes()); // timestamp
        record.push(2); // kvno
        record.extend([0, 17 + i as u8]); // enctype: aes128 / aes256
        record.extend((key.len() as u16).to_be_bytes());
        record.extend_from_slice(key);
        out.extend((record.len() as i32).to_be_bytes());
        out.extend(record);
    }
    out
}

#[test]
fn keytabs_are_reported_without_their_keys_and_other_binaries_are_not() {
    let dir = tempfile::tempdir().unwrap();
    // Key bytes generated at random for this test.
    let k1 = hex("4bacbaadd811c20aeb361a7f57fef9a0");
    let k2 = hex("8e1f0c6a3d2b5e4f7a9c0d1e2f3a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c");
    let principal = ["HTTP", "web01.corp.example.test"];
    let data = keytab(&principal, "CORP.EXAMPLE.TEST", &[&k1, &k2]);
    fs::write(dir.path().join("http.keytab"), &data).unwrap();
    // A keytab with no keytab name is found by its content.
    fs::write(dir.path().join("krb5.bin"), &data).unwrap();
    // A keytab inside an archive.
    fs::write(
        dir.path().join("svc.zip"),
        zip_bytes(&[("etc/svc.keytab", &data)]),
    )
    .unwrap();
    // Starts like a keytab, is not one: a binary file like any other.
    let mut noise = vec![0x05, 0x02];
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    for _ in 0..2048 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        noise.push((x >> 24) as u8);
    }
    noise[10] = 0;
    fs::write(dir.path().join("noise.bin"), &noise).unwrap();

    let (code, report, stderr) = scan(dir.path(), &[]);
    assert_eq!(code, 1, "{stderr}");
    let findings = report["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1, "one keytab, one fingerprint: {report}");
    let finding = &findings[0];
    assert_eq!(finding["rule_id"], "vp.kerberos.keytab.1");
    assert_eq!(finding["severity"], "high");
    let preview = finding["redacted"].as_str().unwrap();
    assert!(
        preview.starts_with("keytab: 2 entries, principal "),
        "{preview}"
    );
    let mut paths: Vec<&str> = finding["locations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["path"].as_str().unwrap())
        .collect();
    paths.sort();
    assert_eq!(
        paths,
        ["http.keytab", "krb5.bin", "svc.zip!/etc/svc.keytab"]
    );
    assert_eq!(
        skips(&report),
        vec![("noise.bin".to_string(), "binary".to_string())]
    );
    let text = report.to_string();
    assert!(
        !text.contains("web01.corp"),
        "principal in clear: {preview}"
    );
    assert!(!text.contains("CORP.EXAMPLE"), "realm in clear: {preview}");
}

fn hex(text: &str) -> Vec<u8> {
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap())
        .collect()
}

fn git(dir: &Path, args: &[&str]) {
    let output = std::process::Command::new("git")
        .current_dir(dir)
        .args(args)
        .env("GIT_AUTHOR_NAME", "Alice Dev")
        .env("GIT_AUTHOR_EMAIL", "alice@example.test")
        .env("GIT_COMMITTER_NAME", "Alice Dev")
        .env("GIT_COMMITTER_EMAIL", "alice@example.test")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir)
        .output()
        .expect("git runs");
    assert!(
        output.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn archives_and_keytabs_deleted_from_history_are_still_found() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    git(dir, &["init", "-q", "-b", "main"]);
    let token = github_token("a9o3l3nmZLGwCKB3OvBpd8vLhALrDd");
    let properties = format!("github.token={token}\n");
    fs::create_dir_all(dir.join("lib")).unwrap();
    fs::write(
        dir.join("lib/app.jar"),
        zip_bytes(&[(
            "BOOT-INF/classes/application.properties",
            properties.as_bytes(),
        )]),
    )
    .unwrap();
    let key = hex("0f1e2d3c4b5a69788796a5b4c3d2e1f0");
    fs::write(
        dir.join("lib/svc.keytab"),
        keytab(&["svc-batch"], "CORP.EXAMPLE.TEST", &[&key]),
    )
    .unwrap();
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-q", "-m", "add build output"]);
    git(dir, &["rm", "-q", "-r", "lib"]);
    git(dir, &["commit", "-q", "-m", "remove build output"]);

    let (code, report, stderr) = scan_json(&[dir.to_str().unwrap()]);
    assert_eq!(code, 1, "{stderr}");
    let found = finding_locations(&report);
    assert!(
        has(
            &found,
            "lib/app.jar!/BOOT-INF/classes/application.properties",
            1,
            PAT
        ),
        "{found:?}"
    );
    assert!(
        has(&found, "lib/svc.keytab", 1, "vp.kerberos.keytab.1"),
        "{found:?}"
    );
    for finding in report["findings"].as_array().unwrap() {
        assert_eq!(finding["status"], "history_only", "{finding}");
    }
    assert_eq!(report["history"][0]["blobs_binary"], 0, "{report}");
}

/// An Electron archive (`.asar`) of `(path, content)` files, in Electron's layout: a
/// pickle giving the size of the next, a pickle holding the JSON file table (nested
/// `files` objects, offsets as decimal strings), then the files' bytes.
fn asar_bytes(files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut table = serde_json::json!({ "files": {} });
    let mut data = Vec::new();
    for (path, content) in files {
        let mut node = &mut table;
        let (dirs, name) = path.rsplit_once('/').unwrap_or(("", path));
        for dir in dirs.split('/').filter(|d| !d.is_empty()) {
            node = node["files"]
                .as_object_mut()
                .unwrap()
                .entry(dir)
                .or_insert_with(|| serde_json::json!({ "files": {} }));
        }
        node["files"][name] =
            serde_json::json!({ "size": content.len(), "offset": data.len().to_string() });
        data.extend_from_slice(content);
    }
    let table = serde_json::to_vec(&table).unwrap();
    let padded = table.len().div_ceil(4) * 4;
    let mut out = Vec::new();
    for word in [4, 8 + padded, 4 + padded, table.len()] {
        out.extend_from_slice(&(word as u32).to_le_bytes());
    }
    out.extend_from_slice(&table);
    out.resize(16 + padded, 0);
    out.extend_from_slice(&data);
    out
}

#[test]
fn electron_asar_archives_are_opened_in_files_and_in_history() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    git(dir, &["init", "-q", "-b", "main"]);
    let shipped = github_token("VaB7hdfAWu1Tok0h6iZcV0Q9CfT2zM");
    let removed = github_token("B5rtHUAM7cJwzQH7nGDoaZMqxiJVJu");
    let config = format!("// generated\nmodule.exports = {{\n  githubToken: '{shipped}',\n}};\n");
    let old = format!("export const token = '{removed}';\n");
    fs::create_dir_all(dir.join("resources")).unwrap();
    fs::write(
        dir.join("resources/app.asar"),
        asar_bytes(&[
            (
                "package.json",
                b"{\"name\":\"desk\",\"main\":\"dist/main.js\"}\n",
            ),
            ("dist/main.js", b"require('./config');\n"),
            ("dist/config/index.js", config.as_bytes()),
        ]),
    )
    .unwrap();
    fs::write(
        dir.join("old.asar"),
        asar_bytes(&[("src/env.js", old.as_bytes())]),
    )
    .unwrap();
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-q", "-m", "ship the app"]);
    git(dir, &["rm", "-q", "old.asar"]);
    git(dir, &["commit", "-q", "-m", "drop the old build"]);
    // A file named like an archive that is not one is read as a file.
    fs::write(dir.join("notes.asar"), format!("token {shipped}\n")).unwrap();

    let (code, report, stderr) = scan_json(&[dir.to_str().unwrap()]);
    assert_eq!(code, 1, "{stderr}");
    let found = finding_locations(&report);
    for (path, line) in [
        ("resources/app.asar!/dist/config/index.js", 3),
        ("old.asar!/src/env.js", 1),
        ("notes.asar", 1),
    ] {
        assert!(has(&found, path, line, PAT), "{path}: {found:?}");
    }
    assert!(skips(&report).is_empty(), "{report}");
}

#[test]
fn class_files_in_history_and_in_archives_in_history_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    git(dir, &["init", "-q", "-b", "main"]);
    let loose = github_token("Qz8wX1cV4bN7mL0kJ3hG6fD9sA2pOi");
    let packed = github_token("Ui5yT2rE9wQ6aS3dF0gH7jK4lZ1xCv");
    fs::create_dir_all(dir.join("build")).unwrap();
    fs::write(dir.join("build/Tool.class"), class_file(&[&loose], &[])).unwrap();
    fs::write(
        dir.join("build/app.jar"),
        zip_bytes(&[(
            "com/acme/Config.class",
            &class_file(&[], &[("GITHUB_TOKEN", &packed)]),
        )]),
    )
    .unwrap();
    fs::write(dir.join("build/Broken.class"), b"\xca\xfe\xba\xbe\x00").unwrap();
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-q", "-m", "add build output"]);
    git(dir, &["rm", "-q", "-r", "build"]);
    git(dir, &["commit", "-q", "-m", "remove build output"]);

    let (code, report, stderr) = scan_json(&[dir.to_str().unwrap()]);
    assert_eq!(code, 1, "{stderr}");
    let found = finding_locations(&report);
    let at = |path: &str| found.iter().any(|(p, _, r)| p == path && r == PAT);
    assert!(at("build/Tool.class"), "{found:?}");
    assert!(at("build/app.jar!/com/acme/Config.class"), "{found:?}");
    let skipped = skips(&report);
    assert!(
        skipped.contains(&(
            "build/Broken.class".to_string(),
            "bytecode_malformed".to_string()
        )),
        "{skipped:?}"
    );
    for secret in [&loose, &packed] {
        assert!(!report.to_string().contains(secret.as_str()));
        assert!(!stderr.contains(secret.as_str()));
    }
}

fn bz2(data: &[u8]) -> Vec<u8> {
    let mut encoder = bzip2::write::BzEncoder::new(Vec::new(), bzip2::Compression::fast());
    encoder.write_all(data).unwrap();
    encoder.finish().unwrap()
}

fn xz(data: &[u8]) -> Vec<u8> {
    let options = lzma_rust2::XzOptions::with_preset(1);
    let mut encoder = lzma_rust2::XzWriter::new(Vec::new(), options).unwrap();
    encoder.write_all(data).unwrap();
    encoder.finish().unwrap()
}

fn zst(data: &[u8]) -> Vec<u8> {
    ruzstd::encoding::compress_to_vec(data, ruzstd::encoding::CompressionLevel::Fastest)
}

#[test]
fn bzip2_xz_and_zstd_tars_and_gems_are_scanned() {
    let dir = tempfile::tempdir().unwrap();
    let bodies = [
        "Xq3rT8vLm2NwZ5pK9cYh4JdF7gBs1A",
        "kP6wE2nR9tY4uI8oL3aS7dG1hJ5zXc",
        "Vb8nM3qW6eR1tY9uI4oP7aS2dF5gHj",
        "Lz4xC7vB1nM8qW3eR6tY9uI2oP5aSd",
        "Gh2jK5lZ8xC1vB4nM7qW0eR3tY6uIo",
        "Pa9sD2fG5hJ8kL1zX4cV7bN0mQ3wEr",
        "Ty6uI9oP2aS5dF8gH1jK4lZ7xC0vBn",
        "Mq1wE4rT7yU0iO3pA6sD9fG2hJ5kLz",
    ];
    let tokens: Vec<String> = bodies.iter().map(|b| github_token(b)).collect();
    let member = |i: usize| format!("DEBUG=1\nGITHUB_TOKEN={}\n", tokens[i]);
    type Codec = fn(&[u8]) -> Vec<u8>;
    let tars: [(&str, Codec); 6] = [
        ("a.tar.bz2", bz2),
        ("b.tbz2", bz2),
        ("c.tar.xz", xz),
        ("d.txz", xz),
        ("e.tar.zst", zst),
        ("f.tzst", zst),
    ];
    for (i, (name, codec)) in tars.iter().enumerate() {
        let tar = tar_bytes(&[("deploy/.env", member(i).as_bytes())]);
        fs::write(dir.path().join(name), codec(&tar)).unwrap();
    }
    // A gem: a tar of metadata.gz (the gemspec as YAML) and data.tar.gz (the files).
    let metadata = format!(
        "--- !ruby/object:Gem::Specification\nname: acme\nmetadata:\n  github_token: {}\n",
        tokens[6]
    );
    let code = format!("module Acme\n  TOKEN = \"{}\"\nend\n", tokens[7]);
    let gem = tar_bytes(&[
        ("metadata.gz", &gzip(metadata.as_bytes())),
        (
            "data.tar.gz",
            &gzip(&tar_bytes(&[("lib/acme.rb", code.as_bytes())])),
        ),
    ]);
    fs::write(dir.path().join("acme-1.0.0.gem"), gem).unwrap();
    // Named like a compressed tar, but not one: scanned as a file.
    fs::write(dir.path().join("notes.tar.xz"), "just text\n").unwrap();

    let (code, report, stderr) = scan(dir.path(), &[]);
    assert_eq!(code, 1, "{stderr}");
    let found = finding_locations(&report);
    for (path, line) in [
        ("a.tar.bz2!/deploy/.env", 2),
        ("b.tbz2!/deploy/.env", 2),
        ("c.tar.xz!/deploy/.env", 2),
        ("d.txz!/deploy/.env", 2),
        ("e.tar.zst!/deploy/.env", 2),
        ("f.tzst!/deploy/.env", 2),
        ("acme-1.0.0.gem!/metadata.gz!/metadata", 4),
        ("acme-1.0.0.gem!/data.tar.gz!/lib/acme.rb", 2),
    ] {
        assert!(has(&found, path, line, PAT), "{path}: {found:?}");
    }
    assert!(skips(&report).is_empty(), "{:?}", skips(&report));
    for token in &tokens {
        assert!(!report.to_string().contains(token.as_str()));
        assert!(!stderr.contains(token.as_str()));
    }
}

#[test]
fn a_zstd_tar_declaring_a_huge_window_is_a_counted_skip() {
    let dir = tempfile::tempdir().unwrap();
    let mut data = zst(&tar_bytes(&[("a.txt", b"hello")]));
    data[4] &= !0x20; // not single-segment: a window descriptor follows
    data.insert(5, 21 << 3); // a 2 GiB window
    fs::write(dir.path().join("big.tar.zst"), data).unwrap();
    let (code, report, stderr) = scan(dir.path(), &[]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        skips(&report),
        vec![("big.tar.zst".to_string(), "archive_unsupported".to_string())]
    );
    assert!(report["skipped"][0]["detail"]
        .as_str()
        .unwrap()
        .contains("window"));
}

/// A Java class file: its constant pool holds `strings` (as CONSTANT_String) and, for each
/// `(name, value)` in `fields`, a field with that constant value.
fn class_file(strings: &[&str], fields: &[(&str, &str)]) -> Vec<u8> {
    let mut pool: Vec<Vec<u8>> = Vec::new();
    let utf8 = |pool: &mut Vec<Vec<u8>>, text: &str| {
        let mut entry = vec![1];
        entry.extend_from_slice(&(text.len() as u16).to_be_bytes());
        entry.extend_from_slice(text.as_bytes());
        pool.push(entry);
        pool.len() as u16
    };
    let string = |pool: &mut Vec<Vec<u8>>, index: u16| {
        let mut entry = vec![8];
        entry.extend_from_slice(&index.to_be_bytes());
        pool.push(entry);
        pool.len() as u16
    };
    let attribute = utf8(&mut pool, "ConstantValue");
    let descriptor = utf8(&mut pool, "Ljava/lang/String;");
    for text in strings {
        let index = utf8(&mut pool, text);
        string(&mut pool, index);
    }
    let mut field_refs = Vec::new();
    for (name, value) in fields {
        let name = utf8(&mut pool, name);
        let value = utf8(&mut pool, value);
        field_refs.push((name, string(&mut pool, value)));
    }
    let mut out = vec![0xCA, 0xFE, 0xBA, 0xBE, 0, 0, 0, 61];
    out.extend_from_slice(&(pool.len() as u16 + 1).to_be_bytes());
    for entry in &pool {
        out.extend_from_slice(entry);
    }
    out.extend_from_slice(&[0, 0x21, 0, 0, 0, 0, 0, 0]); // flags, this, super, interfaces
    out.extend_from_slice(&(field_refs.len() as u16).to_be_bytes());
    for (name, value) in field_refs {
        out.extend_from_slice(&[0, 0x1a]);
        out.extend_from_slice(&name.to_be_bytes());
        out.extend_from_slice(&descriptor.to_be_bytes());
        out.extend_from_slice(&[0, 1]);
        out.extend_from_slice(&attribute.to_be_bytes());
        out.extend_from_slice(&[0, 0, 0, 2]);
        out.extend_from_slice(&value.to_be_bytes());
    }
    out.extend_from_slice(&[0, 0, 0, 0]); // no methods, no attributes
    out
}

#[test]
fn class_files_and_pyc_are_scanned_through_their_string_constants() {
    let dir = tempfile::tempdir().unwrap();
    let in_jar = github_token("Rf5tG8yH1uJ4iK7oL0pZ3xC6vB9nMq");
    let top = github_token("Wd2eF5gH8jK1lZ4xC7vB0nM3qW6eRt");
    let in_pyc = github_token("Yu7iO0pA3sD6fG9hJ2kL5zX8cV1bNm");
    // An AppRole secret id under its bare name: found only because the class-file reader
    // pairs the field name with its constant.
    let secret_id = "5b0d7c1e-93a4-4f2b-8e6d-1c9a3f7e2b40";
    let class = class_file(
        &["https://api.acme.io", &in_jar],
        &[("SECRET_ID", secret_id)],
    );
    let jar = zip_bytes(&[
        ("META-INF/MANIFEST.MF", b"Manifest-Version: 1.0\n"),
        ("com/acme/Config.class", &class),
        ("com/acme/Broken.class", b"\xca\xfe\xba\xbe\x00\x00"),
    ]);
    fs::write(dir.path().join("app.jar"), jar).unwrap();
    fs::write(dir.path().join("Tool.class"), class_file(&[&top], &[])).unwrap();
    let mut pyc = b"\xa7\x0d\x0d\x0a\0\0\0\0\0\0\0\0\0\0\0\0\xe3\0\0".to_vec();
    pyc.push(0xfa);
    pyc.push(in_pyc.len() as u8);
    pyc.extend_from_slice(in_pyc.as_bytes());
    pyc.extend_from_slice(b"\x00\xfa\x05token\x00");
    fs::create_dir(dir.path().join("__pycache__")).unwrap();
    fs::write(dir.path().join("__pycache__/settings.cpython-311.pyc"), pyc).unwrap();
    fs::write(dir.path().join("Bad.class"), b"not a class file at all").unwrap();

    let (code, report, stderr) = scan(dir.path(), &[]);
    assert_eq!(code, 1, "{stderr}");
    let found = finding_locations(&report);
    let at = |path: &str, rule: &str| found.iter().any(|(p, _, r)| p == path && r == rule);
    assert!(at("app.jar!/com/acme/Config.class", PAT), "{found:?}");
    assert!(
        at(
            "app.jar!/com/acme/Config.class",
            "vp.vault.approle-secret-id.1"
        ),
        "{found:?}"
    );
    assert!(at("Tool.class", PAT), "{found:?}");
    assert!(at("__pycache__/settings.cpython-311.pyc", PAT), "{found:?}");
    let mut skipped = skips(&report);
    skipped.sort();
    assert_eq!(
        skipped,
        vec![
            ("Bad.class".to_string(), "bytecode_malformed".to_string()),
            (
                "app.jar!/com/acme/Broken.class".to_string(),
                "bytecode_malformed".to_string()
            ),
        ]
    );
    for secret in [in_jar.as_str(), top.as_str(), in_pyc.as_str(), secret_id] {
        assert!(!report.to_string().contains(secret), "{secret}");
        assert!(!stderr.contains(secret), "{secret}");
    }
}

/// A DER element of `tag` around `content`.
fn der(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    if content.len() < 0x80 {
        out.push(content.len() as u8);
    } else {
        let length = (content.len() as u16).to_be_bytes();
        out.push(0x82);
        out.extend(length);
    }
    out.extend_from_slice(content);
    out
}

#[test]
fn binary_private_keys_and_key_stores_are_reported_whole_and_certificates_are_not() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    git(root, &["init", "-q", "-b", "main"]);
    // Key bytes generated at random for this test.
    let secret = hex("3d9f41c07be25a168e04f7c2b95d1a6e83f07c4d2b61e95a07c3f8d21e6b4a90");
    let rsa_oid = der(0x06, &hex("2a864886f70d010101"));
    let pkcs8 = [
        der(0x02, &[0]),
        der(0x30, &[rsa_oid.clone(), der(0x05, &[])].concat()),
        der(0x04, &secret),
    ]
    .concat();
    let pkcs8 = der(0x30, &pkcs8);
    fs::write(root.join("deploy.der"), &pkcs8).unwrap();
    let certificate = der(
        0x30,
        &[
            der(
                0x30,
                &[der(0xA0, &der(0x02, &[2])), der(0x02, &[9])].concat(),
            ),
            der(0x30, &[rsa_oid.clone(), der(0x05, &[])].concat()),
            der(0x03, &secret),
        ]
        .concat(),
    );
    fs::write(root.join("ca.der"), &certificate).unwrap();
    // A Java KeyStore whose one entry is a private key, inside a jar.
    let mut jks = vec![0xFE, 0xED, 0xFE, 0xED, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 1];
    jks.extend(&secret);
    // Beside it, the jar's signature: a DER structure that holds no key.
    fs::write(
        root.join("service.jar"),
        zip_bytes(&[
            ("config/keystore.jks", &jks),
            ("META-INF/CERT.RSA", &certificate),
        ]),
    )
    .unwrap();
    // Committed, then deleted: still in history.
    fs::write(root.join("old.der"), &pkcs8).unwrap();
    git(root, &["add", "old.der"]);
    git(root, &["commit", "-q", "-m", "add key"]);
    git(root, &["rm", "-q", "old.der"]);
    git(root, &["commit", "-q", "-m", "remove key"]);

    let (code, report, stderr) = scan_json(&[root.to_str().unwrap()]);
    assert_eq!(code, 1, "{stderr}");
    let findings = report["findings"].as_array().unwrap();
    let mut seen: Vec<(String, Vec<String>)> = findings
        .iter()
        .map(|f| {
            assert_eq!(f["rule_id"], "vp.private-key.binary-keystore.1", "{f}");
            let mut paths = finding_paths(f);
            paths.dedup();
            (f["redacted"].as_str().unwrap().to_string(), paths)
        })
        .collect();
    seen.sort();
    assert_eq!(
        seen,
        [
            (
                format!("DER PKCS#8 private key ({} bytes)", pkcs8.len()),
                vec!["deploy.der".to_string(), "old.der".to_string()]
            ),
            (
                format!("Java KeyStore with a private key ({} bytes)", jks.len()),
                vec!["service.jar!/config/keystore.jks".to_string()]
            ),
        ],
        "{report}"
    );
    let skipped = skips(&report);
    assert!(skipped.contains(&("ca.der".to_string(), "binary".to_string())));
    // The signature is one of the jar's binary members, not a skip of its own.
    assert!(
        skipped.iter().all(|(path, _)| !path.contains("CERT.RSA")),
        "{skipped:?}"
    );
}

/// An SQLite database file (as SQLite writes it) holding `sql`'s tables.
fn sqlite_bytes(sql: &str) -> Vec<u8> {
    let connection = rusqlite::Connection::open_in_memory().unwrap();
    connection.execute_batch(sql).unwrap();
    connection.serialize(rusqlite::MAIN_DB).unwrap().to_vec()
}

#[test]
fn sqlite_databases_are_read_table_by_table_and_left_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let token = github_token("Qm3Zt8Lw1Vb6Nx4Rp9Kd2Hs7Fj5Yc0");
    // A development database: a settings table with a token, a users table whose password
    // column holds a generated password (judged under the column's name).
    let db = sqlite_bytes(&format!(
        "CREATE TABLE settings (name TEXT, value TEXT);
         INSERT INTO settings VALUES ('theme', 'dark'), ('github', '{token}');
         CREATE TABLE users (login TEXT, password TEXT);
         INSERT INTO users VALUES ('ops', 'wT7kQz2vLp9xRm4N');"
    ));
    let path = dir.path().join("instance/app.sqlite3");
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(&path, &db).unwrap();
    // In WAL mode, as a running application leaves it.
    let mut wal = db.clone();
    wal[18] = 2;
    wal[19] = 2;
    fs::write(dir.path().join("cache.db"), &wal).unwrap();
    // Cut short: a named skip, the scan goes on. Named `.db` but text: a file.
    fs::write(dir.path().join("broken.sqlite"), &db[..200]).unwrap();
    fs::write(dir.path().join("notes.db"), format!("token={token}\n")).unwrap();
    let before: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();

    let (code, report, stderr) = scan(dir.path(), &[]);
    assert_eq!(code, 1, "{stderr}");
    let found = finding_locations(&report);
    for (file, line, rule) in [
        ("instance/app.sqlite3!/settings.csv", 3, PAT),
        ("cache.db!/settings.csv", 3, PAT),
        ("notes.db", 1, PAT),
    ] {
        assert!(has(&found, file, line, rule), "{file}: {found:?}");
    }
    assert!(
        found
            .iter()
            .any(|(file, line, _)| file == "instance/app.sqlite3!/users.csv" && *line == 2),
        "{found:?}"
    );
    assert_eq!(
        skips(&report),
        vec![("broken.sqlite".to_string(), "archive_corrupt".to_string())]
    );
    // Read from a copy: no journal or WAL file was made beside the databases.
    let after: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(before.len(), after.len(), "{after:?}");
    assert_eq!(fs::read(&path).unwrap(), db);
}

#[test]
fn app_packages_and_extensions_are_opened_as_zips() {
    let dir = tempfile::tempdir().unwrap();
    let tokens: Vec<String> = [
        "Tz6Kq2Vm8Rw4Xn9Lp3Hb7Yc5Df1Gs0",
        "Wn3Rk8Vq2Zm7Tx5Lb9Hp4Jc6Yd1Fs0",
    ]
    .iter()
    .map(|body| github_token(body))
    .collect();
    let config = format!("{{\"github_token\": \"{}\"}}\n", tokens[0]);
    fs::write(
        dir.path().join("app-release.apk"),
        zip_bytes(&[
            ("AndroidManifest.xml", b"\x03\x00\x08\x00binary manifest"),
            ("assets/config.json", config.as_bytes()),
        ]),
    )
    .unwrap();
    let script = format!("const token = \"{}\";\n", tokens[1]);
    fs::write(
        dir.path().join("helper-1.2.0.vsix"),
        zip_bytes(&[("extension/out/extension.js", script.as_bytes())]),
    )
    .unwrap();
    let (code, report, stderr) = scan(dir.path(), &[]);
    assert_eq!(code, 1, "{stderr}");
    let found = finding_locations(&report);
    assert!(
        has(&found, "app-release.apk!/assets/config.json", 1, PAT),
        "{found:?}"
    );
    assert!(
        has(
            &found,
            "helper-1.2.0.vsix!/extension/out/extension.js",
            1,
            PAT
        ),
        "{found:?}"
    );
}
