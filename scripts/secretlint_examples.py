#!/usr/bin/env python3
"""Recall and false alarms of vaultproof on secretlint's rule snapshots.

Each secretlint rule package ships test snapshots: a directory per case holding an input
file and the `output.json` secretlint must produce on it. A case named `ng.*` is input the
rule must report (each message of `output.json` gives the line of one secret); a case
named `ok.*` is input it must leave alone (no message). They are written by another
project, for formats we did not choose, with their own idea of what is a placeholder:
another public stand-in for the held-out example sets the project is measured on.

This script reads the snapshots straight from secretlint's git repository (nothing is
copied into this repository), writes each case's input under OUT/<rule>/<case>/ with the
input's own file name, scans OUT with vaultproof (`--no-history`), and prints:

* recall: the share of expected secrets (messages of `ng.*` cases) with a vaultproof
  finding on one of the message's lines;
* false alarms: the share of `ok.*` cases with any finding;
* per rule, the cases missed and the false alarms.

Left out: the preset packages (copies of the other rules' snapshots), the rules that
report a file's kind rather than a secret in it (`no-dotenv`, `no-homedir`,
`no-k8s-kind-secret`), the configurable ones (`pattern`, `filter-comments`, `example`), and
every case with its own `.secretlintrc.json` (options change what the rule reports).

Run:
  python3 scripts/secretlint_examples.py [--repo GIT_DIR] [--vaultproof BIN] [--out DIR]
      [--misses]

GIT_DIR defaults to the mirror /work/.mirror/secretlint+secretlint/repo (the library's
`fetch github:secretlint/secretlint` brings it).
"""

import collections
import json
import os
import shutil
import subprocess

from leaky_repo import example_set_arguments, flagged_lines, print_scores

RULE_PREFIX = "packages/@secretlint/secretlint-rule-"
SKIPPED_RULES = {
    "preset-canary", "preset-recommend", "no-dotenv", "no-homedir", "no-k8s-kind-secret",
    "pattern", "filter-comments", "example",
}


def git(git_dir, *args):
    """Runs git on GIT_DIR and returns its standard output as bytes."""
    return subprocess.run(["git", "--git-dir", git_dir, *args], check=True,
                          capture_output=True).stdout


def snapshot_cases(git_dir):
    """Yields (rule, case, input name, input bytes, expected line ranges) per snapshot case.

    Expected line ranges are (first, last) 1-based lines of each message; empty for `ok.*`.
    """
    files = collections.defaultdict(dict)  # (rule, case) -> {file name: path}
    for path in git(git_dir, "ls-tree", "-r", "--name-only", "HEAD").decode().splitlines():
        if not path.startswith(RULE_PREFIX) or "/test/snapshots/" not in path:
            continue
        rule = path[len(RULE_PREFIX):].split("/", 1)[0]
        case_path, _, name = path.rpartition("/")
        case = case_path.rsplit("/", 1)[1]
        if case_path.rsplit("/", 1)[0].endswith("/test/snapshots"):
            files[(rule, case)][name] = path
    for (rule, case), names in sorted(files.items()):
        if rule in SKIPPED_RULES or ".secretlintrc.json" in names or "output.json" not in names:
            continue
        if not case.startswith(("ng.", "ok.")):
            continue
        inputs = [n for n in names if n.startswith("input")]
        if len(inputs) != 1:
            continue
        output = json.loads(git(git_dir, "show", f"HEAD:{names['output.json']}"))
        expected = [(m["loc"]["start"]["line"], m["loc"]["end"]["line"])
                    for m in output.get("messages", [])]
        if case.startswith("ok.") and expected:
            continue  # an `ok.` case that still reports: not a negative
        data = git(git_dir, "show", f"HEAD:{names[inputs[0]]}")
        yield rule, case, inputs[0], data, expected


def main():
    args = example_set_arguments(__doc__.splitlines()[0], "secretlint/secretlint", "/tmp/vp-secretlint",
                                 "print each missed secret's line and each false alarm")

    shutil.rmtree(args.out, ignore_errors=True)
    cases = []
    for rule, case, name, data, expected in snapshot_cases(args.repo):
        directory = args.out / "cases" / rule / case
        directory.mkdir(parents=True)
        (directory / name).write_bytes(data)
        cases.append((rule, case, name, data, expected))
    flagged = flagged_lines(os.path.abspath(args.vaultproof), args.out / "cases",
                            args.out / "cases.json")

    counts = collections.Counter()
    per_rule = collections.defaultdict(collections.Counter)
    details = []
    for rule, case, name, data, expected in cases:
        hits = flagged.get(f"{rule}/{case}/{name}", set())
        text_lines = data.decode("utf-8", "replace").splitlines()
        if case.startswith("ng."):
            for first, last in expected:
                found = any(line in hits for line in range(first, last + 1))
                counts["pos"] += 1
                counts["pos_hit"] += found
                per_rule[rule]["pos"] += 1
                per_rule[rule]["pos_hit"] += found
                if not found:
                    shown = text_lines[first - 1] if 0 < first <= len(text_lines) else ""
                    details.append(f"  missed  {rule}/{case}:{first}  {shown[:140]}")
        else:
            alarm = bool(hits)
            counts["neg"] += 1
            counts["neg_hit"] += alarm
            per_rule[rule]["neg"] += 1
            per_rule[rule]["neg_hit"] += alarm
            if alarm:
                line = min(hits)
                shown = text_lines[line - 1] if 0 < line <= len(text_lines) else ""
                details.append(f"  alarm   {rule}/{case}:{line}  {shown[:140]}")

    print_scores("secretlint snapshots", counts, per_rule, details, args.misses,
                 ("expected secrets", "ok cases"))

if __name__ == "__main__":
    main()
