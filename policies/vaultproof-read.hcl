# vaultproof's own policy: the least it needs to index Vault and read its posture.
# It can list and read secrets (to fingerprint their values, which never leave the
# process), read the configuration that the posture checks look at, and nothing else:
# no create, update, patch or delete anywhere. Attach it to the AppRole or token that
# runs `vaultproof vault index` / `vaultproof scan --vault`, named `vaultproof-read`:
# vaultproof recognises its own reads in the audit log by this policy name.
#
# Write it with:  vault policy write vaultproof-read policies/vaultproof-read.hcl
# Edit the KV mount below if your credentials live elsewhere than portarium/credentials.

# KV v2: the values of every version, and the metadata that lists keys and versions.
path "portarium/credentials/data/*" {
  capabilities = ["read"]
}

path "portarium/credentials/metadata/*" {
  capabilities = ["read", "list"]
}

# Secret engine mounts and auth methods (their types and KV versions).
path "sys/mounts" {
  capabilities = ["read"]
}

path "sys/auth" {
  capabilities = ["read"]
}

# ACL policy texts, to decide who can read the credentials.
path "sys/policies/acl" {
  capabilities = ["list"]
}

path "sys/policies/acl/*" {
  capabilities = ["read"]
}

# Audit devices. Vault requires sudo to list them; sudo here opens nothing else.
path "sys/audit" {
  capabilities = ["read", "sudo"]
}

# The token's own policies and TTL (also in Vault's default policy).
path "auth/token/lookup-self" {
  capabilities = ["read"]
}
