//! What the audit knows about the scanned repository beyond the scan's findings: its file
//! list (with git's tracked and ignored status), file texts read on demand, and what its
//! `.gitignore` ignores. File checks (a key's value, a text, a Helm release, an
//! ExternalSecret) read files through here.
//!
//! Listing is a walk of names only; file contents are read only when a check asks, once.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use globset::{Glob, GlobSet, GlobSetBuilder};

use crate::detect::structured::{is_dotenv_name, is_env_template_name};

/// Files larger than this are not read by file checks (configs are small).
const MAX_TEXT: u64 = 1 << 20;

/// A file class, for checks filtered by where a secret sits.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum FileClass {
    /// An agent or MCP server configuration (`.mcp.json`, `.claude/settings.json`,
    /// `agents/*/config.yaml`...).
    AgentConfig,
    /// A `.env` file or an `.env` backup (templates excluded).
    Dotenv,
    /// An `.env` template or example.
    EnvTemplate,
    /// Program source or a script.
    Source,
    /// Any other configuration file (YAML, JSON, TOML, HCL, INI...).
    Config,
    /// Documentation (Markdown, text).
    Docs,
    /// Anything else.
    Other,
}

impl FileClass {
    /// The snake_case name used in checklists and evidence.
    pub fn as_str(self) -> &'static str {
        match self {
            FileClass::AgentConfig => "agent_config",
            FileClass::Dotenv => "dotenv",
            FileClass::EnvTemplate => "env_template",
            FileClass::Source => "source",
            FileClass::Config => "config",
            FileClass::Docs => "docs",
            FileClass::Other => "other",
        }
    }

    /// The class of a repository-relative path, from its name.
    ///
    /// # Example
    /// ```
    /// use vaultproof::audit::repo::FileClass;
    /// assert_eq!(FileClass::of("agents/billing/.mcp.json"), FileClass::AgentConfig);
    /// assert_eq!(FileClass::of(".env.backup.20251101"), FileClass::Dotenv);
    /// assert_eq!(FileClass::of(".env.example"), FileClass::EnvTemplate);
    /// assert_eq!(FileClass::of("agents/billing/client.py"), FileClass::Source);
    /// ```
    pub fn of(path: &str) -> FileClass {
        let lower = path.to_ascii_lowercase();
        let name = lower.rsplit('/').next().unwrap_or(&lower);
        if is_dotenv_name(path) {
            return if is_env_template_name(path) {
                FileClass::EnvTemplate
            } else {
                FileClass::Dotenv
            };
        }
        let ext = name.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
        let config_ext = matches!(
            ext,
            "json" | "jsonc" | "yaml" | "yml" | "toml" | "ini" | "cfg" | "hcl" | "conf" | "tfvars"
        );
        let agentish = name.contains("mcp")
            || name == "claude_desktop_config.json"
            || lower.contains(".claude/")
            || lower.contains(".cursor/")
            || lower.contains(".continue/")
            || lower.contains(".codex/")
            || lower.contains(".windsurf/")
            || lower
                .split('/')
                .any(|part| part == "agents" || part == "agent")
            || name.starts_with("agent");
        if config_ext && agentish {
            return FileClass::AgentConfig;
        }
        if config_ext || name == "dockerfile" || name.starts_with("docker-compose") {
            return FileClass::Config;
        }
        match ext {
            "md" | "markdown" | "txt" | "rst" | "adoc" => FileClass::Docs,
            "py" | "js" | "mjs" | "cjs" | "ts" | "tsx" | "jsx" | "go" | "rs" | "java" | "kt"
            | "rb" | "php" | "cs" | "sh" | "bash" | "zsh" | "ps1" | "swift" | "scala" | "c"
            | "cc" | "cpp" | "h" | "hpp" | "lua" | "pl" | "r" | "ipynb" => FileClass::Source,
            _ => FileClass::Other,
        }
    }
}

/// One file of the scanned tree.
#[derive(Debug)]
pub struct RepoFile {
    /// Path relative to the root, `/`-separated.
    pub path: String,
    /// Whether git's index has it (false outside a repository).
    pub tracked: bool,
    /// Whether a git ignore rule matches it (false when tracked or outside a repository).
    pub ignored: bool,
    text: OnceLock<Option<String>>,
}

