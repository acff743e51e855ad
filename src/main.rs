//! The `vaultproof` binary: parses the command line, calls the library, prints, and maps
//! the outcome to an exit code (0 clean, 1 findings at or above `--fail-on`, 2 error).

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use anyhow::Context;
use clap::Parser;
use vaultproof::cli::{
    AuditArgs, Cli, Command, DiffArgs, ExtraOutputs, MergeArgs, OutputFormat, RulesArgs, ScanArgs,
    VaultCommand, VaultConnectArgs, VaultEvidenceArgs, VaultIndexArgs,
};
use vaultproof::escape;
use vaultproof::finding::AuditKey;
use vaultproof::report::{self, output, Report};
use vaultproof::scan::{load_matcher, scan, HistoryMode, ScanOptions};
use vaultproof::source::fs::{FsOptions, SkipReason};
use vaultproof::source::git::HistoryOptions;

/// Shadows std's `eprintln!` for this whole file: every diagnostic goes through [`diag`],
/// which escapes control characters and never panics on a broken stderr.
macro_rules! eprintln {
    () => {
        diag(format_args!(""))
    };
    ($($arg:tt)*) => {
        diag(format_args!($($arg)*))
    };
}

fn main() -> ExitCode {
    // A panic's message may quote a scanned file: only its place is printed (with a
    // backtrace, which names functions only, under RUST_BACKTRACE).
    vaultproof::panic::install_hook(|place| {
        eprintln!(
            "vaultproof: internal error (a defect) at {place}; its message is withheld, as it \
             may quote scanned text"
        );
        let backtrace = std::backtrace::Backtrace::capture();
        if backtrace.status() == std::backtrace::BacktraceStatus::Captured {
            for line in backtrace.to_string().lines() {
                eprintln!("{line}");
            }
        }
    });
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Scan(args) => run_scan(args),
        Command::Rules(args) => run_rules(args).map(|()| ExitCode::SUCCESS),
        Command::Diff(args) => run_diff(args),
        Command::Merge(args) => run_merge(args).map(|()| ExitCode::SUCCESS),
        Command::Audit(args) => run_audit(args),
        Command::Vault(VaultCommand::Index(args)) => {
            run_vault_index(args).map(|()| ExitCode::SUCCESS)
        }
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("vaultproof: error: {error:#}");
            ExitCode::from(2)
        }
    }
}

/// Writes one diagnostic line to standard error, with every control character escaped
/// ([`escape::terminal`]): a line names paths, authors, refs and patterns a scanned
/// repository controls, which must not drive the terminal or forge more lines. Write
/// errors are ignored: a closed or broken stderr (`2>&1 | head -1`) must never abort the
/// run or keep the report from being written, which std's `eprintln!` (it panics) would.
fn diag(line: std::fmt::Arguments<'_>) {
    let line = line.to_string();
    let mut err = std::io::stderr().lock();
    let _ = err
        .write_all(escape::terminal(&line).as_bytes())
        .and_then(|()| err.write_all(b"\n"));
}

