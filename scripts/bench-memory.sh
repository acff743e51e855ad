#!/usr/bin/env bash
# Peak memory of a history scan: runs `vaultproof scan --git DIR --format json -o FILE`
# once under /usr/bin/time -v and prints the peak RSS, plus the peaks of the anonymous
# (heap) and file-backed (mapped pack) parts sampled from /proc every 50 ms.
#
#   scripts/bench-memory.sh GIT_DIR [-- EXTRA SCAN ARGS...]
#
# GIT_DIR: a git directory or work tree, e.g. the bare mirror of
# GoogleCloudPlatform/python-docs-samples under /work/.mirror/ (never written to).
# Environment:
#   VAULTPROOF=PATH   the binary (default: target/release/vaultproof, built if missing)
#   REPORT=FILE       where the JSON report goes (default: /dev/null); keep it to compare
#                     fingerprints and first commits between two builds
# Prints one `key<TAB>value` line per figure: peak_rss_kib, peak_anon_kib, peak_file_kib,
# elapsed_s, exit_code. Time is printed, not judged: on a shared machine it is noise.
set -uo pipefail
cd "$(dirname "$0")/.."

DIR=${1:-}
[ -n "$DIR" ] && [ -d "$DIR" ] || { echo "usage: $0 GIT_DIR [-- SCAN ARGS...]" >&2; exit 2; }
shift
[ "${1:-}" = "--" ] && shift
[ -x /usr/bin/time ] || { echo "bench-memory: /usr/bin/time is missing (apt-get install time)" >&2; exit 2; }

BIN=${VAULTPROOF:-target/release/vaultproof}
if [ ! -x "$BIN" ]; then
    cargo build --release --quiet || exit 2
fi
REPORT=${REPORT:-/dev/null}
TIMES=$(mktemp)
SAMPLES=$(mktemp)
trap 'rm -f "$TIMES" "$SAMPLES"' EXIT

# A fixed key: fingerprints of two runs (two builds) can be compared.
VAULTPROOF_KEY=${VAULTPROOF_KEY:-bench-memory-key} /usr/bin/time -v -o "$TIMES" \
    "$BIN" scan --git "$DIR" --format json -o "$REPORT" --quiet "$@" &
TIME_PID=$!
# Sample the scanner (the child of `time`) while it runs.
(
    while kill -0 "$TIME_PID" 2>/dev/null; do
        CHILD=$(pgrep -P "$TIME_PID" | head -1)
        if [ -n "$CHILD" ] && [ -r "/proc/$CHILD/status" ]; then
            awk '/^RssAnon:|^RssFile:/ {printf "%s %s\n", $1, $2}' "/proc/$CHILD/status" 2>/dev/null
        fi
        sleep 0.05
    done
) >"$SAMPLES" &
SAMPLER=$!
wait "$TIME_PID"
CODE=$?
wait "$SAMPLER" 2>/dev/null

peak() { awk -v key="$1" '$1 == key && $2 > max { max = $2 } END { print max + 0 }' "$SAMPLES"; }
printf 'peak_rss_kib\t%s\n' "$(awk -F': ' '/Maximum resident set size/ {print $2}' "$TIMES")"
printf 'peak_anon_kib\t%s\n' "$(peak RssAnon:)"
printf 'peak_file_kib\t%s\n' "$(peak RssFile:)"
printf 'elapsed_s\t%s\n' "$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$TIMES")"
printf 'exit_code\t%s\n' "$CODE"
