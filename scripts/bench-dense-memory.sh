#!/usr/bin/env bash
# Peak RSS and wall time of `vaultproof scan` on keyword-dense inputs (issue 8, item 12):
# base64 of zero bytes (`AAAA…`) in 76-column lines and as one long line, and lowercase
# `aaaa…`. Memory must stay bounded by the number of regex windows, not the bytes.
# Last, the repository's own `rules/` (every rule's examples: text that wakes every rule
# with varied values), whose memory is bounded by the search-cache budget per worker.
#
#   scripts/bench-dense-memory.sh [MIB]        # default 60 MiB per input; VAULTPROOF=path/to/binary
set -euo pipefail
MIB=${1:-60}
BIN=${VAULTPROOF:-target/release/vaultproof}
DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT
python3 - "$DIR" "$MIB" <<'PY'
import sys
d, mib = sys.argv[1], int(sys.argv[2])
size = mib << 20
lines = (b"A" * 76 + b"\n") * (size // 77 + 1)
open(f"{d}/lines.b64", "wb").write(lines[:size])
open(f"{d}/one-line.b64", "wb").write(b"A" * size)
open(f"{d}/lower.txt", "wb").write(b"a" * size)
PY
printf '%-14s %10s %14s %6s\n' input wall_s peak_rss_MiB exit
cp -r "$(dirname "$0")/../rules" "$DIR/rules"
for input in lines.b64 one-line.b64 lower.txt rules; do
    python3 - "$BIN" "$DIR/$input" "$input" <<'PY'
import os, resource, subprocess, sys, time
binary, path, name = sys.argv[1:4]
env = dict(os.environ, VAULTPROOF_KEY=os.environ.get("VAULTPROOF_KEY", "bench-memory-audit-key-0123456789"))
start = time.monotonic()
child = subprocess.Popen([binary, "scan", path, "--format", "json", "-o", os.devnull], env=env)
_, status, usage = os.wait4(child.pid, 0)
print(f"{name:<14} {time.monotonic() - start:10.2f} {usage.ru_maxrss / 1024:14.1f} {os.waitstatus_to_exitcode(status):6}")
PY
done
