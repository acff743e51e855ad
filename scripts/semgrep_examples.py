#!/usr/bin/env python3
"""Recall and false alarms of vaultproof on the semgrep registry's hard-coded secret tests.

Each rule of the semgrep registry (github.com/semgrep/semgrep-rules) ships a test file next
to its YAML, annotated line by line: a comment `ruleid: <id>` (or `todoruleid:`, a line the
rule should match but does not yet) marks the next code line as one the rule must report;
`ok: <id>` (or `todook:`) marks one it must leave alone. The rules taken here are those
whose metadata names a hard-coded credential weakness (CWE-798 hard-coded credentials,
CWE-259 hard-coded password, CWE-321 hard-coded cryptographic key): the provider formats of
`generic/secrets/` and the hard-coded password, key and token rules of each language. They
are written by another project, with its own idea of what is a secret (many are patterned
stand-ins such as `1234567890…` or the word `secret` passed to a JWT library, which
vaultproof turns away on purpose): another public stand-in for the held-out example sets
the project is measured on, to read miss by miss rather than to tune for.

This script reads the tests straight from the registry's git repository (nothing is copied
into this repository), writes each under OUT/cases/<its path>, scans OUT/cases with
vaultproof (`--no-history`), and prints:

* recall: the share of `ruleid` / `todoruleid` lines with a vaultproof finding on them;
* false alarms: the share of `ok` / `todook` lines with a finding on them;
* per rule directory, the counts, and with `--misses` each missed line and false alarm.

Run:
  python3 scripts/semgrep_examples.py [--repo GIT_DIR] [--vaultproof BIN] [--out DIR]
      [--misses]

GIT_DIR defaults to the mirror /work/.mirror/semgrep+semgrep-rules/repo (the library's
`fetch github:semgrep/semgrep-rules` brings it).
"""

import collections
import os
import re
import shutil
import subprocess

from leaky_repo import example_set_arguments, flagged_lines, print_scores

CREDENTIAL_CWES = re.compile(rb"CWE-(798|259|321)\b")
ANNOTATION = re.compile(r"\b(todoruleid|ruleid|todook|ok):\s*([\w.\-, ]+)")


def git(git_dir, *args):
    """Runs git on GIT_DIR and returns its standard output as bytes."""
    return subprocess.run(["git", "--git-dir", git_dir, *args], check=True,
                          capture_output=True).stdout


def credential_tests(git_dir):
    """Yields (test path, test bytes, rule ids) for each hard-coded credential rule's test.

    A rule file `dir/name.yaml` is taken when its text names one of CREDENTIAL_CWES; its
    tests are the files `dir/name.<ext>` beside it (not `.fixed.` autofix outputs).
    """
    paths = git(git_dir, "ls-tree", "-r", "--name-only", "HEAD").decode().splitlines()
    by_stem = collections.defaultdict(list)
    for path in paths:
        directory, _, name = path.rpartition("/")
        stem = name.split(".", 1)[0]
        by_stem[(directory, stem)].append(path)
    for path in paths:
        if not path.endswith(".yaml") or "/" not in path or path.startswith("."):
            continue
        rule_text = git(git_dir, "show", f"HEAD:{path}")
        if not CREDENTIAL_CWES.search(rule_text):
            continue
        ids = set(re.findall(rb"^\s*-\s*id:\s*(\S+)", rule_text, re.M))
        directory, _, name = path.rpartition("/")
        for test in by_stem[(directory, name.split(".", 1)[0])]:
            if test != path and ".fixed." not in test:
                yield test, git(git_dir, "show", f"HEAD:{test}"), {i.decode() for i in ids}


def annotated_lines(text, rule_ids):
    """Returns [(1-based line, True for must-report)] for the annotations naming rule_ids.

    An annotation marks the next line that carries no annotation of its own.
    """
    lines = text.splitlines()
    marks = []
    for number, line in enumerate(lines):
        match = ANNOTATION.search(line)
        if not match:
            continue
        named = {n.strip() for n in match.group(2).split(",")}
        if not named & rule_ids and not any(n.endswith(tuple(rule_ids)) for n in named):
            continue
        target = number + 1
        while target < len(lines) and ANNOTATION.search(lines[target]):
            target += 1
        if target < len(lines):
            marks.append((target + 1, match.group(1) in ("ruleid", "todoruleid")))
    return marks


def main():
    args = example_set_arguments(__doc__.splitlines()[0], "semgrep/semgrep-rules", "/tmp/vp-semgrep",
                                 "print each missed line and each false alarm")

    shutil.rmtree(args.out, ignore_errors=True)
    tests = []
    for path, data, rule_ids in credential_tests(args.repo):
        marks = annotated_lines(data.decode("utf-8", "replace"), rule_ids)
        if not marks:
            continue
        (args.out / "cases" / path).parent.mkdir(parents=True, exist_ok=True)
        (args.out / "cases" / path).write_bytes(data)
        tests.append((path, data, marks))
    flagged = flagged_lines(os.path.abspath(args.vaultproof), args.out / "cases",
                            args.out / "cases.json")

    counts = collections.Counter()
    per_area = collections.defaultdict(collections.Counter)
    details = []
    for path, data, marks in tests:
        hits = flagged.get(path, set())
        text_lines = data.decode("utf-8", "replace").splitlines()
        area = "/".join(path.split("/")[:2])
        for line, must_report in marks:
            flagged_here = line in hits
            kind = "pos" if must_report else "neg"
            counts[kind] += 1
            counts[kind + "_hit"] += flagged_here
            per_area[area][kind] += 1
            per_area[area][kind + "_hit"] += flagged_here
            if flagged_here != must_report:
                label = "missed" if must_report else "alarm "
                details.append(f"  {label}  {path}:{line}  {text_lines[line - 1].strip()[:140]}")

    print_scores(f"semgrep registry tests ({len(tests)} test files)", counts, per_area, details,
                 args.misses, ("must-report lines", "ok lines"))

if __name__ == "__main__":
    main()
