#!/usr/bin/env python3
"""Recall and false alarms of vaultproof on the peers' own rule examples.

Kingfisher, Nosey Parker and Titus (Praetorian's successor to Nosey Parker, with rules
of its own) ship each rule with `examples` (lines their rule must match)
and often `negative_examples` (lines it must not); each TruffleHog detector has a pattern
test whose cases give an `input` and the secrets it `want`s (none: a negative case); each
gitleaks and Betterleaks rule is a Go function that ends in `utils.Validate(r, tps, fps)`,
mostly random secrets drawn from the rule's format and written into some thirty assignment
templates (evaluated by `gitleaks_examples.py`). Those lines are the closest public
stand-in for the held-out example sets the project is measured on: they are written by
other people, for formats we did not choose. This script reads the rule files straight
from the peers' git repositories (nothing is copied into this repository), writes every
example to its own `.txt` file under OUT, scans OUT with vaultproof, and prints:

* recall: the share of positive examples with at least one finding in their file;
* false alarms: the share of negative examples with a finding;
* per peer, the rules whose examples are missed, grouped by rule id, worst first.

An example counts as found whatever rule vaultproof reports it under: the question is
whether the credential is flagged, not whether our rule has the peer's name.

Run:
  python3 scripts/peer_examples.py [--kingfisher GIT_DIR] [--noseyparker GIT_DIR]
      [--titus GIT_DIR] [--trufflehog GIT_DIR] [--gitleaks GIT_DIR] [--betterleaks GIT_DIR]
      [--vaultproof BIN] [--out DIR] [--misses N]

GIT_DIR is a clone (bare or not) of github.com/mongodb/kingfisher,
github.com/praetorian-inc/noseyparker, github.com/praetorian-inc/titus,
github.com/trufflesecurity/trufflehog,
github.com/gitleaks/gitleaks or github.com/betterleaks/betterleaks; the
defaults are the mirrors under /work/.mirror. TruffleHog's cases are read from the Go test
source with a small extractor (string literals, package-level string variables and
`fmt.Sprintf` of them); cases it cannot resolve are counted as skipped.
"""

import argparse
import ast
import collections
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

import gitleaks_examples

PEERS = {
    "kingfisher": ("/work/.mirror/mongodb+kingfisher/repo", "data/rules/"),
    "noseyparker": (
        "/work/.mirror/praetorian-inc+noseyparker/repo",
        "crates/noseyparker/data/default/builtin/rules/",
    ),
    "titus": ("/work/.mirror/praetorian-inc+titus/repo", "pkg/rule/rules/"),
    "trufflehog": ("/work/.mirror/trufflesecurity+trufflehog/repo", "pkg/detectors/"),
    "gitleaks": ("/work/.mirror/gitleaks+gitleaks/repo", "cmd/generate/config/rules/"),
    "betterleaks": ("/work/.mirror/betterleaks+betterleaks/repo", "cmd/generate/config/rules/"),
}

# A Go string literal: raw (backticks) or interpreted (double quotes, with escapes).
GO_STRING = r'`[^`]*`|"(?:[^"\\\n]|\\.)*"'
GO_ASSIGN = re.compile(r'(?m)^\s*(\w+)\s*(?:string\s*)?(?::=|=)\s*(' + GO_STRING + r')\s*$')
GO_CASE = re.compile(
    r'input:\s*(?P<input>' + GO_STRING + r'|fmt\.Sprintf\((?:' + GO_STRING + r'|[^()"`])*\)|\w+)\s*,'
    r'(?P<between>(?:(?!input:)[\s\S]){0,400}?)want:\s*(?P<want>[^\n]*)'
)


def git(git_dir, *args):
    """Runs git on GIT_DIR and returns its standard output as text."""
    return subprocess.run(
        ["git", "--git-dir", git_dir, *args], check=True, capture_output=True, text=True
    ).stdout


def rule_files(git_dir, prefix):
    """Yields (path, text) of every YAML rule file under PREFIX at HEAD."""
    for path in git(git_dir, "ls-tree", "-r", "--name-only", "HEAD").splitlines():
        if path.startswith(prefix) and path.endswith((".yml", ".yaml")):
            yield path, git(git_dir, "show", f"HEAD:{path}")


def examples(git_dir, prefix):
    """Yields (rule_id, kind, text) for every example; kind is "pos" or "neg"."""
    for path, text in rule_files(git_dir, prefix):
        try:
            doc = yaml.safe_load(text) or {}
        except yaml.YAMLError as error:
            print(f"warning: {path}: {error}", file=sys.stderr)
            continue
        for rule in doc.get("rules") or []:
            rule_id = rule.get("id") or rule.get("name") or path
            for example in rule.get("examples") or []:
                yield rule_id, "pos", str(example)
            for example in rule.get("negative_examples") or []:
                yield rule_id, "neg", str(example)


def go_string(literal):
    """The value of a Go string literal."""
    if literal.startswith("`"):
        return literal[1:-1]
    try:
        return ast.literal_eval(literal)
    except (ValueError, SyntaxError):
        return None


def go_value(expression, names):
    """The string EXPRESSION (literal, variable or fmt.Sprintf) stands for, or None."""
    expression = expression.strip()
    if expression[:1] in "`\"":
        return go_string(expression)
    if expression in names:
        return names[expression]
    if expression.startswith("fmt.Sprintf("):
        parts = re.findall(GO_STRING + r"|[\w.]+", expression[len("fmt.Sprintf("):-1])
        if not parts or parts[0][:1] not in "`\"":
            return None
        template = go_string(parts[0])
        args = [go_value(part, names) for part in parts[1:]]
        if template is None or any(arg is None for arg in args):
            return None
        try:
            return template.replace("%q", "\"%s\"") % tuple(args)
        except (TypeError, ValueError):
            return None
    return None


