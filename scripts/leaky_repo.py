#!/usr/bin/env python3
"""Recall of vaultproof on Plazmaz/leaky-repo, a public benchmark tree for secret scanners.

leaky-repo holds some forty files where credentials hide on a workstation and a web server
(`.bash_profile`, `.docker/config.json`, FileZilla's `recentservers.xml`, a PuTTY key, a
WordPress `wp-config.php`, `.npmrc`, `.pgpass`...), and `.leaky-meta/secrets.csv` counts
the lines of each file that carry a risk. This script clones the repository from its
mirror (nothing of it is copied into this repository), scans the work tree with
vaultproof (`--no-history`), and prints, per file, the risk lines the CSV counts and the
lines vaultproof flags, then the total: flagged lines capped at each file's count, over
the counted lines. Files flagged but not in the CSV are listed (the CSV counts no risk
there). Many counted risks are sample passwords (`admin`, `password`, `swordfish`,
`AdminPassword123`) that vaultproof leaves unreported on purpose; the per-file lines say
which.

Run:
  python3 scripts/leaky_repo.py [--repo GIT_DIR] [--vaultproof BIN] [--out DIR]

GIT_DIR defaults to the mirror /work/.mirror/Plazmaz+leaky-repo/repo (the library's
`fetch github:Plazmaz/leaky-repo` brings it).
"""

import argparse
import collections
import json
import shutil
import subprocess
import sys
from pathlib import Path


def risk_counts(csv_path):
    """{file: risk lines} from leaky-repo's secrets.csv (comments and blank lines skipped)."""
    counts = {}
    for row in csv_path.read_text().splitlines():
        row = row.strip()
        if not row or row.startswith("#"):
            continue
        name, risk, _informative = row.split(",")
        counts[name] = int(risk)
    return counts


def example_set_arguments(description, repo, out, misses_help):
    """Parses the command line of a script that scores vaultproof on another project's
    examples read from its git mirror REPO (`--repo`, `--vaultproof`, `--out`, `--misses`),
    and exits with the `fetch` to run when the mirror is missing."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--repo", default=f"/work/.mirror/{repo.replace('/', '+')}/repo",
                        metavar="GIT_DIR")
    parser.add_argument("--vaultproof", default="target/release/vaultproof", metavar="BIN")
    parser.add_argument("--out", default=out, type=Path, metavar="DIR")
    parser.add_argument("--misses", action="store_true", help=misses_help)
    args = parser.parse_args()
    if not Path(args.repo).exists():
        sys.exit(f"{args.repo} not found: fetch github:{repo} first")
    return args


def print_scores(title, counts, groups, details, show_details, units=("examples", "negatives")):
    """Prints recall (`pos_hit` of `pos`) and false alarms (`neg_hit` of `neg`) of COUNTS,
    then each group's counts (a Counter of the same keys per name), then DETAILS if asked."""
    def share(hit, of):
        return f"{counts[hit] / max(counts[of], 1):.4f} ({counts[hit]}/{counts[of]}"
    print(f"{title}: recall {share('pos_hit', 'pos')} {units[0]}), "
          f"false alarms {share('neg_hit', 'neg')} {units[1]})")
    width = max((len(name) for name in groups), default=0)
    for name, c in sorted(groups.items()):
        print(f"  {name:{width}} found {c['pos_hit']}/{c['pos']}  alarms {c['neg_hit']}/{c['neg']}")
    if show_details:
        print("\n".join(details))


def flagged_lines(binary, tree, report):
    """{file: set of lines} where vaultproof reports a credential in TREE (posture and
    endpoint findings, such as a tracked `.env` file, are not credentials)."""
    run = subprocess.run(
        [binary, "scan", str(tree), "--no-history", "--format", "json", "-o", str(report),
         "--quiet"],
        capture_output=True, text=True,
    )
    if run.returncode not in (0, 1):
        sys.exit(f"vaultproof failed (exit {run.returncode}): {run.stderr}")
    lines = collections.defaultdict(set)
    for finding in json.loads(report.read_text()).get("findings", []):
        if finding.get("kind") in ("posture", "endpoint"):
            continue
        for location in finding.get("locations", []):
            lines[location["path"]].add(location.get("line"))
    return lines


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repo", default="/work/.mirror/Plazmaz+leaky-repo/repo")
    parser.add_argument("--vaultproof", default="target/release/vaultproof", metavar="BIN")
    parser.add_argument("--out", default="/tmp/vp-leaky-repo", type=Path, metavar="DIR")
    args = parser.parse_args()

    shutil.rmtree(args.out, ignore_errors=True)
    tree = args.out / "tree"
    subprocess.run(["git", "clone", "-q", args.repo, str(tree)], check=True)
    counts = risk_counts(tree / ".leaky-meta" / "secrets.csv")
    lines = flagged_lines(args.vaultproof, tree, args.out / "report.json")

    found = 0
    for name, risk in sorted(counts.items()):
        flagged = len(lines.get(name, ()))
        found += min(flagged, risk)
        mark = "" if flagged >= risk else "   (short)"
        print(f"{name:45} risk lines {risk:2}  flagged {flagged:2}{mark}")
    extra = sorted(name for name in lines if name not in counts)
    total = sum(counts.values())
    print(f"recall {found / total:.4f} ({found}/{total} risk lines)")
    if extra:
        print("flagged, not counted by the CSV:", ", ".join(extra))


if __name__ == "__main__":
    main()