impl RepoFile {
    /// The class of this file.
    pub fn class(&self) -> FileClass {
        FileClass::of(&self.path)
    }
}

/// The scanned repository's files and git facts.
#[derive(Debug)]
pub struct Repo {
    /// The root directory (None: an in-memory repository built for tests).
    pub root: Option<PathBuf>,
    /// Every file, sorted by path (`.git/` excluded).
    pub files: Vec<RepoFile>,
    /// Whether the root is inside a git work tree.
    pub is_git: bool,
    /// For in-memory repositories: the paths the (fake) `.gitignore` ignores.
    fake_ignored: Option<BTreeSet<String>>,
}

/// Why the repository could not be listed.
#[derive(Debug, thiserror::Error)]
#[error("{path}: cannot list the repository: {message}")]
pub struct RepoError {
    /// The root.
    pub path: PathBuf,
    /// What went wrong.
    pub message: String,
}

impl Repo {
    /// Lists `root` (a directory): every file, hidden and git-ignored ones included, `.git/`
    /// excluded; marks each tracked or ignored from git's index and ignore rules.
    pub fn open(root: &Path) -> Result<Repo, RepoError> {
        let err = |message: String| RepoError {
            path: root.to_path_buf(),
            message,
        };
        let git = git2::Repository::discover(root)
            .ok()
            .filter(|r| !r.is_bare());
        let (tracked, prefix) = match &git {
            Some(repo) => {
                let workdir = repo.workdir().map(Path::to_path_buf).unwrap_or_default();
                let canon_root = root.canonicalize().map_err(|e| err(e.to_string()))?;
                let canon_work = workdir.canonicalize().unwrap_or(workdir);
                let prefix = canon_root
                    .strip_prefix(&canon_work)
                    .map(|p| p.to_string_lossy().replace('\\', "/"))
                    .unwrap_or_default();
                let index = repo.index().map_err(|e| err(e.to_string()))?;
                let tracked: BTreeSet<String> = index
                    .iter()
                    .map(|entry| String::from_utf8_lossy(&entry.path).into_owned())
                    .collect();
                (tracked, prefix)
            }
            None => (BTreeSet::new(), String::new()),
        };
        let in_repo = |rel: &str| {
            if prefix.is_empty() {
                rel.to_string()
            } else {
                format!("{prefix}/{rel}")
            }
        };
        let mut files = Vec::new();
        let walker = ignore::WalkBuilder::new(root)
            .hidden(false)
            .ignore(false)
            .git_ignore(false)
            .git_global(false)
            .git_exclude(false)
            .parents(false)
            .filter_entry(|e| e.file_name() != ".git")
            .build();
        for entry in walker {
            let entry = entry.map_err(|e| err(e.to_string()))?;
            if !entry.file_type().is_some_and(|t| t.is_file()) {
                continue;
            }
            let Ok(rel) = entry.path().strip_prefix(root) else {
                continue;
            };
            let rel = rel.to_string_lossy().replace('\\', "/");
            let is_tracked = tracked.contains(&in_repo(&rel));
            let ignored = !is_tracked
                && git
                    .as_ref()
                    .is_some_and(|repo| repo.is_path_ignored(in_repo(&rel)).unwrap_or(false));
            files.push(RepoFile {
                path: rel,
                tracked: is_tracked,
                ignored,
                text: OnceLock::new(),
            });
        }
        files.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(Repo {
            root: Some(root.to_path_buf()),
            files,
            is_git: git.is_some(),
            fake_ignored: None,
        })
    }

    /// An in-memory repository (tests): `(path, text, tracked)` per file; `ignored` lists
    /// the sample paths its ignore rules match.
    pub fn in_memory(files: &[(&str, &str, bool)], is_git: bool, ignored: &[&str]) -> Repo {
        let mut files: Vec<RepoFile> = files
            .iter()
            .map(|(path, text, tracked)| {
                let cell = OnceLock::new();
                let _ = cell.set(Some(text.to_string()));
                RepoFile {
                    path: path.to_string(),
                    tracked: *tracked,
                    ignored: !*tracked && ignored.contains(path),
                    text: cell,
                }
            })
            .collect();
        files.sort_by(|a, b| a.path.cmp(&b.path));
        Repo {
            root: None,
            files,
            is_git,
            fake_ignored: Some(ignored.iter().map(|s| s.to_string()).collect()),
        }
    }

