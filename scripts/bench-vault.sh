#!/usr/bin/env bash
# Vault indexing throughput, printed (not a timed test):
#  1. N secrets (default 10000) in a local RustyVault: `vaultproof vault index` with its
#     default concurrency, against the same client sequential (--vault-concurrency 1), in
#     the same run. Targets: under 30 s, and at least 3x the sequential run.
#  2. M secrets (default 1000) in a KV v2 mount served by a mock answering Vault's
#     documented JSON with LATENCY ms (default 20) added to every answer (a remote Vault).
#     Target: under 5 s.
# Usage: scripts/bench-vault.sh [N] [M] [LATENCY_MS]   (PROFILE=debug for a quick check)
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
bin=target/$PROFILE/vaultproof
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
addr="http://127.0.0.1:$port"
for _ in $(seq 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
    sleep 0.1
done
echo "bench-vault: seeding $N secrets into RustyVault at $addr"
token=$("$helper" rvault-setup "$addr" "$N")

run_index() {
    local label=$1; shift
    local start end
    start=$(now)
    VAULT_ADDR=$addr VAULT_TOKEN=$token "$bin" vault index -q -o "$work/$label.json" "$@"
    end=$(now)
    local secs
    secs=$(elapsed "$start" "$end")
    local count
    count=$(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))['secrets']))" "$work/$label.json")
    echo "$secs" > "$work/$label.secs"
    printf 'bench-vault: %-28s %6d secrets in %7.2f s (%8.0f secrets/s)\n' "$label" "$count" "$secs" "$(echo "$count / $secs" | bc -l)"
}
run_index "rvault concurrent (16)"
run_index "rvault sequential (1)" --vault-concurrency 1
c=$(cat "$work/rvault concurrent (16).secs"); s=$(cat "$work/rvault sequential (1).secs")
printf 'bench-vault: speed-up over the sequential client: %.1fx (target >= 3x; target < 30 s for 10,000)\n' "$(echo "$s / $c" | bc -l)"

"$helper" mock "$M" "$LATENCY" >"$work/mock.addr" &
pids+=($!)
for _ in $(seq 100); do [[ -s $work/mock.addr ]] && break; sleep 0.1; done
addr=$(head -1 "$work/mock.addr")
token=mock-token
run_index "mock, ${LATENCY} ms per answer"
echo "bench-vault: target < 5 s for 1,000 secrets at 20 ms"
