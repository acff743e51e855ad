#!/usr/bin/env python3
"""Recall of vaultproof on Samsung/CredSweeper's test samples, lines CredSweeper reports.

CredSweeper's `tests/samples/` holds some 230 small files of fake credentials in the forms
its rules know (tickets and wiki lines such as `ID:master/PW:…`, SQL `IDENTIFIED BY`,
libcurl options, C macros, JSON Web Keys, provider tokens), and `tests/data/output.json`
is what CredSweeper reports on them with its default settings (its ML filter included).
This script takes both from a git mirror of the repository (nothing of it is copied into
this repository), scans the samples with vaultproof (`--no-history`), and prints the share
of CredSweeper's reported lines that vaultproof flags too. A PEM key counts once per file:
CredSweeper reports every line of the block, vaultproof the block. Then it prints the
lines vaultproof flags that CredSweeper does not report.

CredSweeper's list is its own judgement, not a ground truth: it reports sample passwords
(`SqLpa5sW0rD`, `cackle!`), public ids (Google client ids, WeChat app ids, Stripe
publishable keys) and UUIDs that vaultproof leaves unreported on purpose. Read the
misses (`--misses`) for forms vaultproof does not know.

Run:
  python3 scripts/credsweeper_samples.py [--repo GIT_DIR] [--vaultproof BIN] [--out DIR] [--misses]

GIT_DIR defaults to the mirror /work/.mirror/Samsung+CredSweeper/repo (the library's
`fetch github:Samsung/CredSweeper` brings it).
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path


def expected_lines(output_json):
    """{(file name, line): rule} of every line CredSweeper reports."""
    expected = {}
    for credential in json.loads(output_json.read_text()):
        for line in credential["line_data_list"]:
            key = (os.path.basename(line["path"]), line["line_num"])
            expected.setdefault(key, (credential["rule"], line["line"][:160]))
    return expected


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repo", default="/work/.mirror/Samsung+CredSweeper/repo", metavar="GIT_DIR")
    parser.add_argument("--vaultproof", default="target/release/vaultproof", metavar="BIN")
    parser.add_argument("--out", default="/tmp/vp-credsweeper", type=Path, metavar="DIR")
    parser.add_argument("--misses", action="store_true", help="list CredSweeper's lines vaultproof does not flag")
    args = parser.parse_args()

    shutil.rmtree(args.out, ignore_errors=True)
    args.out.mkdir(parents=True)
    archive = subprocess.run(["git", "--git-dir", args.repo, "archive", "HEAD", "tests/samples", "tests/data/output.json"],
                             check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(args.out)], input=archive, check=True)
    report = args.out / "vaultproof.json"
    subprocess.run([args.vaultproof, "scan", str(args.out / "tests/samples"), "--no-history", "--quiet",
                    "--format", "json", "-o", str(report)], check=False)

    expected = expected_lines(args.out / "tests/data/output.json")
    findings = json.loads(report.read_text())["findings"]
    flagged = {}
    for finding in findings:
        for location in finding["locations"]:
            flagged.setdefault((os.path.basename(location["path"]), location["line"]), finding["rule_id"])
    flagged_files = {name for name, _ in flagged}

    missed = []
    for key, (rule, text) in sorted(expected.items()):
        found = key[0] in flagged_files if "PEM" in rule else key in flagged
        if not found:
            missed.append((rule, key, text))
    hit = len(expected) - len(missed)
    print(f"CredSweeper's reported lines: {len(expected)}; flagged by vaultproof: {hit} "
          f"(recall {hit / len(expected):.3f})")
    extra = sorted(key for key in flagged if key not in expected)
    print(f"lines vaultproof flags that CredSweeper does not report: {len(extra)}")
    for name, line in extra:
        print(f"  {name}:{line}  {flagged[(name, line)]}")
    if args.misses:
        print("missed:")
        for rule, (name, line), text in missed:
            print(f"  [{rule}] {name}:{line}  {text!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
