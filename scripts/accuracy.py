#!/usr/bin/env python3
"""Measure vaultproof against a planted corpus.

    python3 scripts/accuracy.py CORPUS REPORT.json [--target 0.95] [--show 30]
                                [--kinds provider_secret,generic_secret,private_key]
                                [--min-severity info] [--json OUT.json] [--no-text]

CORPUS is a directory made by scripts/gen_planted_corpus.py (it holds truth.json);
REPORT.json is `vaultproof scan CORPUS --format json -o REPORT.json`.

Lines listed as neutral in truth.json (an identifier such as a key id written next to its
secret) count neither way. A finding location is a true positive when its (path, line) is a planted secret's line
(within +-1 line for multi-line values such as PEM blocks); a planted secret is found
when at least one finding location matches it. Archive members are located
`a.jar!/BOOT-INF/classes/application.yml` (nested: `a.zip!/b.jar!/c.properties`) in both. Every other finding location is a false
positive, attributed to the decoy on that line if there is one ("unplanned" otherwise).
Only findings of the given kinds count (endpoint and posture findings are not secrets).
Password hashes are a kind of their own: a planted hash (`finding_kind: password_hash` in
truth.json) is found only by a password_hash finding, and a password_hash finding is true
only on a planted hash's line, so a secret rule reporting a hash (or a hash rule reporting
a secret) is a false positive; without password_hash in --kinds the planted hashes are left
out (and a corpus that plants none ignores password_hash findings).

Prints precision, recall and F1, recall per provider, precision and recall per family
(the rule family of the planted secrets and of the reporting rule ids), false positives per decoy
category, then the false negatives grouped by rule family and the false positives grouped
by rule (the first --show of each, with the line's text unless --no-text).

Exit code: 0 (a measurement), unless --target T is given and precision or recall is
below T (then 1). 2 if the inputs cannot be read.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
import tarfile
import zipfile
from collections import Counter, defaultdict
from pathlib import Path

SEVERITIES = ["info", "low", "medium", "high", "critical"]
DEFAULT_KINDS = "provider_secret,generic_secret,private_key,password_hash"
HASH_KIND = "password_hash"


def load(path: Path):
    try:
        return json.loads(path.read_text())
    except (OSError, json.JSONDecodeError) as e:
        print(f"accuracy: cannot read {path}: {e}", file=sys.stderr)
        sys.exit(2)


def corpus_relative(corpus: Path, location: dict) -> str:
    """The location's path relative to the corpus, whatever root the scan was given."""
    path = location.get("path", "")
    root = location.get("root")
    if root:
        absolute = os.path.normpath(os.path.join(os.path.abspath(root), path))
        rel = os.path.relpath(absolute, os.path.abspath(corpus))
        if not rel.startswith(".."):
            return rel.replace(os.sep, "/")
    return path


def read_member(corpus: Path, path: str) -> bytes:
    """The bytes at `path`: a file, or an archive member written `a.jar!/b.zip!/c.yml`."""
    parts = path.split("!/")
    data = (corpus / parts[0]).read_bytes()
    for member in parts[1:]:
        buf = io.BytesIO(data)
        if zipfile.is_zipfile(buf):
            with zipfile.ZipFile(buf) as z:
                data = z.read(member)
        else:
            buf.seek(0)
            with tarfile.open(fileobj=buf) as t:
                f = t.extractfile(member)
                if f is None:
                    raise OSError(f"{member}: not a file")
                data = f.read()
    return data


