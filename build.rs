//! Embeds every built-in rule file (`rules/secrets/*.toml`) and runbook checklist
//! (`rules/checklists/*.toml`) into the binary, so that adding a rule or a checklist is
//! adding a data file, with no code to edit.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    embed(&root.join("rules").join("secrets"), "builtin_rules.rs");
    embed(
        &root.join("rules").join("checklists"),
        "builtin_checklists.rs",
    );
}

/// Writes `OUT_DIR/out_name`: a slice of (file name, contents) for every `*.toml` in `dir`.
fn embed(dir: &Path, out_name: &str) {
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.expect("readable rules dir").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "toml"))
        .collect();
    files.sort();
    let mut code = String::from("&[\n");
    for path in &files {
        println!("cargo:rerun-if-changed={}", path.display());
        let name = path.file_name().unwrap().to_string_lossy();
        writeln!(
            code,
            "    ({name:?}, include_str!({:?})),",
            path.display().to_string()
        )
        .unwrap();
    }
    code.push(']');
    let out = Path::new(&std::env::var("OUT_DIR").unwrap()).join(out_name);
    std::fs::write(out, code).unwrap();
}