    /// The text of `file` (None when unreadable, too large or not UTF-8).
    pub fn text<'a>(&self, file: &'a RepoFile) -> Option<&'a str> {
        file.text
            .get_or_init(|| {
                let path = self.root.as_ref()?.join(&file.path);
                let meta = std::fs::metadata(&path).ok()?;
                if meta.len() > MAX_TEXT {
                    return None;
                }
                String::from_utf8(std::fs::read(path).ok()?).ok()
            })
            .as_deref()
    }

    /// The files matching any of `globs`.
    pub fn matching(&self, globs: &[String]) -> Vec<&RepoFile> {
        let Some(set) = glob_set(globs) else {
            return Vec::new();
        };
        self.files
            .iter()
            .filter(|f| set.is_match(&f.path))
            .collect()
    }

    /// Whether git's ignore rules (at the root) ignore `sample`; None outside a repository.
    pub fn ignores(&self, sample: &str) -> Option<bool> {
        if !self.is_git {
            return None;
        }
        if let Some(fake) = &self.fake_ignored {
            return Some(fake.contains(sample));
        }
        let root = self.root.as_ref()?;
        let repo = git2::Repository::discover(root).ok()?;
        let workdir = repo.workdir()?.canonicalize().ok()?;
        let canon = root.canonicalize().ok()?;
        let prefix = canon.strip_prefix(&workdir).ok()?;
        let path = prefix.join(sample);
        repo.is_path_ignored(path).ok()
    }
}

/// Compiles globs (already validated when the checklist was loaded). A glob without a
/// `/` also matches at any depth, as in `.gitignore`.
pub fn glob_set(globs: &[String]) -> Option<GlobSet> {
    let mut builder = GlobSetBuilder::new();
    for glob in globs {
        builder.add(Glob::new(glob).ok()?);
        if !glob.contains('/') {
            builder.add(Glob::new(&format!("**/{glob}")).ok()?);
        }
    }
    builder.build().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_from_names() {
        assert_eq!(FileClass::of(".mcp.json"), FileClass::AgentConfig);
        assert_eq!(
            FileClass::of("agents/erp/config.yaml"),
            FileClass::AgentConfig
        );
        assert_eq!(
            FileClass::of(".claude/settings.local.json"),
            FileClass::AgentConfig
        );
        assert_eq!(FileClass::of(".env"), FileClass::Dotenv);
        assert_eq!(FileClass::of("config/vault.hcl"), FileClass::Config);
        assert_eq!(FileClass::of("README.md"), FileClass::Docs);
        assert_eq!(FileClass::of("agents/erp/sync.py"), FileClass::Source);
    }

    #[test]
    fn open_lists_tracked_and_ignored_files() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let repo = git2::Repository::init(root).unwrap();
        std::fs::write(root.join(".gitignore"), ".env\n").unwrap();
        std::fs::write(root.join(".env"), "A=1\n").unwrap();
        std::fs::write(root.join("app.py"), "print(1)\n").unwrap();
        let mut index = repo.index().unwrap();
        index.add_path(Path::new("app.py")).unwrap();
        index.write().unwrap();
        let listed = Repo::open(root).unwrap();
        let by = |p: &str| listed.files.iter().find(|f| f.path == p).unwrap();
        assert!(by("app.py").tracked && !by("app.py").ignored);
        assert!(!by(".env").tracked && by(".env").ignored);
        assert_eq!(listed.text(by(".env")), Some("A=1\n"));
        assert_eq!(listed.ignores(".env"), Some(true));
        assert_eq!(listed.ignores(".env.backup.1"), Some(false));
        assert_eq!(listed.matching(&[".env".into()]).len(), 1);
    }
}
