#!/usr/bin/env bash
# Rebuilds the migration demo's offline Vault index (fixtures/migration/vault/index.json)
# from its seed data (fixtures/migration/vault/seed.json) with the demo's fake audit key
# (fixtures/migration/vault/audit.key), using the fingerprinting of `vaultproof vault
# index`. The test `audit_demo_index_is_fresh` fails when the committed index is stale.
set -euo pipefail
cd "$(dirname "$0")/.."
VAULTPROOF_REGENERATE=1 cargo test --quiet --test tests audit_demo_index_is_fresh
