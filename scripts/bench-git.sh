#!/usr/bin/env bash
# Git-history throughput on rust-lang/cargo: vaultproof --git against Betterleaks,
# gitleaks and Kingfisher in their git modes (validation off, reports to files), with
# `git cat-file --batch-all-objects --batch | rg` as the floor of what reading every
# object costs.
#
#   scripts/bench-git.sh [GIT_DIR]
#
# GIT_DIR: a (bare) git directory of rust-lang/cargo, e.g. the mirror under
# /work/.mirror/rust-lang+cargo/ (default: the first */objects parent found there).
# It is never written to: the script clones it (`git clone --mirror --no-hardlinks`,
# all refs) into $BENCH_OUT/repo.git, and every tool scans that clone. A tool that
# needs a work tree gets a non-bare copy made from it ($BENCH_OUT/worktree).
#
# Environment: RUNS, TOOL_TIMEOUT, VAULTPROOF, *_BIN as for scripts/bench.sh;
#   TOOLS="..."   subset/order of: vaultproof betterleaks gitleaks kingfisher kingfisher-turbo git-floor
#   BENCH_OUT=DIR (default /tmp/vp-bench-git)
set -uo pipefail
. "$(cd "$(dirname "$0")" && pwd)/bench-lib.sh"

SRC=${1:-}
if [ -z "$SRC" ]; then
    SRC=$(find /work/.mirror/rust-lang+cargo -maxdepth 3 -type d -name objects 2>/dev/null | sort | head -1)
    SRC=${SRC%/objects}
fi
[ -n "$SRC" ] && git --git-dir="$SRC" rev-parse --git-dir >/dev/null 2>&1 ||
    { log "bench-git: usage: $0 GIT_DIR (a git directory of rust-lang/cargo)"; exit 2; }
SRC=$(cd "$SRC" && pwd)
OUT=${BENCH_OUT:-/tmp/vp-bench-git}
TOOLS=${TOOLS:-vaultproof betterleaks gitleaks kingfisher kingfisher-turbo git-floor}
mkdir -p "$OUT"
RESULTS="$OUT/results.tsv"
: >"$RESULTS"

ensure_deps
resolve_tools

# A private mirror clone (all refs, including tags and pull-request refs if the source has them).
REPO="$OUT/repo.git"
SRC_HEAD=$(git --git-dir="$SRC" for-each-ref --format='%(objectname) %(refname)' | sha256sum | cut -c1-16)
if [ ! -f "$OUT/repo.src" ] || [ "$(cat "$OUT/repo.src")" != "$SRC $SRC_HEAD" ] || [ ! -d "$REPO" ]; then
    log "bench-git: cloning $SRC into $REPO ..."
    rm -rf "$REPO" "$OUT/worktree" "$OUT/repo.src"
    git clone -q --mirror --no-hardlinks "$SRC" "$REPO" || { log "bench-git: clone failed"; exit 2; }
    echo "$SRC $SRC_HEAD" >"$OUT/repo.src"
fi

# Non-bare copy, made only if a tool needs a work tree.
worktree() {
    local wt="$OUT/worktree"
    if [ ! -d "$wt/.git" ]; then
        log "bench-git: making a work tree copy in $wt ..."
        rm -rf "$wt"
        git clone -q --mirror --no-hardlinks "$REPO" "$wt/.git" &&
            git -C "$wt" config --bool core.bare false &&
            git -C "$wt" checkout -q -f HEAD 2>/dev/null ||
            { log "bench-git: work tree copy failed"; return 1; }
    fi
    echo "$wt"
}

read -r OBJECTS BLOBS BLOB_BYTES < <(git --git-dir="$REPO" cat-file --batch-all-objects --batch-check='%(objecttype) %(objectsize)' |
    awk '{n++} $1 == "blob" {b++; s += $2} END {printf "%d %d %d\n", n, b, s}')
echo "repository: $SRC"
echo "  clone scanned: $REPO"
echo "  refs: $(git --git-dir="$REPO" for-each-ref | wc -l), commits: $(git --git-dir="$REPO" rev-list --all | wc -l), objects: $OBJECTS"
awk -v b="$BLOB_BYTES" -v n="$BLOBS" 'BEGIN {printf "  unique blobs: %d, %d bytes (%.1f MB)\n", n, b, b/1e6}'
echo "  pack size: $(du -sh "$REPO/objects" | cut -f1)"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo); runs per tool: $RUNS"
echo "tools:"
print_versions

log "bench-git: warming the page cache ..."
warm_cache "$REPO"