def trufflehog_cases(git_dir, prefix):
    """Yields (detector, kind, text) for every resolvable pattern-test case."""
    skipped = 0
    for path in git(git_dir, "ls-tree", "-r", "--name-only", "HEAD").splitlines():
        if not (path.startswith(prefix) and path.endswith("_test.go")) or "integration" in path:
            continue
        source = git(git_dir, "show", f"HEAD:{path}")
        if "_Pattern(" not in source:
            continue
        names = {}
        for name, literal in GO_ASSIGN.findall(source):
            value = go_string(literal)
            if value is not None:
                names[name] = value
        detector = path[len(prefix):].split("/")[0]
        for case in GO_CASE.finditer(source):
            text = go_value(case["input"], names)
            if text is None or not text.strip():
                skipped += 1
                continue
            # Nothing wanted: `[]string{}`, `nil`; anything else (a list, even one spread over
            # lines) names the secrets the input holds.
            negative = case["want"].strip().startswith(("[]string{}", "nil", "[]string(nil)"))
            yield detector, "neg" if negative else "pos", text
    if skipped:
        print(f"trufflehog: {skipped} cases not resolvable by the extractor, skipped", file=sys.stderr)


def generator_cases(git_dir, prefix, label):
    """Yields (rule, kind, text) for the examples of gitleaks-style Go rule generators."""
    sources = [
        (path, git(git_dir, "show", f"HEAD:{path}"))
        for path in git(git_dir, "ls-tree", "-r", "--name-only", "HEAD").splitlines()
        if path.startswith(prefix) and path.endswith(".go") and not path.endswith("_test.go")
    ]
    generate_go = git(git_dir, "show", "HEAD:cmd/generate/config/utils/generate.go")
    yield from gitleaks_examples.cases(sources, generate_go, label)


def write_cases(out, peer, cases):
    """Writes each example to OUT/PEER/<n>-<kind>.txt; returns {file name: (rule, kind)}."""
    directory = out / peer
    directory.mkdir(parents=True)
    index = {}
    for n, (rule_id, kind, text) in enumerate(cases):
        name = f"{n:05}-{kind}.txt"
        (directory / name).write_text(text if text.endswith("\n") else text + "\n")
        index[name] = (rule_id, kind)
    return index


def flagged_files(binary, directory):
    """Scans DIRECTORY with vaultproof; returns the set of file names with a finding."""
    report_path = directory.parent / f"{directory.name}.json"
    run = subprocess.run(
        [binary, "scan", str(directory), "--format", "json", "-o", str(report_path),
         "--quiet"],
        capture_output=True, text=True,
    )
    if run.returncode not in (0, 1):
        sys.exit(f"vaultproof failed on {directory} (exit {run.returncode}): {run.stderr}")
    report = json.loads(report_path.read_text())
    names = set()
    for finding in report.get("findings", []):
        for location in finding.get("locations", []):
            names.add(os.path.basename(location.get("path", "")))
    return names


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    for peer, (git_dir, _) in PEERS.items():
        parser.add_argument(f"--{peer}", default=git_dir, metavar="GIT_DIR")
    parser.add_argument("--vaultproof", default="target/release/vaultproof", metavar="BIN")
    parser.add_argument("--out", default="/tmp/vp-peer-examples", type=Path, metavar="DIR")
    parser.add_argument("--misses", default=40, type=int, metavar="N",
                        help="missed rules to list per peer (0: none)")
    args = parser.parse_args()

    shutil.rmtree(args.out, ignore_errors=True)
    totals = collections.Counter()
    for peer, (_, prefix) in PEERS.items():
        git_dir = getattr(args, peer)
        if not Path(git_dir).exists():
            print(f"{peer}: {git_dir} not found, skipped", file=sys.stderr)
            continue
        if peer == "trufflehog":
            peer_cases = trufflehog_cases(git_dir, prefix)
        elif peer in ("gitleaks", "betterleaks"):
            peer_cases = generator_cases(git_dir, prefix, peer)
        else:
            peer_cases = examples(git_dir, prefix)
        index = write_cases(args.out, peer, peer_cases)
        flagged = flagged_files(args.vaultproof, args.out / peer)
        counts = collections.Counter()
        missed = collections.Counter()
        alarms = collections.Counter()
        for name, (rule_id, kind) in index.items():
            hit = name in flagged
            counts[kind] += 1
            counts[kind + "_hit"] += hit
            if kind == "pos" and not hit:
                missed[rule_id] += 1
            if kind == "neg" and hit:
                alarms[rule_id] += 1
        for key, value in counts.items():
            totals[key] += value
        recall = counts["pos_hit"] / max(counts["pos"], 1)
        alarm_rate = counts["neg_hit"] / max(counts["neg"], 1)
        print(f"{peer}: recall {recall:.4f} ({counts['pos_hit']}/{counts['pos']} examples), "
              f"false alarms {alarm_rate:.4f} ({counts['neg_hit']}/{counts['neg']} negative examples)")
        for rule_id, n in missed.most_common(args.misses):
            print(f"  missed {n}  {rule_id}")
        for rule_id, n in alarms.most_common(args.misses):
            print(f"  alarm  {n}  {rule_id}")
    if totals["pos"]:
        print(f"all: recall {totals['pos_hit'] / totals['pos']:.4f} "
              f"({totals['pos_hit']}/{totals['pos']}), false alarms "
              f"{totals['neg_hit'] / max(totals['neg'], 1):.4f} ({totals['neg_hit']}/{totals['neg']})")


if __name__ == "__main__":
    main()