fn run_scan(args: ScanArgs) -> anyhow::Result<ExitCode> {
    let key = AuditKey::load_default().context("loading the audit key")?;
    if let Some((path, mode)) = AuditKey::exposed_key_file() {
        eprintln!(
            "vaultproof: warning: {}: the audit key file is readable by its group or others \
             (mode {mode:03o}); anyone who can read it can test guesses against fingerprints: \
             chmod 600 it",
            path.display()
        );
    }
    let outputs: Vec<&std::path::Path> = [
        args.output.as_deref(),
        args.inventory.as_deref(),
        args.extra.json.as_deref(),
        args.extra.html.as_deref(),
        args.extra.sarif.as_deref(),
        args.extra.markdown.as_deref(),
    ]
    .into_iter()
    .flatten()
    .collect();
    // Everything the scan reads: the roots, the configuration file, the rule directories.
    let read: Vec<std::path::PathBuf> = args
        .paths
        .iter()
        .chain(&args.config)
        .chain(&args.rule_dirs)
        .cloned()
        .collect();
    output::check_outputs(&read, &outputs)?;
    let mut options = ScanOptions {
        roots: args.paths.clone(),
        fs: FsOptions {
            follow_symlinks: args.follow_symlinks,
            max_file_size: args.max_file_size,
            exclude: args.exclude.clone(),
            threads: args.threads,
            archives: (!args.no_archives).then(vaultproof::source::archive::ArchiveLimits::default),
        },
        history_mode: if args.git {
            HistoryMode::HistoryOnly
        } else if args.no_history {
            HistoryMode::FilesOnly
        } else {
            HistoryMode::FilesAndHistory
        },
        history: HistoryOptions {
            since: args.since.clone(),
            branch: args.branch.clone(),
            max_blob_size: args.max_blob_size,
        },
        rule_dirs: args.rule_dirs.clone(),
        config: args.config.clone(),
        baseline: args.baseline.clone(),
        no_repo_config: args.no_repo_config,
    };
    // `--staged`: the index's added and changed blobs, written under a scratch directory
    // that is scanned in place of the work tree (files only: history is not staged).
    let scratch = if args.staged {
        Some(tempfile::tempdir().context("creating a scratch directory for --staged")?)
    } else {
        None
    };
    let mut staged_root = None;
    if let Some(dir) = &scratch {
        let [given] = args.paths.as_slice() else {
            anyhow::bail!("--staged takes one path inside the repository");
        };
        let staged = vaultproof::source::staged::materialize(given, dir.path())?;
        options.roots = vec![dir.path().to_path_buf()];
        options.history_mode = HistoryMode::FilesOnly;
        let config = staged.workdir.join(".vaultproof.toml");
        if options.config.is_none()
            && config.is_file()
            && !dir.path().join(".vaultproof.toml").exists()
        {
            options.config = Some(config);
        }
        staged_root = Some((
            dir.path().display().to_string(),
            given.display().to_string(),
        ));
    }
    let bar = (!args.quiet && std::io::stderr().is_terminal()).then(progress_bar);
    let on_file = |bytes: u64| {
        if let Some(bar) = &bar {
            bar.inc(bytes);
        }
    };
    let mut report = scan(&options, &key, Some(&on_file))?;
    if let Some((scratch, given)) = &staged_root {
        vaultproof::report::relabel_staged(&mut report, scratch, given);
    }
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    attach_vault(&mut report, &args.vault, &args.rule_dirs, &key)?;
    if let Some(previous) = &args.extra.previous {
        attach_previous(&mut report, previous)?;
    }
    if !args.quiet {
        print_skips(&report, args.verbose);
    }
    let incomplete = print_history_problems(&report);
    let terminal = report::terminal::TerminalOptions {
        all_locations: args.all_locations || args.verbose,
    };
    write_outputs(
        &report,
        args.format,
        args.output.as_deref(),
        &args.extra,
        terminal,
    )?;
    if let Some(path) = &args.inventory {
        emit(Some(path), "writing the inventory", |out| {
            vaultproof::inventory::write_csv(&report.inventory, out).map_err(std::io::Error::other)
        })?;
    }
    if incomplete && !args.allow_incomplete {
        eprintln!(
            "vaultproof: error: git history not fully read (listed above); \
             --allow-incomplete accepts a partial history scan"
        );
        return Ok(ExitCode::from(2));
    }
    let failing = report.findings.iter().any(|f| f.severity >= args.fail_on);
    Ok(if failing {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The Vault client configuration: the environment, then the flags.
fn vault_config(args: &VaultConnectArgs) -> anyhow::Result<vaultproof::vault::VaultConfig> {
    let mut config = vaultproof::vault::VaultConfig::from_env();
    if let Some(role_id) = &args.role_id {
        config.role_id = Some(role_id.clone());
    }
    if let Some(path) = &args.secret_id_file {
        let text =
            zeroize::Zeroizing::new(std::fs::read_to_string(path).with_context(|| {
                format!("{}: cannot read the AppRole secret id", path.display())
            })?);
        config.secret_id = Some(zeroize::Zeroizing::new(text.trim().to_string()));
    }
    config.approle_mount = args.approle_mount.clone();
    config.timeout = std::time::Duration::from_secs(args.vault_timeout.max(1));
    config.concurrency = args.vault_concurrency.max(1);
    Ok(config)
}

fn index_progress_bar() -> indicatif::ProgressBar {
    let bar = indicatif::ProgressBar::new(0);
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{bar:30} {pos}/{len} Vault secrets indexed ({per_sec})",
        )
        .expect("valid template"),
    );
    bar
}

fn run_vault_index(args: VaultIndexArgs) -> anyhow::Result<()> {
    use vaultproof::vault::{self, IndexOptions};
    if output::is_standard_output(&args.output) {
        anyhow::bail!(
            "vault index writes its index to a file (mode 0600, kept apart from the audit \
             key), not to standard output: give --output a file name"
        );
    }
    let key = AuditKey::load_default().context("loading the audit key")?;
    let config = vault_config(&args.connect)?;
    let matcher = load_matcher(&[])?;
    let options = IndexOptions {
        mounts: args.mounts.clone(),
        prefix: args.prefix.clone(),
        versions: args.versions,
    };
    let bar = (!args.quiet && std::io::stderr().is_terminal()).then(index_progress_bar);
    let on_secret = |done: u64, total: u64| {
        if let Some(bar) = &bar {
            bar.set_length(total);
            bar.set_position(done);
        }
    };
    let index = vault::index_live(&config, &matcher, &key, &options, Some(&on_secret))?;
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    vault::index::save(&index, &args.output)?;
    for error in &index.errors {
        eprintln!("vaultproof: vault: {error}");
    }
    if !args.quiet {
        eprintln!(
            "vaultproof: indexed {} secrets ({} fingerprints) from {} into {}{}",
            index.secrets.len(),
            index.entries.len(),
            index.address,
            args.output.display(),
            if index.complete {
                ""
            } else {
                " (incomplete: see the errors above)"
            }
        );
    }
    Ok(())
}

/// Puts the Vault evidence of `--vault` / `--vault-index` / `--audit-log` into the report;
/// returns where it came from: `live`, `index` or `none`. Vault being out of reach is one
/// message and `unknown` statuses; an unusable index file is an error (exit 2). A live
/// index fingerprints values with the rules of `rule_dirs` too, as the scan does.
fn attach_vault(
    report: &mut Report,
    args: &VaultEvidenceArgs,
    rule_dirs: &[std::path::PathBuf],
    key: &AuditKey,
) -> anyhow::Result<&'static str> {
    use vaultproof::vault::{self, AuditLogOptions, EvidenceSource, IndexOptions};
    let audit = AuditLogOptions {
        file: args.audit_log.clone(),
        since: args.audit_log_since.clone(),
    };
    if let Some(path) = &args.vault_index {
        let index = vault::index::load(path, key)?;
        let address = index.address.clone();
        vault::attach(report, EvidenceSource::Index, &address, Ok(&index), &audit)?;
        return Ok("index");
    }
    if args.vault {
        let config = vault_config(&args.connect)?;
        let matcher = load_matcher(rule_dirs)?;
        let options = IndexOptions {
            mounts: args.vault_mount.to_vec(),
            prefix: None,
            versions: args.vault_versions,
        };
        let result = vault::index_live(&config, &matcher, key, &options, None);
        let address = config.address.clone();
        match &result {
            Ok(index) => {
                for error in &index.errors {
                    eprintln!("vaultproof: vault: {error}");
                }
            }
            Err(error) => eprintln!("vaultproof: vault: {error}; every Vault status is unknown"),
        }
        let index = result.as_ref().map_err(|e| e.to_string());
        vault::attach(report, EvidenceSource::Live, &address, index, &audit)?;
        return Ok("live");
    }
    if args.audit_log.is_some() {
        vault::attach(
            report,
            EvidenceSource::Live,
            "",
            Err("no --vault or --vault-index given".into()),
            &audit,
        )?;
    }
    Ok("none")
}