# Kingfisher compiles and caches its rule database on first use: do that untimed.
WARM="$OUT/warmup"
rm -rf "$WARM"; mkdir -p "$WARM"; printf 'x\n' >"$WARM/f"
[ -x "$KINGFISHER_BIN" ] && "$KINGFISHER_BIN" scan "$WARM" --no-validate --no-update-check -f json -o "$OUT/warmup-kf.json" -q >/dev/null 2>&1

vp_has_git() { "$VAULTPROOF" scan --help 2>/dev/null | grep -q -- '--git'; }

for tool in $TOOLS; do
    case $tool in
    vaultproof)
        if [ ! -x "$VAULTPROOF" ]; then na_row vaultproof-git "not built"; continue; fi
        if ! vp_has_git; then na_row vaultproof-git "no --git yet"; continue; fi
        rm -f "$OUT/vaultproof-git.json"
        run_tool vaultproof-git "0 1" count_vaultproof -- \
            "$VAULTPROOF" scan "$REPO" --git --format json -o "$OUT/vaultproof-git.json" --quiet
        if tail -n 1 "$RESULTS" | grep -q 'FAIL(2)'; then
            # Maybe it wants a work tree: retry there once, as a separate row.
            if WT=$(worktree); then
                rm -f "$OUT/vaultproof-git-worktree.json"
                run_tool vaultproof-git-worktree "0 1" count_vaultproof -- \
                    "$VAULTPROOF" scan "$WT" --git --format json -o "$OUT/vaultproof-git-worktree.json" --quiet
            fi
        fi ;;
    betterleaks)
        if [ ! -x "$BETTERLEAKS_BIN" ]; then na_row betterleaks-git "not installed"; continue; fi
        rm -f "$OUT/betterleaks-git.json"
        run_tool betterleaks-git "0 1" count_betterleaks -- \
            "$BETTERLEAKS_BIN" git "$REPO" -s -o "$OUT/betterleaks-git.json" -l warn --no-color ;;
    gitleaks)
        if [ ! -x "$GITLEAKS_BIN" ]; then na_row gitleaks-git "not installed"; continue; fi
        rm -f "$OUT/gitleaks-git.json"
        run_tool gitleaks-git "0 1" count_gitleaks -- \
            "$GITLEAKS_BIN" git "$REPO" --no-banner -f json -r "$OUT/gitleaks-git.json" -l warn ;;
    kingfisher)
        if [ ! -x "$KINGFISHER_BIN" ]; then na_row kingfisher-git "not installed"; continue; fi
        rm -f "$OUT/kingfisher-git.json"
        run_tool kingfisher-git "0 200 205" count_kingfisher -- \
            "$KINGFISHER_BIN" scan "$REPO" --git-history full --no-validate --no-update-check -f json -o "$OUT/kingfisher-git.json" -q ;;
    kingfisher-turbo)
        if [ ! -x "$KINGFISHER_BIN" ]; then na_row kingfisher-git-turbo "not installed"; continue; fi
        if [ "$KF_TURBO" != 1 ]; then na_row kingfisher-git-turbo "no --turbo"; continue; fi
        rm -f "$OUT/kingfisher-git-turbo.json"
        run_tool kingfisher-git-turbo "0 200 205" count_kingfisher -- \
            "$KINGFISHER_BIN" scan "$REPO" --git-history full --turbo --no-validate --no-update-check -f json -o "$OUT/kingfisher-git-turbo.json" -q ;;
    git-floor)
        if [ -z "$RG_BIN" ]; then na_row git-floor "rg not installed"; continue; fi
        # Every object (blobs, trees, commits, tags) decompressed and delta-resolved, then
        # searched by rg: what any history scanner must at least pay.
        # shellcheck disable=SC2016
        run_tool git-floor "0 1" count_rg -- bash -c \
            'git --git-dir="$1" cat-file --batch-all-objects --batch --unordered | "$2" -c -a "${@:3}"; s=("${PIPESTATUS[@]}"); [ "${s[0]}" = 0 ] && [ "${s[1]}" -le 1 ] && exit 0; exit $((s[0] ? s[0] : s[1]))' \
            git-floor "$REPO" "$RG_BIN" "${RG_PATTERNS[@]}" ;;
    *) log "bench-git: unknown tool $tool"; na_row "$tool" "unknown tool" ;;
    esac
done

echo
echo "MB/s = unique blob bytes ($BLOB_BYTES) / 10^6 / wall seconds: every tool sees the same history,"
echo "however it walks it (log -p diffs, blob enumeration, ...). peak RSS = largest resident set of one"
echo "process (git children included); CPU s = user + system; tool-read MB = bytes the tool says it scanned."
echo
print_table "$BLOB_BYTES"
busy_warning
echo
echo "reports and logs: $OUT"
