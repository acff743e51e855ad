#!/usr/bin/env bash
# Vault indexing throughput, printed (not a timed test):
#  1. N secrets (default 10000) in a local RustyVault: `vaultproof vault index` with its
#     default concurrency, against the same client sequential (--vault-concurrency 1), in
#     the same run. Targets: under 30 s, and at least 3x the sequential run.
#  2. M secrets (default 1000) in a KV v2 mount served by a mock answering Vault's
#     documented JSON with LATENCY ms (default 20) added to every answer (a remote Vault).
#     Target: under 5 s.
# Usage: scripts/bench-vault.sh [N] [M] [LATENCY_MS]   (PROFILE=debug for a quick check;
# VAULTPROOF=path to time another build of the client, e.g. main's, on the same data)
# Each run also prints the client's and the server's CPU per secret: on two shared cores
# the speed-up is bound by CPU, and CPU seconds are robust to a busy machine, wall time not.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-10000}
M=${2:-1000}
LATENCY=${3:-20}
PROFILE=${PROFILE:-release}
export PATH="$HOME/.cargo/bin:$PATH"
command -v rvault >/dev/null || { echo "bench-vault: rvault is not installed (cargo install rusty_vault --version 0.2.1 --locked)" >&2; exit 2; }

flag=(); [[ $PROFILE == release ]] && flag=(--release)
cargo build -q "${flag[@]}" --bin vaultproof --example vault_bench
bin=${VAULTPROOF:-target/$PROFILE/vaultproof}
helper=target/$PROFILE/examples/vault_bench

work=$(mktemp -d)
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
export VAULTPROOF_KEY=bench-vault-audit-key

now() { date +%s.%N; }
elapsed() { echo "$2 - $1" | bc; }

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
mkdir -p "$work/data"
cat > "$work/rvault.hcl" <<HCL
storage "file" {
  path = "$work/data"
}

listener "tcp" {
  address = "127.0.0.1:$port"
  tls_disable = true
}
HCL
rvault server --config "$work/rvault.hcl" >"$work/rvault.log" 2>&1 &
pids+=($!)
server_pid=$!
# CPU seconds (user + sys) the server has used so far, from /proc (0 where there is none).
server_cpu() {
    local fields
    if [[ -n ${server_pid:-} && -r /proc/$server_pid/stat ]]; then
        read -ra fields < <(sed 's/.*) //' "/proc/$server_pid/stat")
        echo "(${fields[11]} + ${fields[12]}) / $(getconf CLK_TCK)" | bc -l
    else
        echo 0
    fi
}
addr="http://127.0.0.1:$port"
for _ in $(seq 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
    sleep 0.1
done
echo "bench-vault: seeding $N secrets into RustyVault at $addr"
token=$("$helper" rvault-setup "$addr" "$N")

run_index() {
    local label=$1; shift
    local start end server_before
    server_before=$(server_cpu)
    start=$(now)
    # The client's own CPU (user + sys), apart from the server's: on two shared cores
    # every CPU millisecond the client spends is taken from the server.
    VAULT_ADDR=$addr VAULT_TOKEN=$token /usr/bin/time -f '%U %S' -o "$work/$label.cpu" \
        "$bin" vault index -q -o "$work/$label.json" "$@"
    end=$(now)
    local server
    server=$(echo "$(server_cpu) - $server_before" | bc -l)
    local secs
    secs=$(elapsed "$start" "$end")
    local count
    count=$(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))['secrets']))" "$work/$label.json")
    echo "$secs" > "$work/$label.secs"
    local cpu
    cpu=$(awk 'END { print $1 + $2 }' "$work/$label.cpu")
    printf 'bench-vault: %-28s %6d secrets in %7.2f s (%8.0f secrets/s)\n' "$label" "$count" "$secs" "$(echo "$count / $secs" | bc -l)"
    printf 'bench-vault: %-28s client CPU %.2f s (%.0f us per secret), server CPU %.2f s (%.0f us per secret)\n' "" \
        "$cpu" "$(echo "$cpu * 1000000 / $count" | bc -l)" "$server" "$(echo "$server * 1000000 / $count" | bc -l)"
}
run_index "rvault concurrent (16)"
run_index "rvault sequential (1)" --vault-concurrency 1
c=$(cat "$work/rvault concurrent (16).secs"); s=$(cat "$work/rvault sequential (1).secs")
printf 'bench-vault: speed-up over the sequential client: %.2fx (target >= 3x; target < 30 s for 10,000)\n' "$(echo "$s / $c" | bc -l)"

"$helper" mock "$M" "$LATENCY" >"$work/mock.addr" &
pids+=($!)
for _ in $(seq 100); do [[ -s $work/mock.addr ]] && break; sleep 0.1; done
addr=$(head -1 "$work/mock.addr")
server_pid=""
token=mock-token
run_index "mock, ${LATENCY} ms per answer"
echo "bench-vault: target < 5 s for 1,000 secrets at 20 ms"