fn progress_bar() -> indicatif::ProgressBar {
    let bar = indicatif::ProgressBar::new_spinner();
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{spinner} scanning: {binary_bytes} ({binary_bytes_per_sec})",
        )
        .expect("valid template"),
    );
    bar.enable_steady_tick(std::time::Duration::from_millis(120));
    bar
}

/// Names every file that was not scanned for a reason the user should act on; files
/// skipped by design (binary, empty, symlink not followed) only with `--verbose`.
fn print_skips(report: &Report, verbose: bool) {
    for skipped in &report.skipped {
        let by_design = matches!(
            skipped.reason,
            SkipReason::Binary | SkipReason::Empty | SkipReason::Symlink
        );
        if verbose || !by_design {
            eprintln!(
                "vaultproof: {}: skipped ({}): {}",
                skipped.path,
                skipped.reason.as_str(),
                skipped.detail
            );
        }
    }
    // Files read as plain text were scanned: a note counted once, listed on request.
    if verbose {
        for note in &report.notes {
            eprintln!(
                "vaultproof: {}: {}: {}",
                note.path,
                note.reason.as_str().replace('_', " "),
                note.detail
            );
        }
    } else if !report.notes.is_empty() {
        let count = report.notes.len();
        eprintln!(
            "vaultproof: {count} file{} read as plain text (structured parse failed), --verbose lists them",
            if count == 1 { "" } else { "s" }
        );
    }
}

