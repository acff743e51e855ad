#!/usr/bin/env bash
# Directory-scan throughput: vaultproof against Betterleaks, gitleaks and Kingfisher
# (validation off, reports to files), with ripgrep as the floor of what reading the
# files costs. Build the corpus first with scripts/bench-corpus.sh.
#
#   scripts/bench.sh [CORPUS]                 (default /tmp/vp-corpus)
#
# Environment:
#   RUNS=1              runs per tool (the fastest successful run is reported)
#   TOOLS="..."         subset/order of: vaultproof betterleaks gitleaks kingfisher kingfisher-turbo ripgrep
#   VAULTPROOF=PATH     binary to test (default: target/release/vaultproof of this repo)
#   BETTERLEAKS_BIN, GITLEAKS_BIN, KINGFISHER_BIN, RG_BIN: override the peers' binaries
#   BENCH_OUT=DIR       reports, logs, time outputs (default /tmp/vp-bench)
#   TOOL_TIMEOUT=3600   seconds before a tool is killed
set -uo pipefail
. "$(cd "$(dirname "$0")" && pwd)/bench-lib.sh"

CORPUS=${1:-/tmp/vp-corpus}
CORPUS=${CORPUS%/}
OUT=${BENCH_OUT:-/tmp/vp-bench}
TOOLS=${TOOLS:-vaultproof betterleaks gitleaks kingfisher kingfisher-turbo ripgrep}

[ -d "$CORPUS" ] || { log "bench: corpus $CORPUS not found; run scripts/bench-corpus.sh $CORPUS"; exit 2; }
case "$OUT" in "$CORPUS"|"$CORPUS"/*) log "bench: BENCH_OUT must be outside the corpus"; exit 2 ;; esac
mkdir -p "$OUT"
RESULTS="$OUT/results.tsv"
: >"$RESULTS"

ensure_deps
resolve_tools

read -r BYTES FILES < <(find "$CORPUS" -type f -printf '%s\n' | awk '{s+=$1; n++} END {printf "%d %d\n", s, n}')
echo "corpus: $CORPUS"
awk -v b="$BYTES" -v n="$FILES" 'BEGIN {printf "corpus size: %d bytes (%.1f MB, %.2f GiB), %d files\n", b, b/1e6, b/1073741824, n}'
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo); runs per tool: $RUNS"
echo "tools:"
print_versions

log "bench: warming the page cache ..."
warm_cache "$CORPUS"

# One untimed run of every tool on a one-file directory: loads the binaries and
# lets Kingfisher compile and cache its rule database, so that no timed run pays for it.
WARM="$OUT/warmup"
rm -rf "$WARM"; mkdir -p "$WARM"
printf 'aws_access_key_id = AKIAQYLPMN5HHHFPZAM2\n' >"$WARM/config"
[ -x "$VAULTPROOF" ] && "$VAULTPROOF" scan "$WARM" --format json -o "$OUT/warmup-vp.json" --quiet >/dev/null 2>&1
[ -x "$BETTERLEAKS_BIN" ] && "$BETTERLEAKS_BIN" fs "$WARM" -s -o "$OUT/warmup-bl.json" -l error --no-color >/dev/null 2>&1
[ -x "$GITLEAKS_BIN" ] && "$GITLEAKS_BIN" dir "$WARM" --no-banner -f json -r "$OUT/warmup-gl.json" -l error >/dev/null 2>&1
[ -x "$KINGFISHER_BIN" ] && "$KINGFISHER_BIN" scan "$WARM" --no-validate --no-update-check -f json -o "$OUT/warmup-kf.json" -q >/dev/null 2>&1

for tool in $TOOLS; do
    case $tool in
    vaultproof)
        if [ ! -x "$VAULTPROOF" ]; then na_row vaultproof "not built"; continue; fi
        rm -f "$OUT/vaultproof.json"
        run_tool vaultproof "0 1" count_vaultproof -- \
            "$VAULTPROOF" scan "$CORPUS" --format json -o "$OUT/vaultproof.json" --quiet ;;
    betterleaks)
        if [ ! -x "$BETTERLEAKS_BIN" ]; then na_row betterleaks "not installed"; continue; fi
        rm -f "$OUT/betterleaks.json"
        run_tool betterleaks "0 1" count_betterleaks -- \
            "$BETTERLEAKS_BIN" fs "$CORPUS" -s -o "$OUT/betterleaks.json" -l warn --no-color ;;
    gitleaks)
        if [ ! -x "$GITLEAKS_BIN" ]; then na_row gitleaks "not installed"; continue; fi
        rm -f "$OUT/gitleaks.json"
        run_tool gitleaks "0 1" count_gitleaks -- \
            "$GITLEAKS_BIN" dir "$CORPUS" --no-banner -f json -r "$OUT/gitleaks.json" -l warn ;;
    kingfisher)
        if [ ! -x "$KINGFISHER_BIN" ]; then na_row kingfisher "not installed"; continue; fi
        rm -f "$OUT/kingfisher.json"
        # Exit codes: 0 none, 200 findings, 205 validated findings.
        run_tool kingfisher "0 200 205" count_kingfisher -- \
            "$KINGFISHER_BIN" scan "$CORPUS" --no-validate --no-update-check -f json -o "$OUT/kingfisher.json" -q ;;
    kingfisher-turbo)
        if [ ! -x "$KINGFISHER_BIN" ]; then na_row kingfisher-turbo "not installed"; continue; fi
        if [ "$KF_TURBO" != 1 ]; then na_row kingfisher-turbo "no --turbo"; continue; fi
        rm -f "$OUT/kingfisher-turbo.json"
        run_tool kingfisher-turbo "0 200 205" count_kingfisher -- \
            "$KINGFISHER_BIN" scan "$CORPUS" --no-validate --no-update-check --turbo -f json -o "$OUT/kingfisher-turbo.json" -q ;;
    ripgrep)
        if [ -z "$RG_BIN" ]; then na_row ripgrep-floor "not installed"; continue; fi
        # rg exits 1 when nothing matched: still a complete read of the corpus.
        run_tool ripgrep-floor "0 1" count_rg -- \
            "$RG_BIN" --no-ignore --hidden -a -c "${RG_PATTERNS[@]}" "$CORPUS" ;;
    *) log "bench: unknown tool $tool"; na_row "$tool" "unknown tool" ;;
    esac
done

echo
echo "MB/s = corpus bytes / 10^6 / wall seconds; peak RSS = largest resident set of one process;"
echo "CPU s = user + system; tool-read MB = bytes the tool says it scanned (archives expanded, skips excluded)."
echo
print_table "$BYTES"
busy_warning
echo
echo "reports and logs: $OUT"
