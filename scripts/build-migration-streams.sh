#!/usr/bin/env bash
# Builds the migration demo repository (before, then after: a real git history with fixed
# dates) and writes it as git fast-export streams: fixtures/migration/{before,after}.fi.
# Only needed to change the demo; scripts/import-migration-fixtures.sh imports the streams.
# Every credential below is a fake generated for this demo (random strings).
#
#   scripts/build-migration-streams.sh [OUT_DIR]
set -euo pipefail
out=$(cd "${1:-$(dirname "$0")/../fixtures/migration}" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
git init -q -b main
git config user.name "Dana Ops"; git config user.email "dana@example.com"
n=0
commit() {
  n=$((n+1))
  export GIT_AUTHOR_DATE="2026-01-$(printf %02d $((5+n)))T10:00:00Z" GIT_COMMITTER_DATE="2026-01-$(printf %02d $((5+n)))T10:00:00Z"
  git add -A && git commit -q -m "$1"
}
STRIPE_OLD=sk_live_AgStVFTowK4Gd8I1qRuze5CaJEDSz0xw
ERP_KEY=3k3HVbrMtENzA1NtpJ38bVGCs7tzeLLw
JIRA_SECRET=KQfYnTrpQzFTQmac8BIyXynZQQiMg8JQ6iwaUcte
GH=ghp_fdJ5lucVgWywSX0cAYnKEtBcSEsnJNgeyofi

mkdir -p agents/billing agents/erp agents/support agents/ops control-plane vault scripts k8s docs
cat > .vaultproof.toml <<'EOF'
# Systems of record the agents call, and where each credential belongs in Vault.
[[endpoints]]
system = "erpnext"
host = "erp.example.com"
name = "Company ERP (ERPNext)"

[[endpoints]]
system = "jira"
host = "jira.example.com"
name = "Jira"

[inventory]
vault_path = "portarium/credentials/{workspace}/{provider}"
workspace_from = "agents/{workspace}/**"
default_workspace = "shared"
EOF
cat > README.md <<'EOF'
# Portarium agents

Agent workspaces (billing, erp, support, ops) and the control plane configuration.
EOF
cat > .gitignore <<'EOF'
node_modules/
__pycache__/
EOF
cat > agents/billing/.mcp.json <<EOF
{
  "mcpServers": {
    "stripe": {
      "command": "npx",
      "args": ["-y", "@stripe/mcp", "--tools=all"],
      "env": {
        "STRIPE_API_KEY": "$STRIPE_OLD"
      }
    }
  }
}
EOF
cat > agents/erp/config.yaml <<EOF
agent: erp-sync
schedule: "*/15 * * * *"
env:
  ERPNEXT_URL: https://erp.example.com
  ERPNEXT_KEY: $ERP_KEY
EOF
cat > agents/erp/sync.py <<'EOF'
import os

import requests

ERP = "https://erp.example.com/api/resource/Sales Invoice"


def pull_invoices():
    headers = {"Authorization": f"token {os.environ['ERPNEXT_KEY']}"}
    return requests.get(ERP, headers=headers, timeout=30).json()
EOF
cat > agents/support/.env <<EOF
JIRA_URL=https://jira.example.com
JIRA_CLIENT_ID=support-agent
JIRA_CLIENT_SECRET=$JIRA_SECRET
VAULT_ADDR=http://127.0.0.1:8200
VAULT_TOKEN=dev-root-token
VAULT_MOUNT=secret
EOF
cat > .env.example <<'EOF'
STRIPE_API_KEY=
ERPNEXT_KEY=
JIRA_CLIENT_SECRET=
EOF
cat > control-plane/config.yaml <<'EOF'
server:
  port: 8080
credentials:
  provider: local
EOF
cat > vault/server.hcl <<'EOF'
storage "file" {
  path = "/opt/vault/data"
}

listener "tcp" {
  address     = "0.0.0.0:8200"
  tls_disable = 1
}

ui = true
EOF
cat > scripts/bootstrap-vault.sh <<'EOF'
#!/usr/bin/env bash
set -euo pipefail
vault operator init -key-shares=1 -key-threshold=1 > vault/init-output.txt
vault operator unseal "$(grep 'Unseal Key 1' vault/init-output.txt | cut -d' ' -f4)"
EOF
cat > k8s/secret-store.yaml <<'EOF'
apiVersion: external-secrets.io/v1beta1
kind: ClusterSecretStore
metadata:
  name: azure-kv
spec:
  provider:
    azurekv:
      vaultUrl: https://portarium-prod.vault.azure.net
      authType: WorkloadIdentity
---
apiVersion: external-secrets.io/v1beta1
kind: ExternalSecret
metadata:
  name: control-plane-credentials
spec:
  secretStoreRef:
    name: azure-kv
    kind: ClusterSecretStore
  target:
    name: control-plane-credentials
  data:
    - secretKey: stripe
      remoteRef:
        key: stripe-api-key
EOF
cat > helmfile.yaml <<'EOF'
releases:
  - name: control-plane
    chart: ./charts/control-plane
  - name: azure-keyvault-secrets
    chart: ./charts/azure-keyvault-secrets
EOF
cat > requirements.txt <<'EOF'
requests==2.32.3
azure-keyvault-secrets==4.7.0
azure-identity==1.16.0
EOF
mkdir -p scripts/azure
cat > scripts/azure/sync-keyvault.sh <<'EOF2'
#!/usr/bin/env bash
# Pulls the control plane's secrets from Azure Key Vault into a Kubernetes Secret.
az keyvault secret show --vault-name portarium-prod --name stripe-api-key --query value -o tsv
EOF2
commit "Agents: billing (Stripe MCP), erp sync, support (Jira)"

cat > agents/ops/settings.json <<EOF
{
  "github": {
    "token": "$GH",
    "org": "portarium"
  }
}
EOF
commit "Ops agent: GitHub settings"

cp agents/support/.env agents/support/.env.backup.20260110
commit "Back up the support agent's .env before the Vault migration"

git rm -q agents/ops/settings.json; mkdir -p agents/ops
cat > agents/ops/settings.json <<'EOF'
{
  "github": {
    "token": "${GITHUB_TOKEN}",
    "org": "portarium"
  }
}
EOF
commit "Ops agent: GitHub token from the environment"
git tag before

# ---- the migration ----
STRIPE_REF='vault:portarium/credentials/billing/stripe#api_key'
cat > .gitignore <<'EOF'
node_modules/
__pycache__/
.env
.env.*
!.env.example
.env.backup.*
EOF
git rm -q --cached agents/support/.env agents/support/.env.backup.20260110
rm agents/support/.env agents/support/.env.backup.20260110
cat > agents/billing/.mcp.json <<EOF
{
  "mcpServers": {
    "stripe": {
      "command": "npx",
      "args": ["-y", "@stripe/mcp", "--tools=all"],
      "env": {
        "STRIPE_API_KEY": "$STRIPE_REF"
      }
    }
  }
}
EOF
cat > agents/erp/config.yaml <<'EOF'
agent: erp-sync
schedule: "*/15 * * * *"
# Runs through the control plane: no ERP credential or endpoint in the agent.
workflow: wf-erp-sync
EOF
cat > agents/erp/sync.py <<'EOF'
import subprocess


def pull_invoices():
    """Starts the ERP sync workflow on the control plane, which holds the credentials."""
    subprocess.run(
        ["portarium", "run", "start", "--workflow-id", "wf-erp-sync", "--workspace", "ws-erp"],
        check=True,
    )
EOF
cat > agents/support/config.yaml <<'EOF'
agent: support-triage
workflow: wf-jira-triage
EOF
cat > .env.example <<'EOF'
# Secrets live in Vault (KV v2 at portarium/credentials); the control plane reads them.
STRIPE_API_KEY=vault:portarium/credentials/billing/stripe#api_key
ERPNEXT_KEY=vault:portarium/credentials/erp/erpnext#api_key
JIRA_CLIENT_SECRET=vault:portarium/credentials/support/jira#client_secret
VAULT_ADDR=https://vault.internal:8200
VAULT_KV_MOUNT=portarium/credentials
EOF
cat > control-plane/config.yaml <<'EOF'
server:
  port: 8080
credentials:
  provider: vault
  vaultAddr: https://vault.internal:8200
  mountPath: portarium/credentials
  authMethod: kubernetes
  role: portarium-control-plane
EOF
cat > vault/server.hcl <<'EOF'
storage "raft" {
  path    = "/opt/vault/data"
  node_id = "vault-0"
}

listener "tcp" {
  address       = "0.0.0.0:8200"
  tls_cert_file = "/etc/vault/tls/tls.crt"
  tls_key_file  = "/etc/vault/tls/tls.key"
}

seal "awskms" {
  region     = "eu-west-1"
  kms_key_id = "alias/portarium-vault-unseal"
}

ui = true
EOF
mkdir -p policies
cat > policies/portarium-cp.hcl <<'EOF'
# portarium-cp-policy.hcl
path "portarium/credentials/data/{{identity.entity.metadata.workspace_id}}/*" {
  capabilities = ["read"]
}
EOF
cat > scripts/bootstrap-vault.sh <<'EOF'
#!/usr/bin/env bash
# Production bootstrap: init with 5 shares / threshold 3 (keys go to their holders, never
# to disk here), auth methods, audit device, the control plane's policy.
set -euo pipefail
vault operator init -key-shares=5 -key-threshold=3 -format=json | ./scripts/distribute-unseal-keys.sh
vault secrets enable -path=portarium/credentials kv-v2
vault auth enable kubernetes
vault auth enable approle
vault audit enable file file_path=/vault/logs/audit.log
vault policy write portarium-cp policies/portarium-cp.hcl
EOF
cat > k8s/secret-store.yaml <<'EOF'
apiVersion: external-secrets.io/v1beta1
kind: ClusterSecretStore
metadata:
  name: portarium-vault
spec:
  provider:
    vault:
      server: https://vault.internal:8200
      path: portarium/credentials
      version: v2
      auth:
        kubernetes:
          mountPath: kubernetes
          role: portarium-control-plane
---
apiVersion: external-secrets.io/v1beta1
kind: ExternalSecret
metadata:
  name: control-plane-credentials
spec:
  secretStoreRef:
    name: portarium-vault
    kind: ClusterSecretStore
  target:
    name: control-plane-credentials
  data:
    - secretKey: stripe
      remoteRef:
        key: billing/stripe
        property: api_key
EOF
cat > k8s/vault-snapshot-cronjob.yaml <<'EOF'
apiVersion: batch/v1
kind: CronJob
metadata:
  name: vault-raft-snapshot
spec:
  schedule: "0 */6 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
            - name: snapshot
              image: hashicorp/vault:1.15
              command: ["/bin/sh", "-c"]
              args:
                - vault operator raft snapshot save /snapshots/vault-$(date +%Y%m%d%H%M).snap && find /snapshots -mtime +14 -delete
EOF
cat > helmfile.yaml <<'EOF'
releases:
  - name: control-plane
    chart: ./charts/control-plane
  - name: vault
    chart: hashicorp/vault
    version: 0.28.0
    values:
      - values/vault-{{ .Environment.Name }}.yaml
EOF
cat > requirements.txt <<'EOF'
requests==2.32.3
hvac==2.3.0
EOF
git rm -q -r scripts/azure
cat > docs/credential-inventory.md <<'EOF'
# Phase 1 inventory: direct SoR calls and their credentials

| SoR Endpoint       | Credential Type | Current Location                     | Vault path                               |
| ------------------ | --------------- | ------------------------------------ | ---------------------------------------- |
| erp.example.com    | API key         | agent env ERPNEXT_KEY                | portarium/credentials/erp/erpnext        |
| api.stripe.com/v1  | Bearer token    | agents/billing/.mcp.json STRIPE_API_KEY | portarium/credentials/billing/stripe  |
| jira.example.com   | OAuth2 client   | agents/support/.env JIRA_CLIENT_SECRET | portarium/credentials/support/jira     |
| api.github.com     | GitHub token    | agents/ops/settings.json github.token | portarium/credentials/ops/github        |
EOF
cat > docs/runbook.md <<'EOF'
# Credentials runbook

Secrets are read by the control plane from Vault (KV v2, `portarium/credentials`).

Emergency override: `SECRET_ALLOW_ENV_IN_NON_LOCAL=1` enables the `.env` fallback outside
local environments. Use it only during an incident, and remove it afterwards.
EOF
commit "Move agent credentials to Vault: references only, control plane reads Vault, TLS, Raft, auto-unseal, ESO on Vault"

mkdir -p "$out"
git branch -q before-migration before
git fast-export before-migration | sed 's#refs/heads/before-migration#refs/heads/main#' > "$out/before.fi"
git fast-export main > "$out/after.fi"