/// Names every history error and absent blob on standard error (even with `--quiet`: a
/// history that was not read is not a detail); returns whether any history is incomplete.
fn print_history_problems(report: &Report) -> bool {
    let mut incomplete = false;
    for history in &report.history {
        for error in &history.errors {
            eprintln!("vaultproof: {}: git history: {error}", history.repository);
        }
        for absent in &history.absent {
            eprintln!(
                "vaultproof: {}: git history: absent (partial clone, not fetched): {absent}",
                history.repository
            );
        }
        incomplete |= !history.is_complete();
    }
    incomplete
}

fn to_format(format: OutputFormat) -> report::Format {
    match format {
        OutputFormat::Terminal => report::Format::Terminal,
        OutputFormat::Json => report::Format::Json,
        OutputFormat::Html => report::Format::Html,
        OutputFormat::Sarif => report::Format::Sarif,
        OutputFormat::Markdown => report::Format::Markdown,
    }
}

/// A writer passing on only the printable text of what is written to it (colour codes
/// dropped), for a report going to a file.
struct StripColours<'a> {
    out: &'a mut dyn Write,
    state: anstream::adapter::StripBytes,
}

impl Write for StripColours<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        for printable in self.state.strip_next(buf) {
            self.out.write_all(printable)?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

/// Writes with `write` to `path` (atomically, colours stripped) or, when it is absent or
/// `-`, to standard output (colours only on a terminal), naming `what` and the file on
/// failure.
fn emit(
    path: Option<&std::path::Path>,
    what: &'static str,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> anyhow::Result<()> {
    match path.filter(|path| !output::is_standard_output(path)) {
        // Colours are stripped as the report streams out: a report of many findings is
        // never held whole in memory.
        Some(path) => output::write_atomically(path, |out| {
            let mut stripped = StripColours {
                out,
                state: anstream::adapter::StripBytes::default(),
            };
            write(&mut stripped)?;
            stripped.flush()
        })
        .context(what),
        None => {
            let mut out = anstream::AutoStream::auto(std::io::stdout().lock());
            reader_may_stop(write(&mut out).and_then(|()| out.flush())).context(what)
        }
    }
}

/// A write to standard output whose reader stopped reading (`| head`) is not an error: the
/// reader chose to see no more, and the run keeps its exit code (a gate still fails on
/// findings) instead of reporting a broken pipe.
fn reader_may_stop(result: std::io::Result<()>) -> std::io::Result<()> {
    match result {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

/// The main report (`--format`, `-o`) and every extra format (`--html`, `--sarif`...).
fn write_outputs(
    report: &Report,
    format: OutputFormat,
    output: Option<&std::path::Path>,
    extra: &ExtraOutputs,
    terminal: report::terminal::TerminalOptions,
) -> anyhow::Result<()> {
    emit(output, "writing the report", |out| {
        report::render(report, to_format(format), terminal, out)
    })?;
    for (path, format) in [
        (&extra.json, report::Format::Json),
        (&extra.html, report::Format::Html),
        (&extra.sarif, report::Format::Sarif),
        (&extra.markdown, report::Format::Markdown),
    ] {
        if let Some(path) = path {
            emit(Some(path), "writing the report", |out| {
                report::render(report, format, terminal, out)
            })?;
        }
    }
    Ok(())
}

/// Adds the change since a previous JSON report (`--previous FILE`).
fn attach_previous(report: &mut Report, previous: &std::path::Path) -> anyhow::Result<()> {
    let before = report::json::read(previous)?;
    report.change = Some(report::diff::change_summary(
        &previous.display().to_string(),
        &before,
        report,
    ));
    Ok(())
}

fn run_diff(args: DiffArgs) -> anyhow::Result<ExitCode> {
    let before = report::json::read(&args.before)?;
    let after = report::json::read(&args.after)?;
    let diff = report::diff::compare(
        &args.before.display().to_string(),
        &before,
        &args.after.display().to_string(),
        &after,
    );
    let write = |format: OutputFormat, out: &mut dyn Write| match format {
        OutputFormat::Terminal => report::diff::write_terminal(&diff, out),
        OutputFormat::Json => report::diff::write_json(&diff, out),
        OutputFormat::Html => report::html::write_diff(&diff, out),
        OutputFormat::Markdown => report::markdown::write_diff(&diff, out),
        OutputFormat::Sarif => Err(std::io::Error::other(
            "SARIF describes one scan, not a diff: use json, html, markdown or terminal",
        )),
    };
    emit(args.output.as_deref(), "writing the report", |out| {
        write(args.format, out)
    })?;
    for (path, format) in [
        (&args.json, OutputFormat::Json),
        (&args.html, OutputFormat::Html),
        (&args.markdown, OutputFormat::Markdown),
    ] {
        if let Some(path) = path {
            emit(Some(path), "writing the report", |out| write(format, out))?;
        }
    }
    Ok(if args.fail_on_new && !diff.new.is_empty() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn run_merge(args: MergeArgs) -> anyhow::Result<()> {
    let mut reports = Vec::new();
    for path in &args.reports {
        reports.push((path.display().to_string(), report::json::read(path)?));
    }
    let mut merged = report::merge::merge(reports)?;
    if let Some(previous) = &args.extra.previous {
        attach_previous(&mut merged, previous)?;
    }
    write_outputs(
        &merged,
        args.format,
        args.output.as_deref(),
        &args.extra,
        Default::default(),
    )
}

fn run_rules(args: RulesArgs) -> anyhow::Result<()> {
    let matcher = load_matcher(&args.rule_dirs)?;
    let mut out = std::io::stdout().lock();
    let listed = (|| {
        for compiled in matcher.rules() {
            let rule = &compiled.rule;
            writeln!(
                out,
                "{:<44} {:<9} {}",
                rule.id,
                rule.severity.as_str(),
                rule.name
            )?;
        }
        writeln!(out, "{} rules", matcher.rules().len())?;
        out.flush()
    })();
    Ok(reader_may_stop(listed)?)
}

/// `vaultproof audit`: load the checklists and evidence files first (so a typo fails fast),
/// scan the tree and its history once, attach the Vault evidence, evaluate, render, gate.
fn run_audit(args: AuditArgs) -> anyhow::Result<ExitCode> {
    use vaultproof::audit::{checklist, checks::PolicyReaders, evaluate, repo::Repo};
    use vaultproof::report::model::AuditInputs;

    let named = args
        .checklist
        .iter()
        .map(|arg| checklist::resolve(arg))
        .collect::<Result<Vec<_>, _>>()?;
    let builtin = checklist::builtin()?;
    let attestations = match &args.attestations {
        Some(path) => evaluate::load_attestations(path)?,
        None => Vec::new(),
    };
    let before: Option<Report> = match &args.before {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("{}: cannot read the before report", path.display()))?;
            Some(
                serde_json::from_str(&text)
                    .with_context(|| format!("{}: not a vaultproof JSON report", path.display()))?,
            )
        }
        None => None,
    };
    let now = match &args.as_of {
        Some(text) => evaluate::parse_time(text).with_context(|| {
            format!("--as-of {text:?}: not a date (2026-03-01 or 2026-03-01T12:00:00Z)")
        })?,
        None => jiff::Timestamp::now(),
    };
    if !args.path.is_dir() {
        anyhow::bail!("{}: not a directory", args.path.display());
    }
    let key = AuditKey::load_default().context("loading the audit key")?;
    let options = ScanOptions {
        roots: vec![args.path.clone()],
        fs: FsOptions::default(),
        history_mode: HistoryMode::FilesAndHistory,
        history: HistoryOptions {
            max_blob_size: 64 << 20,
            ..HistoryOptions::default()
        },
        ..ScanOptions::default()
    };
    let bar = (!args.quiet && std::io::stderr().is_terminal()).then(progress_bar);
    let on_file = |bytes: u64| {
        if let Some(bar) = &bar {
            bar.inc(bytes);
        }
    };
    let mut report = scan(&options, &key, Some(&on_file))?;
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    if let Some(before) = &before {
        evaluate::merge_before(&mut report, before);
    }
    let vault_source = attach_vault(&mut report, &args.vault, &[], &key)?;
    let repo = Repo::open(&args.path)?;
    let file_name = |p: &Option<std::path::PathBuf>| {
        p.as_ref().map(|p| {
            p.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| p.display().to_string())
        })
    };
    let inputs = AuditInputs {
        vault: vault_source.to_string(),
        vault_index: file_name(&args.vault.vault_index),
        audit_log: file_name(&args.vault.audit_log),
        attestations: file_name(&args.attestations),
        before: file_name(&args.before),
    };
    let section = evaluate::evaluate(
        &report,
        &repo,
        builtin,
        evaluate::AuditInput {
            named,
            attestations,
            before: before.as_ref(),
            inputs,
            now,
            policy_readers: Some(PolicyReaders::vault()),
        },
    );
    let failing = evaluate::gate_fails(&section, args.fail_on, args.allow_unknown);
    report.audit = Some(section);
    if let Some(previous) = &args.extra.previous {
        attach_previous(&mut report, previous)?;
    }
    write_outputs(
        &report,
        args.format,
        args.output.as_deref(),
        &args.extra,
        Default::default(),
    )?;
    Ok(if failing {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
