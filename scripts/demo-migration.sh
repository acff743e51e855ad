#!/usr/bin/env bash
# The migration demo in one command: builds vaultproof, imports the `before/` and `after/`
# agent workspaces (real git history, from fixtures/migration/*.fi), and audits both against
# the runbooks' checklists. No Vault and no network: the Vault evidence is the committed
# offline index and audit-log sample, made with the demo's own (fake) audit key.
#
#   scripts/demo-migration.sh            terminal verdicts; JSON and HTML reports in
#                                        fixtures/migration/.work/
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
work=fixtures/migration/.work
scripts/import-migration-fixtures.sh "$work" >/dev/null
export VAULTPROOF_KEY
VAULTPROOF_KEY=$(cat fixtures/migration/vault/audit.key)
vp=target/release/vaultproof
as_of=(--as-of 2026-03-01)
after_evidence=(
    --before "$work/before.json"
    --vault-index fixtures/migration/vault/index.json
    --audit-log fixtures/migration/vault/audit.log
    --attestations fixtures/migration/attestations.toml
)
# The gate exits 1 while items fail or are unknown: expected here, so keep going.
"$vp" audit "$work/before" "${as_of[@]}" --format json -o "$work/before.json" \
    --html "$work/before.html" || true
"$vp" audit "$work/before" "${as_of[@]}" || true
echo
"$vp" audit "$work/after" "${after_evidence[@]}" "${as_of[@]}" --format json -o "$work/after.json" \
    --html "$work/after.html" --previous "$work/before.json" || true
"$vp" audit "$work/after" "${after_evidence[@]}" "${as_of[@]}" || true
echo
echo "JSON reports: $work/before.json $work/after.json"
echo "HTML reports: $work/before.html $work/after.html (self-contained: open in any browser)"