class LineCache:
    """Line texts of the corpus files (archive members included, located `a.jar!/m`)."""

    def __init__(self, corpus: Path):
        self.corpus = corpus
        self.files: dict[str, list[str]] = {}

    def get(self, path: str, line: int, width: int = 150) -> str:
        if path not in self.files:
            try:
                data = read_member(self.corpus, path)
                self.files[path] = data.decode(errors="replace").split("\n")
            except (OSError, KeyError, zipfile.BadZipFile, tarfile.TarError):
                self.files[path] = []
        lines = self.files[path]
        text = lines[line - 1] if 0 < line <= len(lines) else ""
        text = text.strip()
        return text if len(text) <= width else text[: width - 1] + "…"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("report", type=Path)
    ap.add_argument("--target", type=float, default=None, help="exit 1 if precision or recall is below this")
    ap.add_argument("--show", type=int, default=30, help="how many false negatives / positives to list")
    ap.add_argument("--kinds", default=DEFAULT_KINDS, help=f"finding kinds that count (default {DEFAULT_KINDS})")
    ap.add_argument("--min-severity", default="info", choices=SEVERITIES, help="ignore findings below this severity")
    ap.add_argument("--json", type=Path, default=None, help="also write the measurement as JSON")
    ap.add_argument("--no-text", action="store_true", help="do not print the text of the lines listed")
    ap.add_argument("--family-target", type=float, default=None,
                    help="exit 1 if any family's precision or recall is below this")
    args = ap.parse_args(argv)

    truth = load(args.corpus / "truth.json")
    report = load(args.report)
    kinds = {k.strip() for k in args.kinds.split(",") if k.strip()}
    min_sev = SEVERITIES.index(args.min_severity)
    text = LineCache(args.corpus)

    if not any(p.get("finding_kind") == HASH_KIND for p in truth["planted"]):
        kinds.discard(HASH_KIND)  # a corpus that plants no hash (an older one): hash findings are ignored, as they were
    planted = [p for p in truth["planted"] if p.get("finding_kind") != HASH_KIND or HASH_KIND in kinds]
    decoys = truth.get("decoys", [])
    planted_by_path: dict[str, list[int]] = defaultdict(list)
    for i, p in enumerate(planted):
        planted_by_path[p["path"]].append(i)
    decoy_by_path: dict[str, list[dict]] = defaultdict(list)
    for d in decoys:
        decoy_by_path[d["path"]].append(d)
    # lines that are neither planted nor decoys (an identifier next to its secret):
    # findings there are not counted either way
    neutral = {(n["path"], n["line"]) for n in truth.get("neutral", [])}

    def planted_at(path: str, line: int, kind: str) -> list[int]:
        """Planted secrets a finding of `kind` at (path, line) finds: hashes for hash findings only."""
        out = []
        for i in planted_by_path.get(path, ()):
            p = planted[i]
            if (p.get("finding_kind") == HASH_KIND) != (kind == HASH_KIND):
                continue
            if p["line"] == line:
                out.append(i)
            elif p.get("multiline") and abs(p["line"] - line) <= 1:
                out.append(i)
        return out

    def decoy_at(path: str, line: int):
        for d in decoy_by_path.get(path, ()):
            if d["line"] <= line <= d.get("end_line", d["line"]):
                return d
        return None

    # finding locations that count, deduplicated by (path, line, rule)
    locations = {}
    ignored = Counter()
    host_decoys = sum(1 for d in decoys if d["category"] == "host")
    host_decoy_endpoints = set()
    for f in report.get("findings", []):
        kind, sev = f.get("kind", ""), f.get("severity", "info")
        if kind == "endpoint":
            for loc in f.get("locations", []):
                d = decoy_at(corpus_relative(args.corpus, loc), loc.get("line", 0))
                if d is not None and d["category"] == "host":
                    host_decoy_endpoints.add((d["path"], d["line"]))
        counted = kind in kinds and SEVERITIES.index(sev) >= min_sev if sev in SEVERITIES else kind in kinds
        for loc in f.get("locations", []):
            if not counted:
                ignored[kind if kind not in kinds else f"{kind} below {args.min_severity}"] += 1
                continue
            path = corpus_relative(args.corpus, loc)
            key = (path, loc.get("line", 0), f.get("rule_id", ""))
            locations.setdefault(key, {"path": path, "line": loc.get("line", 0), "rule_id": f.get("rule_id", ""),
                                       "provider": f.get("provider", ""), "kind": kind, "severity": sev})

    found = [False] * len(planted)
    rules_for: dict[int, set] = defaultdict(set)
    tp, fps, n_neutral = 0, [], 0
    for (path, line, rule), loc in sorted(locations.items()):
        hits = planted_at(path, line, loc["kind"])
        if not hits and (path, line) in neutral:
            n_neutral += 1
            continue
        if hits:
            tp += 1
            for i in hits:
                found[i] = True
                rules_for[i].add(rule)
        else:
            d = decoy_at(path, line)
            loc["decoy"] = d
            fps.append(loc)

    n_found = sum(found)
    precision = tp / (tp + len(fps)) if tp + len(fps) else 1.0
    recall = n_found / len(planted) if planted else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0

    print(f"corpus   {args.corpus}  (seed {truth.get('seed')}, {len(planted)} planted, {len(decoys)} decoys)")
    print(f"report   {args.report}  ({len(report.get('findings', []))} findings, {len(locations)} counted locations, "
          f"{len(report.get('skipped', []))} skipped files)")
    if n_neutral:
        ignored["on neutral lines"] += n_neutral
    if ignored:
        print("ignored  " + ", ".join(f"{k}: {v}" for k, v in sorted(ignored.items())))
    print()
    print(f"precision {precision:.4f}   ({tp} true / {tp + len(fps)} counted locations)")
    print(f"recall    {recall:.4f}   ({n_found} / {len(planted)} planted found)")
    print(f"F1        {f1:.4f}")

    # recall per provider
    by_provider = defaultdict(lambda: [0, 0])
    for i, p in enumerate(planted):
        by_provider[p["provider"]][1] += 1
        by_provider[p["provider"]][0] += found[i]
    print("\nrecall by provider (found/planted):")
    row = []
    for prov, (a, b) in sorted(by_provider.items(), key=lambda kv: (kv[1][0] / kv[1][1], kv[0])):
        row.append(f"{prov} {a}/{b}")
    for i in range(0, len(row), 6):
        print("  " + "   ".join(row[i:i + 6]))

    # precision and recall per family: a family is a rule family of the planted secrets
    # (`github.pat`) and the rule ids that report it (`vp.github.pat.1`). Recall: planted
    # secrets of the family found by any rule. Precision: locations reported by the
    # family's rules that are planted secrets (of any family).
    def family_of_rule(rule_id: str) -> str:
        parts = rule_id.split(".")
        return ".".join(parts[1:-1]) if len(parts) > 2 and parts[0] == "vp" else rule_id

    fam_planted, fam_found = Counter(), Counter()
    for i, p in enumerate(planted):
        fam_planted[p["rule_family"]] += 1
        fam_found[p["rule_family"]] += found[i]
    fam_tp, fam_reported = Counter(), Counter()
    for (path, line, rule), loc in locations.items():
        hits = planted_at(path, line, loc["kind"])
        if not hits and (path, line) in neutral:
            continue
        fam = family_of_rule(rule)
        fam_reported[fam] += 1
        fam_tp[fam] += bool(hits)
    families = sorted(set(fam_planted) | set(fam_reported))
    below = []
    print(f"\nper family ({len(families)}): precision (true/reported), recall (found/planted); lowest first")
    rows = []
    for fam in families:
        prec = fam_tp[fam] / fam_reported[fam] if fam_reported[fam] else 1.0
        rec = fam_found[fam] / fam_planted[fam] if fam_planted[fam] else 1.0
        rows.append((min(prec, rec), fam, prec, rec))
        if args.family_target is not None and (prec < args.family_target or rec < args.family_target):
            below.append(fam)
    rows.sort()
    worst = [r for r in rows if r[0] < 1.0]
    for _, fam, prec, rec in worst:
        print(f"  {fam:40} precision {prec:.2f} ({fam_tp[fam]}/{fam_reported[fam]})   "
              f"recall {rec:.2f} ({fam_found[fam]}/{fam_planted[fam]})")
    print(f"  {len(rows) - len(worst)} families at precision 1.00 and recall 1.00")
    ok = [r for r in rows if r[0] >= 0.97]
    print(f"  families at or above 0.97 in both: {len(ok)}/{len(rows)}")

    # false positives per decoy category
    decoy_total = Counter(d["category"] for d in decoys)
    decoy_fp = Counter()
    seen_decoys = set()
    for fp in fps:
        d = fp["decoy"]
        if d is not None and (d["path"], d["line"]) not in seen_decoys:
            seen_decoys.add((d["path"], d["line"]))
            decoy_fp[d["category"]] += 1
    unplanned = sum(1 for fp in fps if fp["decoy"] is None)
    print("\ndecoys reported (reported/decoys):")
    row = [f"{c} {decoy_fp[c]}/{n}" for c, n in sorted(decoy_total.items())]
    for i in range(0, len(row), 6):
        print("  " + "   ".join(row[i:i + 6]))
    print(f"  false positives on lines that are neither planted nor decoys: {unplanned}")
    print(f"  endpoint findings on host decoys (code tokens, slot names): {len(host_decoy_endpoints)}/{host_decoys}")

    # mislabelled true positives (found, but by no rule of the expected family)
    mislabelled = []
    for i, p in enumerate(planted):
        exp = set(p.get("expected_rules") or [])
        if found[i] and exp and not (rules_for[i] & exp):
            mislabelled.append((p, sorted(rules_for[i])))

    # false negatives by rule family
    fns = [p for i, p in enumerate(planted) if not found[i]]
    fn_groups = defaultdict(list)
    for p in fns:
        fn_groups[p["rule_family"]].append(p)
    print(f"\nfalse negatives: {len(fns)} in {len(fn_groups)} rule families")
    for fam, items in sorted(fn_groups.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        total = sum(1 for p in planted if p["rule_family"] == fam)
        exp = sorted({r for p in items for r in p.get("expected_rules", [])})
        print(f"  {fam:38} {len(items):3}/{total:<3} expected rules: {', '.join(exp) if exp else '(none in the rule set)'}")
    if fns:
        print(f"\nfirst {min(args.show, len(fns))} false negatives:")
        for p in sorted(fns, key=lambda p: (p["rule_family"], p["path"], p["line"]))[: args.show]:
            print(f"  [{p['rule_family']}] {p['path']}:{p['line']} ({p.get('syntax', '')})")
            if not args.no_text:
                print(f"      {text.get(p['path'], p['line'])}")

    fp_groups = defaultdict(list)
    for fp in fps:
        fp_groups[fp["rule_id"]].append(fp)
    print(f"\nfalse positives: {len(fps)} in {len(fp_groups)} rules")
    for rule, items in sorted(fp_groups.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        cats = Counter(fp["decoy"]["category"] if fp["decoy"] else "unplanned" for fp in items)
        print(f"  {rule:44} {len(items):3}   " + ", ".join(f"{c} {n}" for c, n in cats.most_common()))
    if fps:
        print(f"\nfirst {min(args.show, len(fps))} false positives:")
        for fp in sorted(fps, key=lambda x: (x["rule_id"], x["path"], x["line"]))[: args.show]:
            d = fp["decoy"]
            label = f"decoy {d['category']}: {d.get('note', '')}" if d else "unplanned"
            print(f"  [{fp['rule_id']}] {fp['path']}:{fp['line']} ({label})")
            if not args.no_text:
                print(f"      {text.get(fp['path'], fp['line'])}")

    if mislabelled:
        print(f"\nfound under an unexpected rule: {len(mislabelled)}")
        for p, rules in mislabelled[: args.show]:
            print(f"  [{p['rule_family']}] {p['path']}:{p['line']} expected {', '.join(p['expected_rules'])}; got {', '.join(rules)}")

    if args.json:
        args.json.write_text(json.dumps({
            "precision": precision, "recall": recall, "f1": f1, "true_positive_locations": tp,
            "false_positive_locations": len(fps), "planted": len(planted), "found": n_found,
            "false_negatives": [{k: p[k] for k in ("path", "line", "rule_family", "provider", "syntax") if k in p} for p in fns],
            "false_positives": [{"path": fp["path"], "line": fp["line"], "rule_id": fp["rule_id"],
                                 "decoy": fp["decoy"]["category"] if fp["decoy"] else None} for fp in fps],
        }, indent=1) + "\n")

    if below:
        print(f"\nfamilies below {args.family_target}: {', '.join(below)}")
        return 1
    if args.target is not None and (precision < args.target or recall < args.target):
        print(f"\nbelow target {args.target}: precision {precision:.4f}, recall {recall:.4f}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
