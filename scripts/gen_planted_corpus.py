#!/usr/bin/env python3
"""Generate a planted-secret accuracy corpus for vaultproof.

    python3 scripts/gen_planted_corpus.py OUTDIR [--seed N] [--planted 500] [--decoys 550]
                                                 [--rules rules/secrets]

OUTDIR gets a tree of fake service repositories (.env, YAML, JSON, TOML, Python, JS/TS,
Go, Java, shell, Dockerfile, Terraform, Markdown, INI, XML, properties, key files...) with
realistic filler code, fake credentials planted in the syntaxes people really use, and
decoys that a careful reviewer would not call credentials (placeholders, references,
configuration, hashes, UUIDs, public keys, encrypted blobs, identifiers, near-miss formats).

Formats that live in a file or a command of their own are planted there: wp-config.php,
Django settings, Rails secrets.yml, Laravel .env, FileZilla sitemanager.xml, Jenkins
credentials.xml and setup logs, .netrc, MSAL token caches, Docker config.json, kubeadm
configurations, mysql/sshpass/PsExec command lines, variables.tf, and the generic rules'
assignment forms (Makefile ::= / :::=, PHP .=, Go `var x string =`, an env file inside a
JSON string, an XML element on its own line). They and their decoys come from a random
stream of their own, in files of their own, so the rest of a seed's corpus is unchanged.

Credentials also go into archives (zip, jar, tar.gz, asar... members), bytecode (class files,
.pyc), Office documents (a spreadsheet's cell, a Word runbook's run, an OpenDocument text)
and Kerberos keytabs, each drawn from a random stream of its own.

Password hashes (/etc/shadow, .htpasswd, Cisco configurations, cloud-init, SQL seeds,
Kerberos roasting output, and the bcrypt hash decoys) are planted as their own finding kind:
their truth records carry `finding_kind: password_hash`, which scripts/accuracy.py matches to
password_hash findings only.

OUTDIR/truth.json records every planted secret ({path, line, provider, rule_family,
kind, expected_rules, multiline, ...}) and every decoy ({path, line, end_line, category,
provider, note}); scripts/accuracy.py compares a vaultproof JSON report against it.

Every value comes from this file's own generators (a random.Random seeded by --seed), in
the provider's real-world format, never from a rule file's examples. The rule files are
parsed only to enumerate rule ids and providers: each rule should be covered by at least
one generator; uncovered rules are listed in truth.json and on stderr.

Only the Python standard library is used. The same seed gives the same corpus.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import gzip
import hmac
import io
import json
import re
import random
import shutil
import sqlite3
import string
import struct
import sys
import tarfile
import tomllib
import uuid
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from planted_encodings import plant_encodings, write_utf16

DIGITS = string.digits
LOWER = string.ascii_lowercase
UPPER = string.ascii_uppercase
ALNUM = string.ascii_letters + DIGITS
B62 = DIGITS + UPPER + LOWER  # base62 alphabet used by GitHub/npm checksums
HEX = "0123456789abcdef"
B64 = string.ascii_letters + DIGITS + "+/"
B64URL = string.ascii_letters + DIGITS + "-_"
B32 = UPPER + "234567"

# A generated secret must not look like a documented placeholder by accident.
PLACEHOLDER_MARKERS = (
    "example", "xxxxx", "your_", "your-", "dummy", "changeme", "1234567890", "abcdefghij",
    "<", "${", "{{", "placeholder", "redacted", "0000000000", "*****", "insert_", "insert-",
    "%(", "replace", "notasecret", "not_a_secret", "not-a-secret",
)


def looks_like_placeholder(value: str) -> bool:
    lower = value.lower()
    return any(m in lower for m in PLACEHOLDER_MARKERS)


# ---------------------------------------------------------------------------------------
# Random helpers
# ---------------------------------------------------------------------------------------


class Rand:
    """random.Random (or secrets.SystemRandom) plus the string helpers generators need."""

    def __init__(self, rng: random.Random):
        self.rng = rng

    def s(self, alphabet: str, n: int) -> str:
        return "".join(self.rng.choice(alphabet) for _ in range(n))

    def hex(self, n: int) -> str:
        return self.s(HEX, n)

    def bytes(self, n: int) -> bytes:
        return bytes(self.rng.getrandbits(8) for _ in range(n))

    def b64(self, nbytes: int, pad: bool = True) -> str:
        out = base64.b64encode(self.bytes(nbytes)).decode()
        return out if pad else out.rstrip("=")

    def b64url(self, nbytes: int) -> str:
        return base64.urlsafe_b64encode(self.bytes(nbytes)).decode().rstrip("=")

    def digits(self, n: int) -> str:
        return str(self.rng.randint(1, 9)) + self.s(DIGITS, n - 1)

    def uuid4(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def choice(self, seq):
        return self.rng.choice(seq)

    def randint(self, a: int, b: int) -> int:
        return self.rng.randint(a, b)

    def random(self) -> float:
        return self.rng.random()

    def shuffle(self, seq) -> None:
        self.rng.shuffle(seq)

    def sample(self, seq, k):
        return self.rng.sample(seq, k)

    def getrandbits(self, k: int) -> int:
        return self.rng.getrandbits(k)

    def randrange(self, *a):
        return self.rng.randrange(*a)

    def word(self) -> str:
        return self.choice(WORDS)


WORDS = (
    "ledger invoice billing support orders payments catalog search reports gateway worker "
    "scheduler notifier inventory shipping accounts identity audit metrics ingest export "
    "import portal admin console tracker sync bridge relay archive vault customer partner "
    "pricing refunds loyalty checkout onboarding compliance treasury payroll analytics "
    "atlas orion falcon harbor summit meadow cedar maple willow aurora nimbus zephyr quartz"
).split()

HUMAN_WORDS = (
    "Spring Summer Autumn Winter Falcon Harbor Summit Meadow Cedar Maple Willow Aurora "
    "Nimbus Zephyr Quartz Tiger Rocket Ledger Copper Silver Orchid Pepper Mango Raven"
).split()


def secret_value(gen: Callable[[], str]) -> str:
    """Calls gen until the value carries no placeholder marker by chance."""
    for _ in range(100):
        v = gen()
        if not looks_like_placeholder(v):
            return v
    raise RuntimeError("generator keeps producing placeholder-like values")


# ---------------------------------------------------------------------------------------
# Checksums and key material
# ---------------------------------------------------------------------------------------


def crc32_base62(body: str) -> str:
    n = zlib.crc32(body.encode())
    out = ""
    for _ in range(6):
        out = B62[n % 62] + out
        n //= 62
    return out


def checksummed(prefix: str, r: Rand) -> str:
    body = r.s(ALNUM, 30)
    return f"{prefix}_{body}{crc32_base62(body)}"


def bad_checksummed(prefix: str, r: Rand) -> str:
    body = r.s(ALNUM, 30)
    good = crc32_base62(body)
    bad = good[:5] + r.choice([c for c in B62 if c != good[5]])
    return f"{prefix}_{body}{bad}"


SMALL_PRIMES = [p for p in range(3, 2000) if all(p % q for q in range(2, int(p ** 0.5) + 1))]


def is_probable_prime(n: int, r: Rand) -> bool:
    if n < 2:
        return False
    for p in SMALL_PRIMES:
        if n % p == 0:
            return n == p
    d, s = n - 1, 0
    while d % 2 == 0:
        d //= 2
        s += 1
    for _ in range(24):
        a = r.randrange(2, n - 2)
        x = pow(a, d, n)
        if x in (1, n - 1):
            continue
        for _ in range(s - 1):
            x = pow(x, 2, n)
            if x == n - 1:
                break
        else:
            return False
    return True


def gen_prime(r: Rand, bits: int) -> int:
    while True:
        c = r.getrandbits(bits) | (1 << (bits - 1)) | (1 << (bits - 2)) | 1
        if is_probable_prime(c, r):
            return c


def der_len(n: int) -> bytes:
    if n < 0x80:
        return bytes([n])
    b = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(b)]) + b


def der(tag: int, body: bytes) -> bytes:
    return bytes([tag]) + der_len(len(body)) + body


def der_int(n: int) -> bytes:
    b = n.to_bytes(max(1, (n.bit_length() + 8) // 8), "big")
    return der(0x02, b)


def der_seq(*items: bytes) -> bytes:
    return der(0x30, b"".join(items))


OID_RSA = bytes.fromhex("06092a864886f70d010101")
OID_EC = bytes.fromhex("06072a8648ce3d0201")
OID_P256 = bytes.fromhex("06082a8648ce3d030107")


def rsa_key(r: Rand, bits: int = 2048):
    e = 65537
    while True:
        p = gen_prime(r, bits // 2)
        q = gen_prime(r, bits // 2)
        phi = (p - 1) * (q - 1)
        if p != q and phi % e and (p * q).bit_length() == bits:
            break
    n = p * q
    d = pow(e, -1, phi)
    pkcs1 = der_seq(
        der_int(0), der_int(n), der_int(e), der_int(d), der_int(p), der_int(q),
        der_int(d % (p - 1)), der_int(d % (q - 1)), der_int(pow(q, -1, p)),
    )
    spki = der_seq(der_seq(OID_RSA, b"\x05\x00"), der(0x03, b"\x00" + der_seq(der_int(n), der_int(e))))
    return pkcs1, spki, (n, e)


def pkcs8_rsa(pkcs1: bytes) -> bytes:
    return der_seq(der_int(0), der_seq(OID_RSA, b"\x05\x00"), der(0x04, pkcs1))


# P-256
P256_P = 0xFFFFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFF
P256_A = P256_P - 3
P256_N = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551
P256_G = (
    0x6B17D1F2E12C4247F8BCE6E563A440F277037D812DEB33A0F4A13945D898C296,
    0x4FE342E2FE1A7F9B8EE7EB4A7C0F9E162BCE33576B315ECECBB6406837BF51F5,
)


def ec_add(p1, p2):
    if p1 is None:
        return p2
    if p2 is None:
        return p1
    (x1, y1), (x2, y2) = p1, p2
    if x1 == x2 and (y1 + y2) % P256_P == 0:
        return None
    if p1 == p2:
        lam = (3 * x1 * x1 + P256_A) * pow(2 * y1, -1, P256_P) % P256_P
    else:
        lam = (y2 - y1) * pow(x2 - x1, -1, P256_P) % P256_P
    x3 = (lam * lam - x1 - x2) % P256_P
    return x3, (lam * (x1 - x3) - y1) % P256_P


def ec_mul(k: int, point):
    result = None
    while k:
        if k & 1:
            result = ec_add(result, point)
        point = ec_add(point, point)
        k >>= 1
    return result


def ec_key(r: Rand) -> bytes:
    d = r.randrange(1, P256_N)
    x, y = ec_mul(d, P256_G)
    pub = b"\x04" + x.to_bytes(32, "big") + y.to_bytes(32, "big")
    return der_seq(
        der_int(1), der(0x04, d.to_bytes(32, "big")), der(0xA0, OID_P256), der(0xA1, der(0x03, b"\x00" + pub))
    )


# Ed25519 public key derivation (for a well-formed OpenSSH private key file).
ED_Q = 2**255 - 19
ED_D = -121665 * pow(121666, -1, ED_Q) % ED_Q
ED_I = pow(2, (ED_Q - 1) // 4, ED_Q)


def _ed_xrecover(y):
    xx = (y * y - 1) * pow(ED_D * y * y + 1, -1, ED_Q)
    x = pow(xx, (ED_Q + 3) // 8, ED_Q)
    if (x * x - xx) % ED_Q:
        x = x * ED_I % ED_Q
    return ED_Q - x if x % 2 else x


ED_BY = 4 * pow(5, -1, ED_Q) % ED_Q
ED_B = (_ed_xrecover(ED_BY), ED_BY)


def _ed_add(p, q):
    (x1, y1), (x2, y2) = p, q
    t = ED_D * x1 * x2 * y1 * y2
    x3 = (x1 * y2 + x2 * y1) * pow(1 + t, -1, ED_Q)
    y3 = (y1 * y2 + x1 * x2) * pow(1 - t, -1, ED_Q)
    return x3 % ED_Q, y3 % ED_Q


def _ed_mul(k, p):
    result = (0, 1)
    while k:
        if k & 1:
            result = _ed_add(result, p)
        p = _ed_add(p, p)
        k >>= 1
    return result


def ed25519_public(seed: bytes) -> bytes:
    h = hashlib.sha512(seed).digest()
    a = int.from_bytes(h[:32], "little")
    a &= (1 << 254) - 8
    a |= 1 << 254
    x, y = _ed_mul(a, ED_B)
    return (y | ((x & 1) << 255)).to_bytes(32, "little")


def ssh_string(b: bytes) -> bytes:
    return len(b).to_bytes(4, "big") + b


def openssh_ed25519(r: Rand, comment: str) -> tuple[bytes, bytes]:
    seed = r.bytes(32)
    pk = ed25519_public(seed)
    pub_blob = ssh_string(b"ssh-ed25519") + ssh_string(pk)
    check = r.bytes(4)
    priv = check + check + pub_blob + ssh_string(seed + pk) + ssh_string(comment.encode())
    pad = 1
    while len(priv) % 8:
        priv += bytes([pad])
        pad += 1
    blob = (
        b"openssh-key-v1\x00" + ssh_string(b"none") + ssh_string(b"none") + ssh_string(b"")
        + (1).to_bytes(4, "big") + ssh_string(pub_blob) + ssh_string(priv)
    )
    return blob, pub_blob


def pem(label: str, data: bytes, width: int = 64) -> list[str]:
    b = base64.b64encode(data).decode()
    return [f"-----BEGIN {label}-----"] + [b[i:i + width] for i in range(0, len(b), width)] + [f"-----END {label}-----"]


def crc24(data: bytes) -> int:
    crc = 0xB704CE
    for byte in data:
        crc ^= byte << 16
        for _ in range(8):
            crc <<= 1
            if crc & 0x1000000:
                crc ^= 0x1864CFB
    return crc & 0xFFFFFF


def private_key_lines(kind: str, r: Rand) -> list[str]:
    if kind == "dsa":
        return pem("DSA PRIVATE KEY", g_dsa_like(r))
    if kind == "pkcs8-encrypted":
        # PBES2 EncryptedPrivateKeyInfo: algorithm identifier then random ciphertext
        algo = der_seq(bytes.fromhex("06092a864886f70d01050d"), der_seq(
            der_seq(bytes.fromhex("06092a864886f70d01050c"), der_seq(der(0x04, r.bytes(16)), der_int(2048),
                    der_seq(bytes.fromhex("06082a864886f70d020b"), b"\x05\x00"))),
            der_seq(bytes.fromhex("060960864801650304012a"), der(0x04, r.bytes(16)))))
        return pem("ENCRYPTED PRIVATE KEY", der_seq(algo, der(0x04, r.bytes(1232))))
    if kind == "ssh2-encrypted":
        b = base64.b64encode(bytes.fromhex("3f6ff9eb") + r.bytes(r.randint(900, 1000))).decode()
        return (["---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----", f'Comment: "{r.randint(2048, 4096)}-bit rsa, {r.word()}@{r.word()}"']
                + [b[i:i + 70] for i in range(0, len(b), 70)] + ["---- END SSH2 ENCRYPTED PRIVATE KEY ----"])
    if kind == "rsa":
        pkcs1, _, _ = rsa_key(r, r.choice([2048, 2048, 3072]))
        return pem("RSA PRIVATE KEY", pkcs1)
    if kind == "pkcs8":
        pkcs1, _, _ = rsa_key(r, 2048)
        return pem("PRIVATE KEY", pkcs8_rsa(pkcs1))
    if kind == "ec":
        return pem("EC PRIVATE KEY", ec_key(r))
    if kind == "openssh":
        blob, _ = openssh_ed25519(r, f"deploy@{r.word()}-{r.randint(1, 9)}")
        return pem("OPENSSH PRIVATE KEY", blob, 70)
    if kind == "pgp":
        body = bytes([0x95, 0x03, 0xC6]) + r.bytes(r.randint(900, 1100))
        b = base64.b64encode(body).decode()
        c = base64.b64encode(crc24(body).to_bytes(3, "big")).decode()
        return (["-----BEGIN PGP PRIVATE KEY BLOCK-----", ""] + [b[i:i + 64] for i in range(0, len(b), 64)]
                + ["=" + c, "-----END PGP PRIVATE KEY BLOCK-----"])
    if kind == "putty":
        pub = base64.b64encode(ssh_string(b"ssh-rsa") + r.bytes(270)).decode()
        prv = base64.b64encode(r.bytes(r.randint(650, 700))).decode()
        publ = [pub[i:i + 64] for i in range(0, len(pub), 64)]
        prvl = [prv[i:i + 64] for i in range(0, len(prv), 64)]
        return (["PuTTY-User-Key-File-3: ssh-rsa", "Encryption: none", f"Comment: rsa-key-2024{r.randint(1000, 1231)}",
                 f"Public-Lines: {len(publ)}"] + publ + [f"Private-Lines: {len(prvl)}"] + prvl
                + [f"Private-MAC: {r.hex(64)}"])
    raise ValueError(kind)


# ---------------------------------------------------------------------------------------
# Credential kinds
# ---------------------------------------------------------------------------------------


@dataclass
class Kind:
    name: str                 # rule family, e.g. "github.pat"
    provider: str
    gen: Callable[[Rand], str]
    keys: list[str]           # typical variable names (UPPER_SNAKE; converted per syntax)
    weight: float = 1.0
    rule_hint: str = ""       # regex over rule ids; default ^vp\.<provider>\.
    special: str = ""         # "pem", "gcp-sa-json", "vault-init", ... rendered specially
    where: tuple = ()         # only plain assignments in these file types (empty: any assign-capable,
                              # and the special contexts: shell history, notebooks, commented out)


def dollar_password(r: Rand) -> str:
    """A generated password holding `$` before or after its first digit (never `$$`, `${`, `$(`)."""
    value = (r.s(ALNUM, r.randint(2, 5)) + r.choice(["", "$"]) + r.s(ALNUM, r.randint(1, 3)) + r.s(DIGITS, 1)
             + "".join(r.s(ALNUM + "!@%*#$", 1) for _ in range(r.randint(6, 14))) + "$" + r.s(ALNUM, r.randint(0, 3)))
    while "$$" in value:
        value = value.replace("$$", "$" + r.s(ALNUM, 1), 1)
    return value


def pw_generated(r: Rand) -> str:
    style = r.randint(0, 5)
    if style == 0:
        return r.b64url(r.choice([12, 16, 18, 24]))          # secrets.token_urlsafe
    if style == 1:
        return r.hex(r.choice([16, 24, 32]))                  # openssl rand -hex
    if style == 2:
        return r.s(ALNUM + "!@%^*-_=+.:~", r.randint(14, 28))  # pwgen -sy / password manager
    if style == 3:
        return r.s(ALNUM, r.randint(16, 32))                  # pwgen -s
    if style == 4:
        return r.b64(r.choice([18, 24, 33]))                  # openssl rand -base64
    # human-chosen: Word + another Word + digits + symbol (one word twice, `Pepperpepper22*`,
    # falls under the generic rules' entropy floor)
    first, second = r.sample(HUMAN_WORDS, 2)
    return first + r.choice(["-", "_", "", "."]) + second.lower() + r.s(DIGITS, r.randint(2, 4)) + r.choice("!@%*#?")


def chosen_password(r: Rand) -> str:
    """A word and one to four digits, eight to fifteen characters, six of them distinct or
    more: how people pick a password they must type (`harbor42`)."""
    while True:
        value = r.choice(HUMAN_WORDS).lower() + r.s(DIGITS, r.randint(1, 4))
        if 8 <= len(value) <= 15 and len(set(value)) >= 6:
            return value


def url_pw(r: Rand) -> str:
    return r.s(ALNUM + "-_.~", r.randint(14, 26)) if r.random() < 0.7 else r.b64url(r.choice([12, 16, 18]))


def host(r: Rand, kind: str) -> str:
    w = r.word()
    return r.choice([
        f"{kind}.internal", f"{w}-{kind}.prod.svc.cluster.local", f"{kind}-{r.randint(1, 3)}.{w}.corp",
        f"{w}-{kind}.{r.choice(['c3x', 'ab7', 'q9z'])}{r.hex(6)}.us-east-1.rds.amazonaws.com"
        if kind == "db" else f"{kind}.{w}.net",
    ])


def g_db_url(r: Rand) -> str:
    user = r.choice(["app", "portarium", "svc_" + r.word(), "admin", r.word(), "postgres"])
    db = r.word()
    scheme = r.choice(["postgres", "postgresql", "postgresql", "mysql", "mongodb+srv", "redis", "amqp", "postgresql+psycopg2", "mariadb"])
    pw = url_pw(r)
    if scheme == "mongodb+srv":
        return f"mongodb+srv://{user}:{pw}@{r.word()}-cluster.{r.s(LOWER + DIGITS, 5)}.mongodb.net/{db}?retryWrites=true&w=majority"
    if scheme == "redis":
        return f"{r.choice(['redis', 'rediss'])}://{r.choice(['', 'default'])}:{pw}@{host(r, 'redis')}:6379/{r.randint(0, 3)}"
    if scheme == "amqp":
        return f"{r.choice(['amqp', 'amqps'])}://{user}:{pw}@{host(r, 'mq')}:5672/{r.word()}"
    port = 3306 if scheme in ("mysql", "mariadb") else 5432
    return f"{scheme}://{user}:{pw}@{host(r, 'db')}:{port}/{db}" + r.choice(["", "", "?sslmode=require", "?schema=public"])


def g_jdbc(r: Rand) -> str:
    pw = r.s(ALNUM + "!@%^*-_=+.~", r.randint(14, 24))
    return r.choice([
        f"jdbc:sqlserver://{host(r, 'db')}:1433;databaseName={r.word()};user=sa;password={pw};encrypt=true",
        f"Server=tcp:{r.word()}-sql.database.windows.net,1433;Initial Catalog={r.word()};User ID={r.word()}admin;Password={pw};Encrypt=True;",
        f"jdbc:postgresql://{host(r, 'db')}:5432/{r.word()}?user={r.word()}&password={r.s(ALNUM, r.randint(16, 24))}",
        f"Host={host(r, 'db')};Port=5432;Database={r.word()};Username={r.word()};Password={pw}",
    ])


def url_pw_slash(r: Rand) -> str:
    """A URL password, sometimes with an unencoded `/` (never right after a digit run)."""
    pw = url_pw(r)
    if r.random() < 0.3:
        cut = r.randint(3, len(pw) - 3)
        pw = pw[:cut] + r.choice(LOWER) + "/" + pw[cut:]
    return pw


def g_pg_url(r: Rand) -> str:
    scheme = r.choice(["postgres", "postgresql", "postgresql+asyncpg"])
    return f"{scheme}://{r.choice(['app', 'svc_' + r.word()])}:{url_pw_slash(r)}@{host(r, 'db')}:5432/{r.word()}"


def g_mysql_url(r: Rand) -> str:
    scheme = r.choice(["mysql", "mariadb", "mysql+pymysql"])
    return f"{scheme}://{r.choice(['app', 'web', r.word()])}:{url_pw_slash(r)}@{host(r, 'db')}:3306/{r.word()}"


def g_mysql_go_dsn(r: Rand) -> str:
    """Go's MySQL driver DSN: user:password@tcp(host:port)/db, the password sometimes holding an @."""
    pw = url_pw(r)
    if r.random() < 0.3:
        cut = r.randint(3, len(pw) - 3)
        pw = pw[:cut] + "@" + pw[cut:]
    return f"{r.choice(['app', 'web', r.word()])}:{pw}@tcp({host(r, 'db')}:3306)/{r.word()}?parseTime=true"


def g_mongo_url(r: Rand) -> str:
    if r.random() < 0.5:
        return f"mongodb+srv://{r.word()}:{url_pw_slash(r)}@{r.word()}-cluster.{r.s(LOWER + DIGITS, 5)}.mongodb.net/{r.word()}"
    return f"mongodb://{r.word()}:{url_pw_slash(r)}@{host(r, 'mongo')}:27017/{r.word()}?authSource=admin"


def g_redis_url(r: Rand) -> str:
    return f"{r.choice(['redis', 'rediss'])}://{r.choice(['', 'default'])}:{url_pw_slash(r)}@{host(r, 'redis')}:6379/{r.randint(0, 3)}"


def g_sqlserver_url(r: Rand) -> str:
    pw = r.s(ALNUM + "-_.~", r.randint(14, 24))
    return r.choice([
        f"sqlserver://sa:{pw}@{host(r, 'db')}:1433?database={r.word()}",
        f"mssql://{r.word()}:{pw}@{host(r, 'db')}:1433/{r.word()}",
        f"jdbc:sqlserver://{host(r, 'db')}:1433;databaseName={r.word()};user=sa;password={pw};encrypt=true",
    ])


def g_jdbc_engine(r: Rand, engine: str) -> str:
    pw = r.s(ALNUM, r.randint(16, 24))
    return f"jdbc:{engine}://{host(r, 'db')}:{3306 if engine != 'postgresql' else 5432}/{r.word()}?user={r.word()}&password={pw}"


def g_basic_url(r: Rand) -> str:
    return f"https://{r.word()}-bot:{url_pw(r)}@{r.choice(['nexus', 'artifactory', 'registry', 'git', 'jenkins'])}.{r.word()}.corp/{r.word()}"


def g_jwt(r: Rand) -> str:
    header = {"alg": "HS256", "typ": "JWT"}
    role = r.choice(["service_role", "admin", "service", "worker"])
    payload = {"iss": r.choice(["supabase", f"https://auth.{r.word()}.io", r.word()]), "role": role,
               "sub": r.uuid4(), "iat": 1700000000 + r.randint(0, 6000000), "exp": 2000000000 + r.randint(0, 90000000)}
    enc = lambda d: base64.urlsafe_b64encode(json.dumps(d, separators=(",", ":")).encode()).decode().rstrip("=")
    signing = f"{enc(header)}.{enc(payload)}"
    sig = base64.urlsafe_b64encode(hmac.new(r.bytes(32), signing.encode(), hashlib.sha256).digest()).decode().rstrip("=")
    return f"{signing}.{sig}"


def g_github_installation_jwt(r: Rand) -> str:
    """A GitHub App installation token in the JWT format of 2026: ghs_<app id>_<RS256 JWT>."""
    app = r.randint(10000, 9999999)
    iat = 1780000000 + r.randint(0, 6000000)
    enc = lambda d: base64.urlsafe_b64encode(json.dumps(d, separators=(",", ":")).encode()).decode().rstrip("=")
    signing = f"{enc({'alg': 'RS256', 'typ': 'JWT'})}.{enc({'iat': iat, 'exp': iat + 3600, 'iss': str(app)})}"
    return f"ghs_{app}_{signing}.{base64.urlsafe_b64encode(r.bytes(256)).decode().rstrip('=')}"


def g_pypi(r: Rand, location: str = "pypi.org") -> str:
    ident = r.uuid4().encode()
    caveat = json.dumps({"permissions": "user", "version": 1}).encode()
    mac = (bytes([2, 1, len(location)]) + location.encode() + bytes([2, len(ident)]) + ident + b"\x00"
           + bytes([2, len(caveat)]) + caveat + b"\x00\x00" + bytes([6, 32]) + r.bytes(32))
    return "pypi-" + base64.urlsafe_b64encode(mac).decode().rstrip("=")


def g_docker_auth(r: Rand) -> str:
    return base64.b64encode(f"{r.word()}bot:{checksummed('ghp', r) if r.random() < 0.3 else 'dckr_pat_' + r.s(B64URL, 27)}".encode()).decode()


def g_azure_sas_url(r: Rand) -> str:
    sig = base64.b64encode(r.bytes(32)).decode().replace("+", "%2B").replace("/", "%2F").replace("=", "%3D")
    return (f"https://{r.word()}{r.s(LOWER + DIGITS, 6)}.blob.core.windows.net/{r.word()}?sv=2022-11-02&ss=b&srt=sco"
            f"&sp=rwdlac&se=2026-0{r.randint(1, 9)}-1{r.randint(0, 9)}T00:00:00Z&st=2025-01-01T00:00:00Z&spr=https&sig={sig}")


def g_slack_webhook(r: Rand) -> str:
    return f"https://hooks.slack.com/services/T{r.s(UPPER + DIGITS, 10)}/B{r.s(UPPER + DIGITS, 10)}/{r.s(ALNUM, 24)}"


def g_discord_webhook(r: Rand) -> str:
    return f"https://discord.com/api/webhooks/{r.digits(19)}/{r.s(B64URL, 68)}"


def g_discord_bot(r: Rand) -> str:
    uid = base64.b64encode(r.digits(18).encode()).decode().rstrip("=")
    return f"{uid}.{r.s(B64URL, 6)}.{r.s(B64URL, 38)}"


def g_mapbox(r: Rand) -> str:
    payload = base64.b64encode(json.dumps({"u": r.word(), "a": "cl" + r.s(LOWER + DIGITS, 23)}, separators=(",", ":")).encode()).decode().rstrip("=")
    return f"sk.{payload}.{r.s(B64URL, 22)}"


def g_twitter_bearer(r: Rand) -> str:
    return "A" * 22 + r.s(ALNUM, 18) + "%2F" + r.s(ALNUM, 6) + "%3D" + r.s(ALNUM, 50)


def g_sentry_org(r: Rand) -> str:
    payload = base64.b64encode(json.dumps({"iat": 1700000000 + r.randint(0, 10**7), "url": "https://sentry.io",
                                           "region_url": "https://us.sentry.io", "org": r.word()}).encode()).decode().rstrip("=")
    return f"sntrys_{payload}_{r.s(ALNUM + '+/', 43)}"


def g_grafana_cloud(r: Rand) -> str:
    payload = base64.b64encode(json.dumps({"o": r.digits(6), "n": f"{r.word()}-token", "k": r.s(ALNUM, 24),
                                           "m": {"r": "prod-us-east-0"}}, separators=(",", ":")).encode()).decode().rstrip("=")
    return f"glc_{payload}"


def g_vault_service(r: Rand) -> str:
    # Vault >= 1.10 service token: hvs. + base64url of a protobuf (starts CAES...)
    return "hvs.CAESI" + r.s(B64URL, 86) + r.s(B64URL, 0)


def g_vault_batch(r: Rand) -> str:
    return "hvb.AAAAAQ" + r.s(B64URL, 130)


def g_fly(r: Rand) -> str:
    return "FlyV1 fm2_" + r.s(ALNUM + "+/", 380) + "==,fm2_" + r.s(ALNUM + "+/", 120) + "="


def g_aws_session(r: Rand) -> str:
    return "IQoJb3JpZ2luX2VjE" + r.s(ALNUM + "+/", r.choice([340, 420, 560])) + r.choice(["", "=", "=="])


def g_gcp_refresh(r: Rand) -> str:
    return "1//0" + r.choice("3456cdeg") + r.s(B64URL, 98)


def g_gcp_access(r: Rand) -> str:
    return "ya29.a0A" + r.s(B64URL, r.randint(150, 220))


def g_facebook(r: Rand) -> str:
    return "EAA" + r.choice("BGIJ") + r.s(ALNUM, r.randint(150, 200))


def g_heroku_new(r: Rand) -> str:
    return "HRKU-AA" + r.s(B64URL, 58)


def g_azure_client_secret(r: Rand) -> str:
    return r.s(ALNUM, 3) + r.choice(DIGITS) + "Q~" + r.s(ALNUM + "_~.-", 34)


def g_atlassian(r: Rand) -> str:
    return "ATATT3xFfGF0" + r.s(B64URL, 171) + "=" + r.s(DIGITS + "ABCDEF", 8)


def g_telegram(r: Rand) -> str:
    return f"{r.digits(r.choice([9, 10]))}:AA{r.s(B64URL, 33)}"


def g_pinecone(r: Rand) -> str:
    return f"pcsk_{r.s(ALNUM, 6)}_{r.s(ALNUM, 63)}"


def g_tfc(r: Rand) -> str:
    return f"{r.s(ALNUM, 14)}.atlasv1.{r.s(ALNUM, 67)}"


def g_cf_origin(r: Rand) -> str:
    return f"v1.0-{r.hex(24)}-{r.hex(146)}"


BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"


def bech32_encode(hrp: str, data: bytes) -> str:
    """BIP 173 bech32: hrp, '1', the data in 5-bit groups, then the 6-character checksum."""
    groups, acc, bits = [], 0, 0
    for byte in data:
        acc, bits = (acc << 8) | byte, bits + 8
        while bits >= 5:
            bits -= 5
            groups.append((acc >> bits) & 31)
    if bits:
        groups.append((acc << (5 - bits)) & 31)
    gen = [0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3]
    chk = 1
    for v in [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp] + groups + [0] * 6:
        top = chk >> 25
        chk = ((chk & 0x1FFFFFF) << 5) ^ v
        for i in range(5):
            chk ^= gen[i] if (top >> i) & 1 else 0
    chk ^= 1
    return hrp + "1" + "".join(BECH32[x] for x in groups + [(chk >> 5 * (5 - i)) & 31 for i in range(6)])


def g_age(r: Rand) -> str:
    # age writes X25519 identities as upper-case bech32 with a valid checksum.
    return bech32_encode("age-secret-key-", r.bytes(32)).upper()


def g_nkey_seed(r: Rand) -> str:
    # A NATS nkey seed: base32 of the seed prefix and the key type (user, account,
    # operator), 32 random bytes and the CRC-16 (XMODEM) of the rest, little-endian.
    key_type = r.choice([160, 0, 112])
    body = bytes([0x90 | (key_type >> 5), (key_type & 31) << 3]) + r.bytes(32)
    crc = 0
    for byte in body:
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else crc << 1
            crc &= 0xFFFF
    return base64.b32encode(body + crc.to_bytes(2, "little")).decode().rstrip("=")


def g_unseal(r: Rand) -> str:
    return base64.b64encode(r.bytes(33)).decode()


def g_braintree(r: Rand) -> str:
    return f"access_token$production${r.s(LOWER + DIGITS, 16)}${r.hex(32)}"


def g_openai(r: Rand) -> str:
    kind = r.choice(["proj", "proj", "proj", "svcacct", "admin", "legacy"])
    if kind == "legacy":
        return f"sk-{r.s(ALNUM, 20)}T3BlbkFJ{r.s(ALNUM, 20)}"
    n = r.choice([74, 58])
    return f"sk-{kind}-{r.s(B64URL, n)}T3BlbkFJ{r.s(B64URL, n)}"


def g_stripe_secret(r: Rand) -> str:
    if r.random() < 0.5:
        return "sk_live_" + r.s(ALNUM, 24)
    return "sk_live_51" + r.s(ALNUM, 97)


def g_stripe_restricted(r: Rand) -> str:
    if r.random() < 0.5:
        return "rk_live_" + r.s(ALNUM, 24)
    return "rk_live_51" + r.s(ALNUM, 97)


def g_slack_user(r: Rand) -> str:
    return f"xoxp-{r.digits(r.choice([10, 12, 13]))}-{r.digits(r.choice([10, 12, 13]))}-{r.digits(13)}-{r.hex(32)}"


def g_slack_bot(r: Rand) -> str:
    return f"xoxb-{r.digits(r.choice([10, 12, 13]))}-{r.digits(13)}-{r.s(ALNUM, 24)}"


def g_slack_app(r: Rand) -> str:
    return f"xapp-1-A{r.s(UPPER + DIGITS, 10)}-{r.digits(13)}-{r.hex(64)}"


def g_slack_config(r: Rand) -> str:
    return f"xoxe.xoxp-1-{r.s(ALNUM, 150)}"


def g_mailgun(r: Rand) -> str:
    return "key-" + r.hex(32) if r.random() < 0.5 else f"{r.hex(32)}-{r.hex(8)}-{r.hex(8)}"


def g_newrelic_license(r: Rand) -> str:
    return r.hex(36) + "NRAL"


def g_sendgrid(r: Rand) -> str:
    return f"SG.{r.s(B64URL, 22)}.{r.s(B64URL, 43)}"


def g_gcp_sa(r: Rand) -> str:
    raise NotImplementedError  # rendered specially


def g_bedrock(r: Rand) -> str:
    raw = f"BedrockAPIKey-{r.s(LOWER + DIGITS, 4)}-at-{r.digits(12)}:{r.b64(30)}"
    return "ABSK" + base64.b64encode(raw.encode()).decode()


def g_bedrock_short_term(r: Rand) -> str:
    url = (f"bedrock.amazonaws.com/?Action=CallWithBearerToken&X-Amz-Algorithm=AWS4-HMAC-SHA256"
           f"&X-Amz-Credential=ASIA{r.s(UPPER + DIGITS, 16)}%2F2026{r.digits(4)}%2Fus-east-1%2Fbedrock%2Faws4_request"
           f"&X-Amz-Expires=43200&X-Amz-Security-Token={r.s(ALNUM, 280)}&X-Amz-Signature={r.hex(64)}&Version=1")
    return "bedrock-api-key-" + base64.b64encode(url.encode()).decode()


def azure_identifiable(r: Rand, nbytes: int, sig: str, pos: int) -> str:
    """Microsoft 'identifiable' keys: base64 of random bytes with a 4-char signature
    (+ASt storage, ACDb Cosmos, +ASb Service Bus, +ACR registry, AzFu functions)."""
    raw = base64.b64encode(r.bytes(nbytes)).decode()
    return raw[:pos] + sig + raw[pos + 4:]


def g_azure_storage_key(r: Rand) -> str:
    return r.b64(64) if r.random() < 0.5 else azure_identifiable(r, 64, "+ASt", 76)


def g_azure_conn(r: Rand) -> str:
    return (f"DefaultEndpointsProtocol=https;AccountName={r.word()}{r.s(LOWER + DIGITS, 6)};"
            f"AccountKey={g_azure_storage_key(r)};EndpointSuffix=core.windows.net")


def g_azure_sb(r: Rand) -> str:
    key = r.b64(32) if r.random() < 0.5 else azure_identifiable(r, 32, "+ASb", 33)
    return (f"Endpoint=sb://{r.word()}-{r.choice(['bus', 'events', 'hub'])}.servicebus.windows.net/;"
            f"SharedAccessKeyName={r.choice(['RootManageSharedAccessKey', 'send-listen', 'app'])};SharedAccessKey={key}")


def g_cosmos(r: Rand) -> str:
    key = r.b64(64) if r.random() < 0.5 else azure_identifiable(r, 64, "ACDb", 76)
    return f"AccountEndpoint=https://{r.word()}-{r.s(LOWER, 4)}.documents.azure.com:443/;AccountKey={key};"


def g_azure_iot(r: Rand) -> str:
    who = r.choice([f"DeviceId={r.word()}-{r.randint(1, 99)}", "SharedAccessKeyName=iothubowner", "SharedAccessKeyName=service"])
    return f"HostName={r.word()}-hub.azure-devices.net;{who};SharedAccessKey={r.b64(32)}"


def g_azure_appconfig(r: Rand) -> str:
    return f"Endpoint=https://{r.word()}-appcs.azconfig.io;Id={r.s(ALNUM, 4)}-l0-s0:{r.s(ALNUM, 20)};Secret={r.b64(32)}"


def g_azure_signalr(r: Rand) -> str:
    return f"Endpoint=https://{r.word()}-signalr.service.signalr.net;AccessKey={r.b64(32)};Version=1.0;"


def g_azure_devops(r: Rand) -> str:
    if r.random() < 0.5:
        return r.s(LOWER + "234567", 52)
    return r.s(ALNUM, 52) + "JQQJ99" + r.s(ALNUM, 18) + "AZDO" + r.s(ALNUM, 4)


def g_azure_ai(r: Rand) -> str:
    return r.s(ALNUM, 52) + "JQQJ99" + r.s(ALNUM, 18) + "ACOG" + r.s(ALNUM, 4)


def g_azure_function_key(r: Rand) -> str:
    return r.s(B64URL, 44) + "AzFu" + r.s(B64URL, 6) + "=="


def g_cf_prefixed(r: Rand) -> str:
    """A Cloudflare token or key in the scannable format: prefix, 40 characters, their CRC-32 in hex."""
    body = r.s(ALNUM, 40)
    return r.choice(["cfk_", "cfut_", "cfat_"]) + body + f"{zlib.crc32(body.encode()):08x}"


def g_acr_password(r: Rand) -> str:
    return r.s(ALNUM + "+/", 42) + "+ACR" + r.s(ALNUM, 6)


def g_fcm(r: Rand) -> str:
    return f"AAAA{r.s(B64URL, 7)}:APA91b{r.s(B64URL, 134)}"


def g_gitlab(prefix: str, n: int = 20) -> Callable[[Rand], str]:
    def gen(r: Rand) -> str:
        if n == 20 and r.random() < 0.3:  # GitLab 17+ routable token
            return f"{prefix}{r.s(B64URL, r.randint(27, 40))}.01.{r.s(LOWER + DIGITS, 9)}"
        return prefix + r.s(B64URL, n)
    return gen


def g_slack_xoxd(r: Rand) -> str:
    raw = base64.b64encode(r.bytes(r.randint(110, 160))).decode()
    return "xoxd-" + raw.replace("+", "%2B").replace("/", "%2F").replace("=", "%3D")


def g_slack_workflow(r: Rand) -> str:
    if r.randint(0, 1):  # Workflow Builder's webhook: team, app, trigger ids, 24 letters and digits
        return (f"https://hooks.slack.com/workflows/T{r.s(UPPER + DIGITS, r.randint(8, 10))}/A{r.s(UPPER + DIGITS, 10)}"
                f"/{r.digits(18)}/{r.s(ALNUM, 24)}")
    return f"https://hooks.slack.com/triggers/T{r.s(UPPER + DIGITS, 10)}/{r.digits(16)}/{r.hex(32)}"


def g_k8s_sa_jwt(r: Rand) -> str:
    header = {"alg": "RS256", "kid": r.b64url(32)}
    ns, sa = r.word(), f"{r.word()}-sa"
    payload = {"iss": "kubernetes/serviceaccount", "kubernetes.io/serviceaccount/namespace": ns,
               "kubernetes.io/serviceaccount/secret.name": f"{sa}-token-{r.s(LOWER + DIGITS, 5)}",
               "kubernetes.io/serviceaccount/service-account.name": sa,
               "kubernetes.io/serviceaccount/service-account.uid": r.uuid4(), "sub": f"system:serviceaccount:{ns}:{sa}"}
    enc = lambda d: base64.urlsafe_b64encode(json.dumps(d, separators=(",", ":")).encode()).decode().rstrip("=")
    return f"{enc(header)}.{enc(payload)}.{r.b64url(256)}"


def g_ecr_token(r: Rand) -> str:
    # `aws ecr get-authorization-token`: base64 of `AWS:` and the encrypted payload's JSON in base64
    body = json.dumps({"payload": r.b64(800), "datakey": r.b64(240), "version": "2", "type": "DATA_KEY",
                       "expiration": 1733400000 + r.randint(0, 10**6)}, separators=(",", ":"))
    return base64.b64encode(b"AWS:" + base64.b64encode(body.encode())).decode()


def g_dsa_like(r: Rand) -> bytes:
    # SEQUENCE { version, p, q, g, y, x }: structure of an OpenSSL DSA key, random values
    p = r.getrandbits(2048) | (1 << 2047) | 1
    q = r.getrandbits(256) | (1 << 255) | 1
    return der_seq(der_int(0), der_int(p), der_int(q), der_int(r.getrandbits(2047)), der_int(r.getrandbits(2047)), der_int(r.getrandbits(255)))


K: list[Kind] = [
    # --- AWS
    Kind("aws.access-key-id", "aws", lambda r: "AKIA" + r.s(B32, 16),
         ["AWS_ACCESS_KEY_ID", "aws_access_key_id", "ACCESS_KEY_ID", "S3_ACCESS_KEY"], 4, r"^vp\.aws\.(access-key|akia|key-id)"),
    Kind("aws.secret-access-key", "aws", lambda r: r.s(ALNUM + "+/", 40),
         ["AWS_SECRET_ACCESS_KEY", "aws_secret_access_key", "SECRET_ACCESS_KEY", "S3_SECRET_KEY"], 4, r"^vp\.aws\.secret"),
    Kind("aws.session-token", "aws", g_aws_session, ["AWS_SESSION_TOKEN", "aws_session_token"], 1, r"^vp\.aws\.session"),
    Kind("aws.credentials-csv", "aws", lambda r: "csv", [], 1, r"^vp\.aws\.credentials-csv", special="aws-csv"),
    Kind("aws.mws-auth-token", "aws", lambda r: "amzn.mws." + r.uuid4(), ["MWS_AUTH_TOKEN", "AMAZON_MWS_AUTH_TOKEN"], 1, r"^vp\.aws\.mws"),
    Kind("aws.bedrock-api-key", "aws", g_bedrock, ["AWS_BEARER_TOKEN_BEDROCK", "BEDROCK_API_KEY"], 1, r"^vp\.aws\.bedrock"),
    Kind("aws.bedrock-short-term-key", "aws", g_bedrock_short_term, ["AWS_BEARER_TOKEN_BEDROCK"], 1, r"^vp\.aws\.bedrock-short"),
    Kind("aws.ecr-authorization-token", "aws", g_ecr_token, ["ECR_AUTHORIZATION_TOKEN", "authorizationToken"], 1, r"^vp\.aws\.ecr"),
    # --- GCP
    Kind("gcp.api-key", "gcp", lambda r: "AIza" + r.s(B64URL, 35),
         ["GOOGLE_API_KEY", "GEMINI_API_KEY", "MAPS_API_KEY", "FIREBASE_API_KEY", "GCP_API_KEY"], 3, r"^vp\.(gcp|google)\..*api-key"),
    Kind("gcp.service-account", "gcp", g_gcp_sa, ["GOOGLE_APPLICATION_CREDENTIALS_JSON"], 2,
         r"^vp\.(gcp|google)\..*(service-account|sa-key|credentials)", special="gcp-sa"),
    Kind("gcp.oauth-client-secret", "gcp", lambda r: "GOCSPX-" + r.s(B64URL, 28),
         ["GOOGLE_CLIENT_SECRET", "OAUTH_CLIENT_SECRET", "client_secret"], 2, r"^vp\.(gcp|google)\..*client-secret"),
    Kind("gcp.oauth-refresh-token", "gcp", g_gcp_refresh, ["GOOGLE_REFRESH_TOKEN", "refresh_token"], 1, r"^vp\.(gcp|google)\..*refresh"),
    Kind("gcp.oauth-access-token", "gcp", g_gcp_access, ["GOOGLE_ACCESS_TOKEN", "access_token"], 1, r"^vp\.(gcp|google)\..*access-token"),
    Kind("gcp.fcm-server-key", "gcp", g_fcm, ["FCM_SERVER_KEY", "FIREBASE_SERVER_KEY"], 1, r"^vp\.gcp\.fcm"),
    # Gmail app passwords: 16 lowercase letters, under a password name (in mail settings
    # mostly), in config and in the code that sends mail.
    Kind("google.app-password", "google", lambda r: r.s(LOWER, 16),
         ["EMAIL_HOST_PASSWORD", "SMTP_PASSWORD", "MAIL_PASSWORD", "SENDER_PASSWORD", "GMAIL_APP_PASSWORD"], 1,
         r"^vp\.google\.app-password", where=("env", "yaml", "py", "js", "java", "cs", "php", "props")),
    # --- Azure
    Kind("azure.storage-connection-string", "azure", g_azure_conn,
         ["AZURE_STORAGE_CONNECTION_STRING", "AzureWebJobsStorage", "STORAGE_CONNECTION_STRING"], 3, r"^vp\.azure\.storage-(connection-string|account-key-identifiable)"),
    Kind("azure.storage-account-key", "azure", g_azure_storage_key, ["AZURE_STORAGE_KEY", "AZURE_STORAGE_ACCOUNT_KEY", "storage_account_key"], 1,
         r"^vp\.azure\.storage-account-key"),
    Kind("azure.client-secret", "azure", g_azure_client_secret, ["AZURE_CLIENT_SECRET", "ARM_CLIENT_SECRET", "clientSecret"], 3, r"^vp\.azure\..*client-secret"),
    Kind("azure.sas-url", "azure", g_azure_sas_url, ["AZURE_BLOB_SAS_URL", "BACKUP_CONTAINER_URL", "sas_url"], 1, r"^vp\.azure\..*sas"),
    Kind("azure.service-bus", "azure", g_azure_sb, ["SERVICEBUS_CONNECTION_STRING", "EVENTHUB_CONNECTION_STRING"], 1, r"^vp\.azure\.service-bus"),
    Kind("azure.cosmos", "azure", g_cosmos, ["COSMOS_CONNECTION_STRING", "CosmosDb"], 1, r"^vp\.azure\..*cosmos"),
    Kind("azure.devops-pat", "azure", g_azure_devops, ["AZURE_DEVOPS_PAT", "AZDO_PERSONAL_ACCESS_TOKEN", "ADO_PAT"], 1, r"^vp\.azure\..*devops"),
    Kind("azure.iot-hub", "azure", g_azure_iot, ["IOTHUB_CONNECTION_STRING", "IOTHUB_DEVICE_CONNECTION_STRING"], 1, r"^vp\.azure\.iot"),
    Kind("azure.ai-services-key", "azure", g_azure_ai, ["AZURE_AI_SERVICES_KEY", "COGNITIVE_SERVICES_KEY"], 1, r"^vp\.azure\.ai-services"),
    Kind("azure.function-key", "azure", g_azure_function_key, ["AZURE_FUNCTION_KEY", "FUNCTIONS_KEY"], 1, r"^vp\.azure\.function", special="function-url"),
    Kind("azure.app-configuration", "azure", g_azure_appconfig, ["AZURE_APPCONFIG_CONNECTION_STRING"], 1, r"^vp\.azure\.app-configuration"),
    Kind("azure.signalr", "azure", g_azure_signalr, ["AZURE_SIGNALR_CONNECTION_STRING"], 1, r"^vp\.azure\.signalr"),
    Kind("azure.acr-password", "azure", g_acr_password, ["ACR_PASSWORD", "REGISTRY_PASSWORD"], 1, r"^vp\.azure\.container-registry"),
    Kind("azure.openai-key", "azure", lambda r: r.hex(32), ["AZURE_OPENAI_API_KEY", "AZURE_OPENAI_KEY"], 1, r"^vp\.azure\..*openai"),
    # --- GitHub
    Kind("github.pat", "github", lambda r: checksummed("ghp", r), ["GITHUB_TOKEN", "GH_TOKEN", "GITHUB_PERSONAL_ACCESS_TOKEN", "GH_PAT"], 5, r"^vp\.github\.pat\."),
    Kind("github.oauth", "github", lambda r: checksummed("gho", r), ["GITHUB_OAUTH_TOKEN", "oauth_token"], 1, r"^vp\.github\.oauth\."),
    Kind("github.user-to-server", "github", lambda r: checksummed("ghu", r), ["GITHUB_USER_TOKEN"], 1, r"^vp\.github\.user-to-server\."),
    Kind("github.server-to-server", "github", lambda r: checksummed("ghs", r), ["GH_INSTALLATION_TOKEN", "GITHUB_APP_TOKEN"], 1, r"^vp\.github\.server-to-server\."),
    Kind("github.server-to-server-jwt", "github", g_github_installation_jwt, ["GH_INSTALLATION_TOKEN", "GITHUB_APP_TOKEN"], 1, r"^vp\.github\.server-to-server-jwt\."),
    Kind("github.refresh", "github", lambda r: checksummed("ghr", r), ["GITHUB_REFRESH_TOKEN"], 1, r"^vp\.github\.refresh\."),
    Kind("github.fine-grained-pat", "github", lambda r: f"github_pat_11{r.s(UPPER + DIGITS, 20)}_{r.s(ALNUM, 59)}",
         ["GITHUB_TOKEN", "GH_FINE_GRAINED_TOKEN", "GITHUB_PAT"], 2, r"^vp\.github\.fine-grained"),
    # --- GitLab
    Kind("gitlab.pat", "gitlab", g_gitlab("glpat-"), ["GITLAB_TOKEN", "GITLAB_PRIVATE_TOKEN", "CI_PUSH_TOKEN"], 3, r"^vp\.gitlab\.(pat|personal)"),
    Kind("gitlab.deploy-token", "gitlab", g_gitlab("gldt-"), ["GITLAB_DEPLOY_TOKEN"], 1, r"^vp\.gitlab\.deploy"),
    Kind("gitlab.runner-token", "gitlab", g_gitlab("glrt-"), ["RUNNER_TOKEN", "CI_RUNNER_TOKEN"], 1, r"^vp\.gitlab\.runner-(auth|token)"),
    Kind("gitlab.scim-token", "gitlab", g_gitlab("glsoat-"), ["GITLAB_SCIM_TOKEN"], 1, r"^vp\.gitlab\.scim"),
    Kind("gitlab.ci-job-token", "gitlab", lambda r: f"glcbt-{r.s(ALNUM, 2)}_{r.s(B64URL, 20)}", ["CI_JOB_TOKEN"], 1, r"^vp\.gitlab\.ci-job"),
    Kind("gitlab.oauth-app-secret", "gitlab", g_gitlab("gloas-", 64), ["GITLAB_OAUTH_SECRET", "OMNIAUTH_GITLAB_SECRET"], 1, r"^vp\.gitlab\.oauth-app"),
    Kind("gitlab.feed-token", "gitlab", g_gitlab("glft-"), ["GITLAB_FEED_TOKEN"], 1, r"^vp\.gitlab\.feed"),
    Kind("gitlab.workspace-token", "gitlab", g_gitlab("glwt-"), ["GITLAB_WORKSPACE_TOKEN"], 1, r"^vp\.gitlab\.workspace"),
    Kind("gitlab.incoming-mail-token", "gitlab", lambda r: "glimt-" + r.s(ALNUM, 25), ["INCOMING_EMAIL_TOKEN"], 1, r"^vp\.gitlab\.incoming-mail"),
    Kind("gitlab.agent-token", "gitlab", g_gitlab("glagent-", 50), ["GITLAB_AGENT_TOKEN"], 1, r"^vp\.gitlab\.agent"),
    Kind("gitlab.feature-flag-client-token", "gitlab", g_gitlab("glffct-"), ["UNLEASH_INSTANCE_TOKEN"], 1, r"^vp\.gitlab\.feature-flag"),
    Kind("gitlab.session-cookie", "gitlab", lambda r: r.hex(32), [], 1, r"^vp\.gitlab\.session", special="gitlab-cookie"),
    Kind("gitlab.runner-registration", "gitlab", lambda r: "GR1348941" + r.s(B64URL, 20), ["REGISTRATION_TOKEN"], 1, r"^vp\.gitlab\.runner-reg"),
    Kind("gitlab.pipeline-trigger", "gitlab", lambda r: "glptt-" + r.hex(40), ["TRIGGER_TOKEN"], 1, r"^vp\.gitlab\.(pipeline|trigger)"),
    # --- Slack
    Kind("slack.bot-token", "slack", g_slack_bot, ["SLACK_BOT_TOKEN", "SLACK_TOKEN"], 3, r"^vp\.slack\.bot"),
    Kind("slack.user-token", "slack", g_slack_user, ["SLACK_USER_TOKEN"], 1, r"^vp\.slack\.user"),
    Kind("slack.app-token", "slack", g_slack_app, ["SLACK_APP_TOKEN"], 1, r"^vp\.slack\.app"),
    Kind("slack.config-token", "slack", g_slack_config, ["SLACK_CONFIG_TOKEN"], 1, r"^vp\.slack\.config-access"),
    Kind("slack.config-refresh-token", "slack", lambda r: "xoxe-1-" + r.s(ALNUM, 146), ["SLACK_CONFIG_REFRESH_TOKEN"], 1, r"^vp\.slack\.config-refresh"),
    Kind("slack.workspace-app-token", "slack", lambda r: f"xoxa-2-{r.digits(12)}-{r.digits(12)}-{r.digits(13)}-{r.hex(64)}", ["SLACK_APP_OAUTH_TOKEN"], 1, r"^vp\.slack\.workspace-app"),
    Kind("slack.refresh-token", "slack", lambda r: f"xoxr-{r.digits(12)}-{r.s(ALNUM, 60)}", ["SLACK_REFRESH_TOKEN"], 1, r"^vp\.slack\.refresh"),
    Kind("slack.client-token", "slack", lambda r: f"xoxc-{r.digits(12)}-{r.digits(12)}-{r.digits(13)}-{r.hex(64)}", ["SLACK_XOXC_TOKEN"], 1, r"^vp\.slack\.client-token"),
    Kind("slack.session-cookie", "slack", g_slack_xoxd, ["SLACK_D_COOKIE", "SLACK_COOKIE"], 1, r"^vp\.slack\.session-cookie"),
    Kind("slack.signing-secret", "slack", lambda r: r.hex(32), ["SLACK_SIGNING_SECRET", "SLACK_CLIENT_SECRET"], 1, r"^vp\.slack\.signing"),
    Kind("slack.webhook", "slack", g_slack_webhook, ["SLACK_WEBHOOK_URL", "slack_webhook", "ALERT_WEBHOOK"], 3, r"^vp\.slack\.webhook"),
    Kind("slack.workflow-webhook", "slack", g_slack_workflow, ["SLACK_WORKFLOW_WEBHOOK"], 1, r"^vp\.slack\.workflow"),
    # --- Stripe
    Kind("stripe.secret-key", "stripe", g_stripe_secret, ["STRIPE_SECRET_KEY", "STRIPE_API_KEY", "STRIPE_KEY", "stripe_secret"], 5, r"^vp\.stripe\.secret-key"),
    Kind("stripe.restricted-key", "stripe", g_stripe_restricted, ["STRIPE_RESTRICTED_KEY", "STRIPE_KEY"], 1, r"^vp\.stripe\.restricted"),
    Kind("stripe.test-secret-key", "stripe", lambda r: "sk_test_" + (r.s(ALNUM, 24) if r.random() < 0.5 else "51" + r.s(ALNUM, 97)), ["STRIPE_SECRET_KEY", "STRIPE_TEST_SECRET_KEY"], 1, r"^vp\.stripe\.test-secret"),
    Kind("stripe.test-restricted-key", "stripe", lambda r: "rk_test_" + r.s(ALNUM, 24), ["STRIPE_TEST_RESTRICTED_KEY"], 1, r"^vp\.stripe\.test-restricted"),
    Kind("stripe.webhook-secret", "stripe", lambda r: "whsec_" + r.s(ALNUM, 32), ["STRIPE_WEBHOOK_SECRET", "webhook_secret"], 2, r"^vp\.stripe\.webhook"),
    # --- Twilio / messaging / email
    Kind("twilio.api-key-secret", "twilio", lambda r: r.s(ALNUM, 32), [], 1, r"^vp\.twilio\.api-key", special="twilio-api-key"),
    Kind("twilio.auth-token", "twilio", lambda r: r.hex(32), ["TWILIO_AUTH_TOKEN", "twilio_auth_token"], 2, r"^vp\.twilio\.(auth|account-sid)", special="twilio-auth"),
    Kind("postmark.server-token", "postmark", lambda r: r.uuid4(), ["POSTMARK_SERVER_TOKEN", "POSTMARK_API_TOKEN"], 1, r"^vp\.postmark\.server"),
    Kind("postmark.account-token", "postmark", lambda r: r.uuid4(), ["POSTMARK_ACCOUNT_TOKEN"], 1, r"^vp\.postmark\.account"),
    Kind("mailgun.webhook-signing-key", "mailgun", lambda r: r.hex(32), ["MAILGUN_WEBHOOK_SIGNING_KEY", "MAILGUN_SIGNING_KEY"], 1, r"^vp\.mailgun\.webhook"),
    Kind("sendgrid.api-key", "sendgrid", g_sendgrid, ["SENDGRID_API_KEY", "SMTP_PASSWORD"], 3),
    Kind("mailgun.api-key", "mailgun", g_mailgun, ["MAILGUN_API_KEY"], 1, r"^vp\.mailgun\.(api-key|private-api-key)"),
    Kind("mailchimp.api-key", "mailchimp", lambda r: f"{r.hex(32)}-us{r.randint(1, 21)}", ["MAILCHIMP_API_KEY"], 1),
    Kind("brevo.api-key", "brevo", lambda r: f"xkeysib-{r.hex(64)}-{r.s(ALNUM, 16)}", ["BREVO_API_KEY", "SENDINBLUE_API_KEY"], 1, r"^vp\.(brevo|sendinblue)\."),
    Kind("telegram.bot-token", "telegram", g_telegram, ["TELEGRAM_BOT_TOKEN"], 1),
    Kind("telegram.api-hash", "telegram", lambda r: r.hex(32), ["API_HASH", "TELEGRAM_API_HASH", "TG_API_HASH"], 1, r"^vp\.telegram\.api-hash"),
    Kind("discord.bot-token", "discord", g_discord_bot, ["DISCORD_BOT_TOKEN", "DISCORD_TOKEN"], 1, r"^vp\.discord\.(bot|token)"),
    Kind("discord.client-secret", "discord", lambda r: r.s(B64URL, 32), ["DISCORD_CLIENT_SECRET"], 1, r"^vp\.discord\.client-secret"),
    Kind("discord.webhook", "discord", g_discord_webhook, ["DISCORD_WEBHOOK_URL"], 1, r"^vp\.discord\.webhook"),
    # --- AI
    Kind("openai.api-key", "openai", g_openai, ["OPENAI_API_KEY", "OPENAI_KEY", "openai_api_key"], 4),
    Kind("anthropic.api-key", "anthropic", lambda r: "sk-ant-api03-" + r.s(B64URL, 93) + "AA", ["ANTHROPIC_API_KEY", "CLAUDE_API_KEY"], 3, r"^vp\.anthropic\.(api|key)"),
    Kind("anthropic.admin-key", "anthropic", lambda r: "sk-ant-admin01-" + r.s(B64URL, 93) + "AA", ["ANTHROPIC_ADMIN_KEY"], 1, r"^vp\.anthropic\.admin"),
    Kind("huggingface.token", "huggingface", lambda r: "hf_" + r.s(string.ascii_letters, 34), ["HF_TOKEN", "HUGGINGFACE_TOKEN", "HUGGING_FACE_HUB_TOKEN"], 2, r"^vp\.(hf|huggingface)\."),
    Kind("groq.api-key", "groq", lambda r: "gsk_" + r.s(ALNUM, 52), ["GROQ_API_KEY"], 1),
    Kind("replicate.api-token", "replicate", lambda r: "r8_" + r.s(ALNUM, 37), ["REPLICATE_API_TOKEN"], 1),
    Kind("perplexity.api-key", "perplexity", lambda r: "pplx-" + r.s(ALNUM, 48), ["PERPLEXITY_API_KEY"], 1),
    Kind("brave.search-api-key", "brave", lambda r: "BSA" + r.s(B64URL, 28), ["BRAVE_API_KEY", "BRAVE_SEARCH_API_KEY"], 1),
    Kind("xai.api-key", "xai", lambda r: "xai-" + r.s(ALNUM, 80), ["XAI_API_KEY", "GROK_API_KEY"], 1),
    Kind("langsmith.api-key", "langsmith", lambda r: f"lsv2_{r.choice(['pt', 'sk'])}_{r.hex(32)}_{r.hex(10)}", ["LANGSMITH_API_KEY", "LANGCHAIN_API_KEY"], 1, r"^vp\.(langsmith|langchain)\."),
    Kind("pinecone.api-key", "pinecone", g_pinecone, ["PINECONE_API_KEY"], 1),
    # --- HashiCorp
    Kind("vault.service-token", "vault", g_vault_service, ["VAULT_TOKEN", "vault_token", "X-Vault-Token"], 3, r"^vp\.vault\.service-token"),
    Kind("vault.root-token", "vault", lambda r: "hvs." + r.s(ALNUM, 24), ["VAULT_TOKEN", "VAULT_ROOT_TOKEN", "root_token"], 3, r"^vp\.vault\.(service|root)-token"),
    Kind("vault.batch-token", "vault", g_vault_batch, ["VAULT_TOKEN"], 1, r"^vp\.vault\.batch"),
    Kind("vault.recovery-token", "vault", lambda r: "hvr." + r.s(B64URL, r.choice([24, 90])), ["VAULT_RECOVERY_TOKEN"], 1, r"^vp\.vault\.recovery-token"),
    Kind("vault.legacy-token", "vault", lambda r: "s." + r.s(ALNUM, 24), ["VAULT_TOKEN", "vault_token", "VAULT_DEV_ROOT_TOKEN_ID"], 1, r"^vp\.vault\.legacy"),
    Kind("vault.unseal-key", "vault", g_unseal, ["VAULT_UNSEAL_KEY", "UNSEAL_KEY_1", "unseal_key"], 2, r"^vp\.vault\.(unseal|init-json)", special="vault-init"),
    Kind("vault.approle-secret-id", "vault", lambda r: r.uuid4(), ["VAULT_SECRET_ID", "secret_id", "VAULT_APPROLE_SECRET_ID"], 1, r"^vp\.vault\..*(approle|secret-id)"),
    # Vault's tokens in UUID form (before 0.10, and a dev server's root token id).
    Kind("vault.uuid-token", "vault", lambda r: r.uuid4(), ["VAULT_TOKEN", "VAULT_DEV_ROOT_TOKEN_ID", "X-Vault-Token"], 1, r"^vp\.vault\.uuid"),
    Kind("vault.login-response-token", "vault", lambda r: "", [], 1, r"^vp\.vault\.(login-response|service|root)", special="vault-login-response"),
    Kind("terraform.cloud-token", "terraform", g_tfc, ["TFE_TOKEN", "TF_TOKEN_app_terraform_io"], 1, r"^vp\.terraform\.cloud"),
    Kind("hashicorp.hcp-client-secret", "hashicorp", lambda r: r.s(B64URL, 64), ["HCP_CLIENT_SECRET"], 1, r"^vp\.hashicorp\.hcp"),
    # --- Private keys
    Kind("private-key.rsa", "private-key", lambda r: "rsa", [], 3, r"^vp\.private-key\.rsa\.", special="pem"),
    Kind("private-key.pkcs8", "private-key", lambda r: "pkcs8", [], 2, r"^vp\.private-key\.pkcs8\.", special="pem"),
    Kind("private-key.ec", "private-key", lambda r: "ec", [], 1, r"^vp\.private-key\.ec\.", special="pem"),
    Kind("private-key.dsa", "private-key", lambda r: "dsa", [], 1, r"^vp\.private-key\.dsa\.", special="pem"),
    Kind("private-key.openssh", "private-key", lambda r: "openssh", [], 2, r"^vp\.private-key\.openssh\.", special="pem"),
    Kind("private-key.pgp", "private-key", lambda r: "pgp", [], 1, r"^vp\.private-key\.pgp\.", special="pem"),
    Kind("private-key.putty", "private-key", lambda r: "putty", [], 1, r"^vp\.private-key\.putty\.", special="pem"),
    Kind("private-key.pkcs8-encrypted", "private-key", lambda r: "pkcs8-encrypted", [], 1, r"^vp\.private-key\.pkcs8-encrypted", special="pem"),
    Kind("private-key.ssh2-encrypted", "private-key", lambda r: "ssh2-encrypted", [], 1, r"^vp\.private-key\.ssh2", special="pem"),
    Kind("private-key.age", "private-key", g_age, ["AGE_SECRET_KEY", "SOPS_AGE_KEY"], 1, r"^vp\.(private-key\.)?age\."),
    Kind("private-key.nkey-seed", "private-key", g_nkey_seed, ["NATS_SEED", "NKEY_SEED", "NATS_NKEY_SEED"], 1, r"^vp\.nats\.nkey-seed"),
    Kind("private-key.wireguard", "private-key", lambda r: r.b64(32), [], 1, r"^vp\.private-key\.wireguard", special="wireguard"),
    # --- Databases and URLs with passwords
    Kind("db.url-password", "database", g_db_url, ["DATABASE_URL", "POSTGRES_URL", "MONGODB_URI", "REDIS_URL", "CELERY_BROKER_URL", "SQLALCHEMY_DATABASE_URI"], 8,
         r"^vp\.(postgres|mysql|mongodb|redis|rabbitmq)\.|^vp\.generic\.url-credentials"),
    Kind("db.connection-string", "database", g_jdbc, ["ConnectionStrings__Default", "JDBC_URL", "DB_CONNECTION_STRING"], 2,
         r"^vp\.(mssql|database)\."),
    # One kind per engine: the label (rule provider) must follow the URL's scheme.
    Kind("db.url-postgres", "database", g_pg_url, ["DATABASE_URL", "PG_DSN"], 1, r"^vp\.postgres\."),
    Kind("db.url-mysql", "database", g_mysql_url, ["DATABASE_URL", "MYSQL_URL"], 1, r"^vp\.mysql\."),
    Kind("db.go-dsn-mysql", "database", g_mysql_go_dsn, ["MYSQL_DSN", "DB_DSN", "DATABASE_DSN"], 1, r"^vp\.mysql\.go-dsn",
         where=("env", "yaml", "go", "compose", "k8s")),
    Kind("db.url-mongodb", "database", g_mongo_url, ["MONGODB_URI", "MONGO_URL"], 1, r"^vp\.mongodb\."),
    Kind("db.url-redis", "database", g_redis_url, ["REDIS_URL", "CACHE_URL"], 1, r"^vp\.redis\."),
    Kind("db.url-sqlserver", "database", g_sqlserver_url, ["DATABASE_URL", "MSSQL_URL"], 1, r"^vp\.mssql\."),
    Kind("db.jdbc-postgres", "database", lambda r: g_jdbc_engine(r, "postgresql"), ["JDBC_URL", "SPRING_DATASOURCE_URL"], 1, r"^vp\.postgres\."),
    Kind("db.jdbc-mysql", "database", lambda r: g_jdbc_engine(r, r.choice(["mysql", "mariadb"])), ["JDBC_URL", "SPRING_DATASOURCE_URL"], 1, r"^vp\.mysql\."),
    Kind("url.basic-auth", "generic", g_basic_url, ["NEXUS_URL", "REGISTRY_URL", "GIT_REMOTE"], 2, r"^vp\.generic\.url-credentials"),
    # --- Generic assignments
    Kind("generic.password", "generic", pw_generated,
         ["DB_PASSWORD", "DATABASE_PASSWORD", "POSTGRES_PASSWORD", "MYSQL_ROOT_PASSWORD", "REDIS_PASSWORD", "SMTP_PASSWORD",
          "KEYCLOAK_ADMIN_PASSWORD", "ADMIN_PASSWORD", "LDAP_BIND_PASSWORD", "RABBITMQ_DEFAULT_PASS", "password", "db_pass",
          "KEYSTORE_PASSWORD"], 14, r"^vp\.(generic|structured)\."),
    # The word "password" in the developer's language (Portuguese, German, Spanish, French,
    # Polish, Dutch, Turkish).
    Kind("generic.password-other-language", "generic", pw_generated,
         ["DB_SENHA", "SENHA", "SMTP_PASSWORT", "DB_KENNWORT", "BD_CONTRASENA", "MOT_DE_PASSE", "DB_HASLO",
          "DB_WACHTWOORD", "ADMIN_SIFRE"], 2, r"^vp\.(generic|structured)\."),
    # A generated password holding `$` (a password manager's symbols), in languages whose
    # string literals keep `$` as a character (no shell, PHP, Kotlin or .env interpolation).
    Kind("generic.dollar-password", "generic",
         lambda r: dollar_password(r),
         ["DB_PASSWORD", "ADMIN_PASSWORD", "SMTP_PASSWORD", "password", "dbPassword"], 2,
         r"^vp\.(generic|structured)\.", where=("py", "js", "ts", "java", "cs", "yaml", "json")),
    # A password as people choose it: a word and a few digits, eight to fifteen characters
    # (`harbor42`, `welcome1`), under a password's name in code as in configuration.
    Kind("generic.chosen-password", "generic", chosen_password,
         ["DB_PASSWORD", "ADMIN_PASSWORD", "password", "dbPassword", "rcuSchemaPassword"], 2,
         r"^vp\.(generic|structured)\.", where=("py", "js", "ts", "java", "cs", "yaml", "json", "env")),
    # A password of plain words, no digit (`falconharbor`): a secret only where the structure
    # says so, under a password name in a `.env` file or a container's environment.
    Kind("generic.word-password", "generic",
         lambda r: r.choice(HUMAN_WORDS).lower() + r.choice(["", "-", "_"]) + r.choice(HUMAN_WORDS).lower(),
         ["DB_PASSWORD", "ADMIN_PASSWORD", "SMTP_PASS", "REACT_APP_AUTH_PASSWORD", "LDAP_BIND_PASSWORD"], 2,
         r"^vp\.structured\.", where=("env", "compose", "k8s")),
    # Some generators draw from letters only (Sa-Token's documented signing key).
    Kind("generic.secret", "generic", lambda r: r.choice([r.b64url(32), r.hex(64), r.s(LOWER + DIGITS + "!@%^*(-_=+)", 50), r.b64(32),
                                                          r.s(string.ascii_letters, 32)]),
         ["SECRET_KEY", "JWT_SECRET", "SESSION_SECRET", "APP_SECRET", "OIDC_CLIENT_SECRET", "CLIENT_SECRET", "NEXTAUTH_SECRET",
          "COOKIE_SECRET", "ENCRYPTION_KEY", "SIGNING_KEY", "WEBHOOK_SECRET", "client_secret"], 10, r"^vp\.(generic|structured)\."),
    Kind("generic.token", "generic", lambda r: r.choice([r.b64url(24), r.hex(40), r.s(ALNUM, 32), r.b64url(32), r.s(string.ascii_letters, 24)]),
         ["API_TOKEN", "AUTH_TOKEN", "ACCESS_TOKEN", "MACHINE_SECRET_TOKEN", "SERVICE_TOKEN", "BEARER_TOKEN", "INTERNAL_API_TOKEN"], 8,
         r"^vp\.(generic|structured)\."),
    Kind("generic.api-key", "generic", lambda r: r.choice([r.s(ALNUM, 32), r.hex(32), r.b64url(24), r.hex(40), r.s(LOWER + DIGITS, 15)]),
         ["API_KEY", "ERPNEXT_KEY", "ERP_API_KEY", "ODOO_API_KEY", "X_API_KEY", "PARTNER_API_KEY", "AOS_API_KEY", "apiKey"], 8,
         r"^vp\.(generic|structured)\."),
    Kind("generic.bearer-header", "generic", lambda r: r.choice([r.b64url(32), r.s(ALNUM, 40), r.hex(48)]), ["Authorization"], 3,
         r"^vp\.(generic|structured)\.", special="header"),
    Kind("generic.basic-header", "generic", lambda r: base64.b64encode(f"{r.word()}-svc:{url_pw(r)}".encode()).decode(), ["Authorization"], 1,
         r"^vp\.(generic|structured)\.", special="basic"),
    Kind("jwt.token", "jwt", g_jwt, ["SUPABASE_SERVICE_ROLE_KEY", "SERVICE_JWT", "ACCESS_TOKEN"], 2, r"^vp\.(jwt|generic\.jwt|supabase)\."),
    Kind("jwt.base64-token", "jwt", lambda r: base64.b64encode(g_jwt(r).encode()).decode(),
         ["SERVICE_TOKEN_B64", "API_TOKEN_BASE64", "BEARER_TOKEN_ENCODED"], 1, r"^vp\.jwt\.base64-token"),
    # --- Kubernetes
    Kind("kubernetes.kubeconfig-token", "kubernetes", lambda r: "token", [], 1, r"^vp\.kubernetes\.kubeconfig-token", special="kubeconfig"),
    Kind("kubernetes.kubeconfig-password", "kubernetes", lambda r: "password", [], 1, r"^vp\.kubernetes\.kubeconfig-password", special="kubeconfig"),
    Kind("kubernetes.client-key-data", "kubernetes", lambda r: "client-key-data", [], 1, r"^vp\.kubernetes\.client-key", special="kubeconfig"),
    Kind("kubernetes.service-account-token", "kubernetes", g_k8s_sa_jwt, ["K8S_TOKEN", "KUBE_TOKEN", "SA_TOKEN"], 1, r"^vp\.kubernetes\.service-account-token\."),
    Kind("kubernetes.service-account-token-secret", "kubernetes", g_k8s_sa_jwt, [], 1, r"^vp\.kubernetes\.service-account-token-secret", special="sa-secret"),
    # --- Package registries / dev tooling
    Kind("npm.token", "npm", lambda r: checksummed("npm", r), ["NPM_TOKEN", "NODE_AUTH_TOKEN"], 2, r"^vp\.npm\.access-token", special="npmrc"),
    Kind("npm.legacy-auth-token", "npm", lambda r: r.uuid4(), [], 1, r"^vp\.npm\.legacy", special="npmrc-legacy"),
    Kind("npm.npmrc-basic-auth", "npm", lambda r: base64.b64encode(f"{r.word()}-ci:{url_pw(r)}".encode()).decode(), [], 1, r"^vp\.npm\.npmrc-basic", special="npmrc-auth"),
    Kind("pypi.token", "pypi", g_pypi, ["PYPI_TOKEN", "TWINE_PASSWORD", "UV_PUBLISH_TOKEN"], 1, r"^vp\.pypi\.api-token"),
    Kind("pypi.test-token", "pypi", lambda r: g_pypi(r, "test.pypi.org"), ["TEST_PYPI_TOKEN"], 1, r"^vp\.pypi\.test"),
    Kind("docker.hub-pat", "docker", lambda r: "dckr_pat_" + r.s(B64URL, 27), ["DOCKERHUB_TOKEN", "DOCKER_PASSWORD"], 1, r"^vp\.docker\.hub-personal"),
    Kind("docker.hub-oat", "docker", lambda r: "dckr_oat_" + r.s(B64URL, 32), ["DOCKERHUB_ORG_TOKEN"], 1, r"^vp\.docker\.hub-organization"),
    Kind("docker.config-auth", "docker", g_docker_auth, ["auth"], 1, r"^vp\.docker\.config-auth", special="docker-config"),
    Kind("rubygems.api-key", "rubygems", lambda r: "rubygems_" + r.hex(48), ["GEM_HOST_API_KEY"], 1, r"^vp\.rubygems\.api-key"),
    Kind("rubygems.legacy-api-key", "rubygems", lambda r: r.hex(32), [], 1, r"^vp\.rubygems\.legacy", special="gem-credentials"),
    Kind("crates-io.api-token", "crates-io", lambda r: "cio" + r.s(ALNUM, 32), ["CARGO_REGISTRY_TOKEN"], 1, r"^vp\.crates-io\."),
    Kind("clojars.deploy-token", "clojars", lambda r: "CLOJARS_" + r.hex(60), ["CLOJARS_PASSWORD", "CLOJARS_TOKEN"], 1, r"^vp\.clojars\."),
    Kind("gradle.plugin-portal-secret", "gradle", lambda r: r.s(ALNUM, 32), [], 1, r"^vp\.gradle\.", special="gradle"),
    Kind("nuget.api-key", "nuget", lambda r: "oy2" + r.s(LOWER + DIGITS, 43), ["NUGET_API_KEY"], 1),
    Kind("jfrog.api-key", "jfrog", lambda r: "AKCp" + r.choice("58") + r.s(ALNUM, 68), ["ARTIFACTORY_API_KEY", "JFROG_API_KEY"], 1),
    Kind("sonar.token", "sonar", lambda r: r.choice(["squ_", "sqp_", "sqa_"]) + r.hex(40), ["SONAR_TOKEN"], 1, r"^vp\.sonar(qube|cloud)?\."),
    Kind("snyk.token", "snyk", lambda r: r.uuid4(), ["SNYK_TOKEN"], 1),
    Kind("postman.api-key", "postman", lambda r: f"PMAK-{r.hex(24)}-{r.hex(34)}", ["POSTMAN_API_KEY"], 1),
    # --- Commerce / SaaS
    Kind("shopify.token", "shopify", lambda r: r.choice(["shpat_", "shpca_", "shppa_", "shpss_"]) + r.hex(32), ["SHOPIFY_ACCESS_TOKEN", "SHOPIFY_API_SECRET"], 1),
    Kind("square.token", "square", lambda r: r.choice(["EAAA" + r.s(B64URL, 60), "sq0csp-" + r.s(B64URL, 43), "sq0atp-" + r.s(B64URL, 22)]), ["SQUARE_ACCESS_TOKEN"], 1),
    Kind("paypal.braintree-token", "paypal", g_braintree, ["BRAINTREE_ACCESS_TOKEN", "PAYPAL_ACCESS_TOKEN"], 1, r"^vp\.(paypal|braintree)\."),
    Kind("atlassian.api-token", "atlassian", g_atlassian, ["JIRA_API_TOKEN", "ATLASSIAN_API_TOKEN", "CONFLUENCE_API_TOKEN"], 3, r"^vp\.(atlassian|jira)\."),
    Kind("bitbucket.app-password", "bitbucket", lambda r: "ATBB" + r.s(ALNUM, 24) + r.s(DIGITS + "ABCDEF", 8), ["BITBUCKET_APP_PASSWORD"], 1, r"^vp\.bitbucket\.app-password"),
    Kind("linear.api-key", "linear", lambda r: "lin_api_" + r.s(ALNUM, 40), ["LINEAR_API_KEY"], 1),
    Kind("notion.token", "notion", lambda r: r.choice(["secret_" + r.s(ALNUM, 43), "ntn_" + r.digits(11) + r.s(ALNUM, 35)]), ["NOTION_TOKEN", "NOTION_API_KEY"], 1),
    Kind("airtable.pat", "airtable", lambda r: f"pat{r.s(ALNUM, 14)}.{r.hex(64)}", ["AIRTABLE_API_KEY", "AIRTABLE_TOKEN"], 1),
    Kind("airtable.oauth-access-token", "airtable", lambda r: f"oa{r.choice('ar')}{r.s(ALNUM, 14)}.v1.{r.b64url(r.randint(120, 200))}.{r.hex(64)}", ["AIRTABLE_OAUTH_TOKEN", "AIRTABLE_REFRESH_TOKEN"], 1, r"^vp\.airtable\.oauth-access"),
    Kind("figma.token", "figma", lambda r: "figd_" + r.s(B64URL, 40), ["FIGMA_TOKEN"], 1),
    Kind("contentful.pat", "contentful", lambda r: "CFPAT-" + r.s(B64URL, 43), ["CONTENTFUL_MANAGEMENT_TOKEN"], 1),
    Kind("hubspot.token", "hubspot", lambda r: f"pat-{r.choice(['na1', 'eu1'])}-{r.uuid4()}", ["HUBSPOT_ACCESS_TOKEN", "HUBSPOT_PRIVATE_APP_TOKEN"], 1),
    # --- Cloud / infra SaaS
    Kind("digitalocean.token", "digitalocean", lambda r: r.choice(["dop_v1_", "doo_v1_", "dor_v1_"]) + r.hex(64), ["DIGITALOCEAN_TOKEN", "DO_API_TOKEN"], 1),
    Kind("heroku.api-key", "heroku", lambda r: g_heroku_new(r) if r.random() < 0.5 else r.uuid4(), ["HEROKU_API_KEY"], 1),
    Kind("cloudflare.api-token", "cloudflare", lambda r: r.s(B64URL, 40), ["CLOUDFLARE_API_TOKEN", "CF_API_TOKEN"], 1, r"^vp\.cloudflare\..*token"),
    Kind("cloudflare.global-key", "cloudflare", lambda r: r.hex(37), ["CLOUDFLARE_API_KEY", "CF_API_KEY"], 1, r"^vp\.cloudflare\..*(global|api-key)"),
    Kind("cloudflare.origin-ca-key", "cloudflare", g_cf_origin, ["CF_ORIGIN_CA_KEY"], 1, r"^vp\.cloudflare\..*origin"),
    Kind("cloudflare.prefixed-token", "cloudflare", g_cf_prefixed, ["CLOUDFLARE_API_TOKEN", "CF_API_TOKEN", "CLOUDFLARE_API_KEY"], 1, r"^vp\.cloudflare\.prefixed"),
    Kind("datadog.api-key", "datadog", lambda r: r.hex(32), ["DD_API_KEY", "DATADOG_API_KEY"], 2, r"^vp\.datadog\..*api"),
    Kind("datadog.app-key", "datadog", lambda r: r.hex(40), ["DD_APP_KEY", "DATADOG_APP_KEY"], 1, r"^vp\.datadog\..*app"),
    Kind("newrelic.user-key", "newrelic", lambda r: "NRAK-" + r.s(UPPER + DIGITS, 27), ["NEW_RELIC_API_KEY"], 1, r"^vp\.newrelic\..*(user|api)"),
    Kind("newrelic.license-key", "newrelic", g_newrelic_license, ["NEW_RELIC_LICENSE_KEY"], 1, r"^vp\.newrelic\..*(license|ingest)"),
    Kind("sentry.auth-token", "sentry", lambda r: g_sentry_org(r) if r.random() < 0.5 else "sntryu_" + r.hex(64), ["SENTRY_AUTH_TOKEN"], 1),
    Kind("grafana.token", "grafana", lambda r: g_grafana_cloud(r) if r.random() < 0.4 else f"glsa_{r.s(ALNUM, 32)}_{r.hex(8)}", ["GRAFANA_SERVICE_ACCOUNT_TOKEN", "GRAFANA_TOKEN"], 1),
    Kind("databricks.token", "databricks", lambda r: "dapi" + r.hex(32) + r.choice(["", "-2", "-3"]), ["DATABRICKS_TOKEN"], 1),
    Kind("okta.api-token", "okta", lambda r: "00" + r.s(B64URL, 40), ["OKTA_API_TOKEN", "OKTA_TOKEN"], 1),
    Kind("pulumi.token", "pulumi", lambda r: "pul-" + r.hex(40), ["PULUMI_ACCESS_TOKEN"], 1),
    Kind("doppler.token", "doppler", lambda r: r.choice(["dp.pt.", "dp.st.", "dp.sa."]) + r.s(ALNUM, 43), ["DOPPLER_TOKEN"], 1),
    Kind("planetscale.token", "planetscale", lambda r: r.choice(["pscale_tkn_", "pscale_pw_", "pscale_oauth_"]) + r.s(B64URL, 43), ["PLANETSCALE_TOKEN", "DATABASE_PASSWORD"], 1),
    Kind("supabase.token", "supabase", lambda r: "sbp_" + r.hex(40), ["SUPABASE_ACCESS_TOKEN"], 1),
    Kind("netlify.token", "netlify", lambda r: "nfp_" + r.s(ALNUM, 36), ["NETLIFY_AUTH_TOKEN"], 1),
    Kind("render.api-key", "render", lambda r: "rnd_" + r.s(ALNUM, 32), ["RENDER_API_KEY"], 1),
    Kind("fly.token", "fly", g_fly, ["FLY_API_TOKEN"], 1, r"^vp\.fly(io)?\."),
    Kind("alibaba.access-key", "alibaba", lambda r: "LTAI" + r.s(ALNUM, 20), ["ALIBABA_CLOUD_ACCESS_KEY_ID", "ALICLOUD_ACCESS_KEY"], 1),
    Kind("dynatrace.token", "dynatrace", lambda r: f"dt0c01.{r.s(UPPER + DIGITS, 24)}.{r.s(UPPER + DIGITS, 64)}", ["DT_API_TOKEN"], 1),
    Kind("mapbox.secret-token", "mapbox", g_mapbox, ["MAPBOX_SECRET_TOKEN", "MAPBOX_DOWNLOADS_TOKEN"], 1),
    Kind("twitter.bearer", "twitter", g_twitter_bearer, ["TWITTER_BEARER_TOKEN", "X_BEARER_TOKEN"], 1, r"^vp\.(twitter|x)\."),
    Kind("facebook.access-token", "facebook", g_facebook, ["FACEBOOK_ACCESS_TOKEN", "FB_PAGE_TOKEN"], 1, r"^vp\.(facebook|meta)\."),
    Kind("easypost.api-key", "easypost", lambda r: "EZAK" + r.s(ALNUM, 54), ["EASYPOST_API_KEY"], 1),
    Kind("flutterwave.secret-key", "flutterwave", lambda r: f"FLWSECK-{r.hex(32)}-X", ["FLW_SECRET_KEY"], 1),
    # --- more AI providers
    Kind("anthropic.oauth-token", "anthropic", lambda r: "sk-ant-oat01-" + r.s(B64URL, 93) + "AA", ["CLAUDE_CODE_OAUTH_TOKEN"], 1, r"^vp\.anthropic\.oauth"),
    Kind("cohere.api-key", "cohere", lambda r: r.s(ALNUM, 40), ["COHERE_API_KEY", "CO_API_KEY"], 1),
    Kind("mistral.api-key", "mistral", lambda r: r.s(ALNUM, 32), ["MISTRAL_API_KEY"], 1),
    Kind("deepseek.api-key", "deepseek", lambda r: "sk-" + r.hex(32), ["DEEPSEEK_API_KEY"], 1),
    Kind("together.api-key", "together", lambda r: "tgp_v1_" + r.s(B64URL, 43) if r.random() < 0.5 else r.hex(64), ["TOGETHER_API_KEY"], 1),
    Kind("fireworks.api-key", "fireworks", lambda r: "fw_" + r.s(ALNUM, 24), ["FIREWORKS_API_KEY"], 1),
    Kind("elevenlabs.api-key", "elevenlabs", lambda r: "sk_" + r.hex(48) if r.random() < 0.6 else r.hex(32), ["ELEVENLABS_API_KEY", "XI_API_KEY"], 1),
    Kind("openrouter.api-key", "openrouter", lambda r: "sk-or-v1-" + r.hex(64), ["OPENROUTER_API_KEY"], 1),
    Kind("nvidia.api-key", "nvidia", lambda r: "nvapi-" + r.s(B64URL, 64), ["NVIDIA_API_KEY", "NGC_API_KEY"], 1),
    Kind("langfuse.secret-key", "langfuse", lambda r: "sk-lf-" + r.uuid4(), ["LANGFUSE_SECRET_KEY"], 1),
    Kind("wandb.api-key", "wandb", lambda r: r.hex(40), ["WANDB_API_KEY"], 1),
    Kind("deepgram.api-key", "deepgram", lambda r: r.hex(40), ["DEEPGRAM_API_KEY"], 1),
    Kind("assemblyai.api-key", "assemblyai", lambda r: r.hex(32), ["ASSEMBLYAI_API_KEY"], 1),
    # --- CI / dev tooling
    Kind("bitbucket.access-token", "bitbucket", lambda r: "ATCTT3xFfGN0" + r.s(B64URL, 171) + "=" + r.s(DIGITS + "ABCDEF", 8), ["BITBUCKET_ACCESS_TOKEN", "BITBUCKET_REPO_TOKEN"], 1, r"^vp\.bitbucket\.access"),
    Kind("bitbucket.oauth-client-secret", "bitbucket", lambda r: r.s(ALNUM, 32), ["BITBUCKET_CLIENT_SECRET", "BITBUCKET_OAUTH_SECRET"], 1, r"^vp\.bitbucket\.oauth"),
    Kind("codecov.upload-token", "codecov", lambda r: r.uuid4(), ["CODECOV_TOKEN"], 1),
    Kind("infracost.api-key", "infracost", lambda r: "ico-" + r.s(ALNUM, 32), ["INFRACOST_API_KEY"], 1),
    Kind("circleci.personal-token", "circleci", lambda r: f"CCIPAT_{r.s(ALNUM, 22)}_{r.hex(40)}", ["CIRCLECI_TOKEN", "CIRCLE_TOKEN"], 1, r"^vp\.circleci\.personal"),
    Kind("circleci.project-token", "circleci", lambda r: f"CCIPRJ_{r.s(ALNUM, 22)}_{r.hex(40)}", ["CIRCLECI_PROJECT_TOKEN"], 1, r"^vp\.circleci\.project"),
    Kind("circleci.legacy-token", "circleci", lambda r: r.hex(40), ["CIRCLECI_API_TOKEN", "CIRCLE_CI_TOKEN"], 1, r"^vp\.circleci\.legacy"),
    Kind("buildkite.api-token", "buildkite", lambda r: "bkua_" + r.hex(40), ["BUILDKITE_API_TOKEN"], 1),
    Kind("docker.swarm-unlock-key", "docker", lambda r: "SWMKEY-1-" + r.s(B64, 43), ["SWARM_UNLOCK_KEY"], 1, r"^vp\.docker\.swarm"),
    Kind("docker.swarm-join-token", "docker", lambda r: "SWMTKN-1-" + r.s(LOWER + DIGITS, 50) + "-" + r.s(LOWER + DIGITS, 25), ["SWARM_WORKER_TOKEN", "SWARM_JOIN_TOKEN"], 1, r"^vp\.docker\.swarm-join"),
    Kind("datastax.astra-token", "datastax", lambda r: f"AstraCS:{r.s(string.ascii_letters, 26)}:{r.hex(64)}", ["ASTRA_DB_APPLICATION_TOKEN"], 1),
    Kind("devin.api-key", "devin", lambda r: "cog_" + r.s(LOWER + "234567", 52), ["DEVIN_API_KEY"], 1),
    Kind("mercury.api-token", "mercury", lambda r: f"mercury_production_{r.choice(['wma', 'rma', 'rwa'])}_{r.s(ALNUM, 44)}_yrucrem", ["MERCURY_API_TOKEN"], 1),
    Kind("vercel.prefixed-token", "vercel", lambda r: f"vc{r.choice('pirak')}_{r.s(B64URL, 56)}", ["VERCEL_TOKEN", "VERCEL_ACCESS_TOKEN"], 1, r"^vp\.vercel\.prefixed"),
    Kind("spectralops.api-token", "spectralops", lambda r: "spu-" + r.s(LOWER + DIGITS, 32), ["SPECTRAL_TOKEN"], 1),
    Kind("rootly.api-key", "rootly", lambda r: "rootly_" + r.hex(64), ["ROOTLY_API_TOKEN"], 1),
    Kind("microsoft.power-platform-workflow-url", "microsoft", lambda r: f"https://default{r.hex(30)}.{r.randint(10, 99)}.environment.api.powerplatform.com:443/powerautomate/automations/direct/workflows/{r.hex(32)}/triggers/manual/paths/invoke?api-version=1&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig={r.s(B64URL, 43)}", ["TEAMS_WORKFLOW_URL"], 1, r"^vp\.microsoft\.power-platform"),
    Kind("facebook.app-access-token", "facebook", lambda r: f"{r.s('123456789', 1)}{r.s(DIGITS, 15)}|{r.s(B64URL, 27)}", ["FB_APP_TOKEN", "FACEBOOK_APP_TOKEN"], 1, r"^vp\.facebook\.app-access"),
    Kind("url.query-key", "url", lambda r: f"https://api.{r.word()}.io/v1/data?key={r.s(ALNUM, 32)}", ["FORECAST_API_URL", "GEOCODER_URL"], 1, r"^vp\.url\.query-key"),
    Kind("harness.api-key", "harness", lambda r: f"pat.{r.s(B64URL, 22)}.{r.hex(24)}.{r.s(ALNUM, 20)}", ["HARNESS_API_KEY", "HARNESS_PLATFORM_API_KEY"], 1),
    Kind("octopus.api-key", "octopus", lambda r: "API-" + r.s(UPPER + DIGITS, r.choice([26, 27, 28, 32])), ["OCTOPUS_API_KEY", "OCTOPUS_CLI_API_KEY"], 1),
    Kind("prefect.api-key", "prefect", lambda r: "pnu_" + r.s(ALNUM, 36), ["PREFECT_API_KEY"], 1),
    Kind("readme.api-key", "readme", lambda r: "rdme_" + r.s(LOWER + DIGITS, 70), ["README_API_KEY"], 1),
    Kind("onepassword.service-account-token", "1password", lambda r: "ops_" + base64.b64encode(json.dumps({"signInAddress": f"{r.word()}.1password.com", "userAuth": {"method": "SRPg-4096", "alg": "PBES2g-HS256", "iterations": 650000, "salt": r.b64url(16)}, "email": f"{r.s(LOWER, 12)}@1passwordserviceaccounts.com", "srpX": r.hex(64), "muk": {"alg": "A256GCM", "ext": True, "k": r.b64url(32), "key_ops": ["encrypt", "decrypt"], "kty": "oct", "kid": "mp"}, "secretKey": f"A3-{r.s(UPPER + DIGITS, 6)}-{r.s(UPPER + DIGITS, 6)}-{r.s(UPPER + DIGITS, 5)}", "deviceUuid": r.s(LOWER + DIGITS, 26)}, separators=(",", ":")).encode()).decode().rstrip("="), ["OP_SERVICE_ACCOUNT_TOKEN"], 1, r"^vp\.1password\.service"),
    Kind("onepassword.secret-key", "1password", lambda r: f"A3-{r.s(UPPER + DIGITS, 6)}-{r.s(UPPER + DIGITS, 6)}-{r.s(UPPER + DIGITS, 5)}-{r.s(UPPER + DIGITS, 5)}-{r.s(UPPER + DIGITS, 5)}-{r.s(UPPER + DIGITS, 5)}", ["OP_SECRET_KEY", "ONEPASSWORD_SECRET_KEY"], 1, r"^vp\.1password\.secret"),
    Kind("vercel.token", "vercel", lambda r: r.s(ALNUM, 24), ["VERCEL_TOKEN"], 1),
    Kind("fastly.api-token", "fastly", lambda r: r.s(B64URL, 32), ["FASTLY_API_TOKEN", "FASTLY_KEY"], 1),
    Kind("tailscale.key", "tailscale", lambda r: f"tskey-{r.choice(['auth', 'api', 'client'])}-{r.s(ALNUM, 12)}CNTRL-{r.s(ALNUM, 33)}", ["TS_AUTHKEY", "TAILSCALE_AUTH_KEY"], 1),
    Kind("scalingo.api-token", "scalingo", lambda r: "tk-us-" + r.s(B64URL, 48), ["SCALINGO_API_TOKEN"], 1),
    # --- observability
    Kind("newrelic.insert-key", "newrelic", lambda r: "NRII-" + r.s(B64URL, 32), ["NEW_RELIC_INSERT_KEY"], 1, r"^vp\.newrelic\.insert"),
    Kind("newrelic.mobile-app-token", "newrelic", lambda r: r.choice(["AA" + r.hex(40), "eu01xx" + r.hex(36)]) + "-NRMA",
         ["NEW_RELIC_MOBILE_TOKEN", "NR_APPLICATION_TOKEN"], 1, r"^vp\.newrelic\.mobile"),
    Kind("pagerduty.api-key", "pagerduty", lambda r: r.choice(["u+", "y_"]) + r.s(B64URL, 18), ["PAGERDUTY_API_KEY", "PAGERDUTY_TOKEN"], 1),
    Kind("posthog.personal-api-key", "posthog", lambda r: "phx_" + r.s(ALNUM, 43), ["POSTHOG_PERSONAL_API_KEY"], 1, r"^vp\.posthog\.personal"),
    Kind("rollbar.access-token", "rollbar", lambda r: r.hex(32), ["ROLLBAR_ACCESS_TOKEN", "ROLLBAR_SERVER_TOKEN"], 1),
    Kind("bugsnag.api-key", "bugsnag", lambda r: r.hex(32), ["BUGSNAG_API_KEY"], 1),
    # --- blockchain node providers: the key is a path segment of the RPC URL
    Kind("alchemy.rpc-url-key", "alchemy",
         lambda r: f"https://{r.choice(['eth-mainnet', 'eth-sepolia', 'polygon-mainnet', 'arb-mainnet'])}.g.alchemy.com/v2/{r.s(B64URL, 32)}",
         ["MAINNET_RPC_URL", "ALCHEMY_RPC_URL", "RPC_URL"], 1, r"^vp\.alchemy\."),
    Kind("infura.rpc-url-project-id", "infura",
         lambda r: f"https://{r.choice(['mainnet', 'sepolia', 'polygon-mainnet'])}.infura.io/v3/{r.hex(32)}",
         ["ETH_RPC_URL", "INFURA_URL", "WEB3_PROVIDER_URI"], 1, r"^vp\.infura\."),
    # --- payments / SaaS
    Kind("shippo.live-token", "shippo", lambda r: "shippo_live_" + r.hex(40), ["SHIPPO_API_TOKEN"], 1, r"^vp\.shippo\.live"),
    Kind("shippo.test-token", "shippo", lambda r: "shippo_test_" + r.hex(40), ["SHIPPO_TEST_TOKEN"], 1, r"^vp\.shippo\.test"),
    Kind("razorpay.key-secret", "razorpay", lambda r: r.s(ALNUM, 24), ["RAZORPAY_KEY_SECRET"], 1, r"^vp\.razorpay\.key-secret"),
    # Razorpay key ids (rzp_live_...) are public by design (they go to the browser): not planted.
    Kind("plaid.access-token", "plaid", lambda r: f"access-production-{r.uuid4()}", ["PLAID_ACCESS_TOKEN"], 1, r"^vp\.plaid\.access"),
    Kind("plaid.secret", "plaid", lambda r: r.hex(30), ["PLAID_SECRET"], 1, r"^vp\.plaid\.secret"),
    Kind("gocardless.live-token", "gocardless", lambda r: "live_" + r.s(B64URL, 40), ["GOCARDLESS_ACCESS_TOKEN"], 1),
    Kind("duffel.live-token", "duffel", lambda r: "duffel_live_" + r.s(B64URL, 43), ["DUFFEL_ACCESS_TOKEN"], 1),
    Kind("salesforce.access-token", "salesforce", lambda r: f"00D{r.s(ALNUM, 15)}!{r.s(ALNUM + '._', 96)}", ["SF_ACCESS_TOKEN", "SALESFORCE_ACCESS_TOKEN"], 1, r"^vp\.salesforce\.access"),
    Kind("salesforce.consumer-secret", "salesforce", lambda r: r.s(UPPER + DIGITS, 64), ["SALESFORCE_CONSUMER_SECRET", "SF_CLIENT_SECRET"], 1, r"^vp\.salesforce\.consumer"),
    Kind("zendesk.api-token", "zendesk", lambda r: r.s(ALNUM, 40), ["ZENDESK_API_TOKEN"], 1),
    Kind("auth0.client-secret", "auth0", lambda r: r.s(B64URL, 64), ["AUTH0_CLIENT_SECRET"], 1),
    Kind("asana.pat", "asana", lambda r: f"2/{r.digits(16)}/{r.digits(16)}:{r.hex(32)}" if r.random() < 0.5 else f"1/{r.digits(16)}:{r.hex(32)}", ["ASANA_ACCESS_TOKEN", "ASANA_PAT"], 1),
    Kind("dropbox.access-token", "dropbox", lambda r: "sl." + r.choice(["", "u."]) + r.s(B64URL, 140), ["DROPBOX_ACCESS_TOKEN"], 1),
    Kind("dropbox.long-lived-token", "dropbox", lambda r: r.s(ALNUM, 11) + "A" * 10 + r.s(ALNUM + "_-", 43), ["DROPBOX_ACCESS_TOKEN", "DROPBOX_TOKEN"], 1),
    Kind("akamai.edgegrid-token", "akamai", lambda r: f"akab-{r.s(LOWER + DIGITS, 16)}-{r.s(LOWER + DIGITS, 16)}", ["AKAMAI_CLIENT_TOKEN", "AKAMAI_ACCESS_TOKEN"], 1),
    Kind("asana.legacy-pat", "asana", lambda r: f"0/{r.hex(32)}", ["ASANA_ACCESS_TOKEN", "ASANA_PAT"], 1, r"^vp\.asana\.personal"),
    Kind("intercom.access-token", "intercom", lambda r: base64.b64encode(f"tok:{r.uuid4().replace('-', '')[:8]}_{r.uuid4()[:4]}_{r.uuid4()}:1:0".encode()).decode().rstrip("="), ["INTERCOM_ACCESS_TOKEN"], 1),
    Kind("segment.public-api-token", "segment", lambda r: "sgp_" + r.s(ALNUM, 64), ["SEGMENT_PUBLIC_API_TOKEN"], 1, r"^vp\.segment\.public"),
    Kind("launchdarkly.key", "launchdarkly", lambda r: r.choice(["sdk-", "api-"]) + r.uuid4(), ["LAUNCHDARKLY_SDK_KEY", "LD_SDK_KEY", "LD_API_KEY"], 1),
    Kind("twitch.api-token", "twitch", lambda r: r.s(LOWER + DIGITS, 30), ["TWITCH_OAUTH_TOKEN", "TWITCH_CLIENT_SECRET"], 1),
    Kind("typeform.personal-token", "typeform", lambda r: "tfp_" + r.s(B64URL, 44) + "_" + r.s(B64URL, 14), ["TYPEFORM_TOKEN"], 1),
    Kind("frameio.developer-token", "frameio", lambda r: "fio-u-" + r.s(B64URL, 64), ["FRAMEIO_TOKEN"], 1),
    Kind("clickup.personal-token", "clickup", lambda r: f"pk_{r.digits(8)}_{r.s(UPPER + DIGITS, 32)}", ["CLICKUP_API_TOKEN"], 1),
    Kind("zapier.webhook-url", "zapier", lambda r: f"https://hooks.zapier.com/hooks/catch/{r.digits(7)}/{r.s(LOWER + DIGITS, 6)}/", ["ZAPIER_WEBHOOK_URL"], 1,
         rule_hint=r"^vp\.zapier\.webhook-url"),
    Kind("zapier.ai-actions-key", "zapier",
         lambda r: r.choice(["", "https://actions.zapier.com/mcp/"]) + f"sk-ak-{r.s(ALNUM, 26)}" + r.choice(["", "/sse"]),
         ["ZAPIER_NLA_API_KEY", "ZAPIER_MCP_URL"], 1, rule_hint=r"^vp\.zapier\.ai-actions-key"),
    Kind("zapier.mcp-server-url", "zapier",
         lambda r: "https://mcp.zapier.com/api/mcp/s/" + base64.b64encode(f"{r.uuid4()}:{r.uuid4()}".encode()).decode() + r.choice(["/mcp", "/sse"]),
         ["ZAPIER_MCP_URL", "ZAPIER_MCP_SERVER_URL"], 1, rule_hint=r"^vp\.zapier\.mcp-server-url"),
    Kind("adafruit.io-key", "adafruit", lambda r: "aio_" + r.s(ALNUM, 28), ["ADAFRUIT_IO_KEY"], 1),
    Kind("algolia.admin-key", "algolia", lambda r: r.hex(32), ["ALGOLIA_ADMIN_API_KEY", "ALGOLIA_WRITE_API_KEY"], 1),
    Kind("db.oracle-jdbc-thin", "database", lambda r: f"jdbc:oracle:thin:{r.word()}/{r.s(ALNUM, 18)}@//{host(r, 'db')}:1521/{r.word().upper()}", ["ORACLE_JDBC_URL", "DB_URL"], 1, r"^vp\.oracle\."),
]



def _table_kinds() -> list[Kind]:
    """One kind per row of scripts/gen_rules.py's provider table: values of the row's shape
    drawn from this corpus's own random stream (never the rule file's examples), under
    key names built from the provider's name as people write them."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import gen_rules  # the table and its shape language

    kinds = []
    for row in gen_rules.SPEC.strip().splitlines():
        if not row.strip() or row.startswith("#"):
            continue
        _family, kind, rid, _name, provider, keywords, shape = [c.strip() for c in row.split("|", 6)]
        segs = gen_rules.parse_shape(shape)
        first = keywords.split(",")[0].strip()
        env = gen_rules.env_name(first if kind == "C" else provider)
        keys = [f"{env}_API_KEY", f"{env}_SECRET"] if kind == "C" else [f"{env}_TOKEN", "API_TOKEN"]

        floor = gen_rules.floor_for(segs, random.Random(rid))
        # A rule with the credential validator wants a digit, as generated keys have.
        digit = gen_rules.validator_for(_family, kind, segs) is not None

        def gen(r: Rand, segs=segs, floor=floor, digit=digit) -> str:
            while True:
                value = gen_rules.sample(segs, r.rng)
                if digit and not re.search(r"[0-9]", value):
                    continue
                if gen_rules.entropy(value) >= floor + 0.2 and not looks_like_placeholder(value):
                    return value

        kinds.append(Kind(rid, provider, gen, keys, 0.3, rf"^vp\.{re.escape(rid)}\."))
    return kinds


K += _table_kinds()


# ---------------------------------------------------------------------------------------
# Formats with a place of their own: framework keys, tool configuration files, command
# lines, password hashes, and the generic assignment forms of Makefiles, PHP, Go, env
# files inside JSON strings and pretty-printed XML (planters and decoys: after Corpus)
# ---------------------------------------------------------------------------------------

CRYPT64 = "./" + DIGITS + UPPER + LOWER   # crypt(3)'s base64 (MD5-, SHA-crypt, yescrypt, scrypt)
BCRYPT64 = "./" + UPPER + LOWER + DIGITS  # bcrypt's base64
STD64 = UPPER + LOWER + DIGITS + "+/"
DJANGO_CHARS = LOWER + DIGITS + "!@#$%^&*(-_=+)"  # django.core.management.utils.get_random_secret_key
WP_CHARS = ALNUM + "!@#$%^&*()" + "-_ []{}<>~`+=,.;:/?|"  # api.wordpress.org/secret-key/1.1/salt/


def crypt_b64(data: bytes) -> str:
    """crypt(3)'s base64: 6-bit groups least significant first (the last character holds the bits left over)."""
    n = int.from_bytes(data, "little")
    return "".join(CRYPT64[(n >> (6 * i)) & 63] for i in range((len(data) * 8 + 5) // 6))


def bcrypt_b64(data: bytes) -> str:
    """bcrypt's base64: the standard bit order in bcrypt's alphabet, no padding."""
    return base64.b64encode(data).decode().rstrip("=").translate(str.maketrans(STD64, BCRYPT64))


def md5_crypt(r: Rand, scheme: str = "1", salt_len: int = 8) -> str:
    """An MD5-crypt hash ($1$, or Apache's $apr1$): salt, then 16 bytes in 22 characters."""
    return f"${scheme}${r.s(CRYPT64, salt_len)}${crypt_b64(r.bytes(16))}"


def bcrypt_hash(r: Rand, version: str = "2b", cost: int = 12) -> str:
    """A bcrypt hash: version, cost, 16 bytes of salt (22 characters) and 23 of digest (31)."""
    return f"${version}${cost:02d}${bcrypt_b64(r.bytes(16))}{bcrypt_b64(r.bytes(23))}"


def sha_crypt(r: Rand, variant: int = 6, rounds: int = 0) -> str:
    """A SHA-crypt hash ($5$ SHA-256, $6$ SHA-512), with a rounds= field when not the default."""
    head = f"${variant}$" + (f"rounds={rounds}$" if rounds else "")
    return head + r.s(CRYPT64, r.choice([16, 16, 8])) + "$" + crypt_b64(r.bytes(64 if variant == 6 else 32))


def yescrypt_hash(r: Rand) -> str:
    """A yescrypt hash as Debian 11+ and Fedora 35+ write /etc/shadow."""
    return f"$y${r.choice(['j9T', 'j9T', 'jFT', 'jDT'])}${crypt_b64(r.bytes(16))}${crypt_b64(r.bytes(32))}"


def cisco_secret(r: Rand, kind: int) -> str:
    """A Cisco IOS type 8 (PBKDF2-SHA256) or type 9 (scrypt) secret: 14-character salt, 43-character digest."""
    return f"${kind}${r.s(CRYPT64, 14)}${crypt_b64(r.bytes(32))}"


def scrypt_crypt(r: Rand) -> str:
    """libsodium's scrypt string ($7$): N, r, p in 11 characters, 32 bytes of salt, 32 of digest."""
    return f"$7${r.choice('CDEF')}6..../....{crypt_b64(r.bytes(32))}${crypt_b64(r.bytes(32))}"


def krb5_roast(r: Rand, user: str, realm: str, spn: str = "") -> str:
    """An AS-REP (no SPN) or TGS-REP roasting hash as impacket and Rubeus print them."""
    if not spn:
        return f"$krb5asrep$23${user}@{realm}:{r.hex(32)}${r.hex(2 * r.randint(150, 300))}"
    if r.random() < 0.7:
        return f"$krb5tgs$23$*{user}${realm}${spn}*${r.hex(32)}${r.hex(2 * r.randint(900, 1300))}"
    return f"$krb5tgs$18${user}${realm}$*{spn}*${r.hex(24)}${r.hex(2 * r.randint(900, 1300))}"


def g_entra_refresh(r: Rand) -> str:
    """A Microsoft Entra ID refresh token: 0./1. and its header part, then `.AgAB` and the sealed body."""
    head = r.choice("01") + ".A" + r.s(B64URL, r.randint(60, 110))
    return f"{head}.AgAB{r.choice(['AAEAAAD', 'AwEAAAD'])}{r.s(B64URL, r.randint(600, 1000))}"


def g_bootstrap_token(r: Rand) -> str:
    """A kubeadm bootstrap token: a 6-character id and a 16-character secret of [a-z0-9]."""
    return f"{r.s(LOWER + DIGITS, 6)}.{r.s(LOWER + DIGITS, 16)}"


def g_jenkins_secret(r: Rand, plain_len: int = 0) -> str:
    """hudson.util.Secret's payload v1: version 1, IV length 16, data length, IV, AES-CBC data."""
    data_len = ((plain_len or r.randint(10, 60)) // 16 + 1) * 16
    blob = b"\x01" + (16).to_bytes(4, "big") + data_len.to_bytes(4, "big") + r.bytes(16) + r.bytes(data_len)
    return base64.b64encode(blob).decode()


def g_django_key(r: Rand) -> str:
    """What `django-admin startproject` writes: django-insecure- and 50 characters, or the 50 alone.
    A key drawn with a leading `$` is redrawn (the scanner reads it as a variable; reported)."""
    while True:
        body = r.s(DJANGO_CHARS, 50)
        if r.random() < 0.6:
            return "django-insecure-" + body
        if not body.startswith("$"):
            return body


def g_wp_salt(r: Rand) -> str:
    """A WordPress key or salt from the secret-key service: 64 characters, no quote or backslash.
    A template opener (`${`, `{{`, `<%`) or a leading `$` (read as a variable) drawn by chance
    is redrawn, as secret_value does for placeholders (the scanner passes over such salts)."""
    for _ in range(100):
        v = r.s(WP_CHARS, 64)
        if not v.startswith("$") and not any(m in v for m in ("${", "{{", "<%")) and not looks_like_placeholder(v.replace("<", "")):
            return v
    raise RuntimeError("WordPress salt keeps drawing template openers")


def g_identity_token(r: Rand) -> str:
    """A registry refresh token: ACR's (a JWT with grant_type refresh_token) or an opaque one."""
    if r.random() < 0.4:
        return r.s(ALNUM, 64)
    enc = lambda d: base64.urlsafe_b64encode(json.dumps(d, separators=(",", ":")).encode()).decode().rstrip("=")
    head = {"alg": "RS256", "typ": "JWT", "kid": ":".join(r.s(UPPER + DIGITS, 4) for _ in range(12))}
    body = {"jti": r.uuid4(), "sub": f"{r.word()}@{r.word()}.onmicrosoft.com", "nbf": 1716000000 + r.randint(0, 9 ** 7),
            "exp": 1717000000 + r.randint(0, 9 ** 7), "iat": 1716000000 + r.randint(0, 9 ** 7), "iss": "Azure Container Registry",
            "aud": f"{r.word()}prod.azurecr.io", "version": "1.0", "grant_type": "refresh_token", "tenant": r.uuid4(),
            "permissions": {"actions": ["*"], "notActions": []}, "roles": []}
    return f"{enc(head)}.{enc(body)}.{r.b64url(256)}"


def g_slack_legacy(r: Rand) -> str:
    """A Slack legacy (xoxs- session, xoxo- test) token: three numeric ids and a hex tail."""
    ids = "-".join(r.digits(r.choice([10, 11, 12])) for _ in range(3))
    return f"xox{r.choice('so')}-{ids}-{r.hex(r.choice([10, 64]))}"


def g_query_value(r: Rand) -> str:
    """An API token as query strings carry it: alphanumeric or hex."""
    return r.choice([r.s(ALNUM, r.randint(24, 40)), r.hex(40), r.hex(32)])


def g_form_value(r: Rand, key: str) -> str:
    """A value for a generic name: a password under a password name, a token otherwise. These
    kinds measure assignment syntaxes, so a password with a `:` (which the generic literal
    rules pass over in code: reported) is redrawn; generic.password keeps drawing them."""
    if "PASSWORD" in key:
        while True:
            pw = pw_generated(r)
            if ":" not in pw:
                return pw
    return r.choice([r.s(ALNUM, 32), r.hex(40), r.b64url(24), r.s(ALNUM, 40)])


FORM_KEYS = ["API_TOKEN", "DEPLOY_TOKEN", "AUTH_TOKEN", "DB_PASSWORD", "SMTP_PASSWORD", "CLIENT_SECRET", "WEBHOOK_SECRET",
             "API_KEY", "SIGNING_KEY"]
GENERIC_HINT = r"^vp\.(generic|structured)\."

FORMAT_KINDS: list[Kind] = [
    Kind("aws.appsync-api-key", "aws", lambda r: "da2-" + r.s(LOWER + DIGITS, 26), ["APPSYNC_API_KEY", "AWS_APPSYNC_API_KEY", "GRAPHQL_API_KEY"], 1,
         r"^vp\.aws\.appsync", special="appsync"),
    Kind("azure.entra-refresh-token", "azure", g_entra_refresh, ["AZURE_REFRESH_TOKEN", "MSGRAPH_REFRESH_TOKEN"], 1, r"^vp\.azure\.entra-refresh",
         special="entra-refresh"),
    Kind("kubernetes.bootstrap-token", "kubernetes", g_bootstrap_token, [], 1, r"^vp\.kubernetes\.bootstrap", special="kubeadm"),
    Kind("truenas.api-key", "truenas", lambda r: f"{r.randint(1, 60)}-{r.s(ALNUM, 64)}", ["TRUENAS_API_KEY"], 1, special="truenas"),
    # ThingsBoard generates its device tokens from letters and digits: one of each at least.
    Kind("thingsboard.device-token", "thingsboard", lambda r: r.s(ALNUM, 18) + r.s(LOWER, 1) + r.s(DIGITS, 1), [], 1, special="thingsboard"),
    Kind("url.query-credential", "generic", g_query_value, [], 1, r"^vp\.url\.query-credential", special="query-credential"),
    Kind("windows.command-password", "windows", pw_generated, [], 1, special="windows-password"),
    Kind("jenkins.initial-admin-password", "jenkins", lambda r: r.hex(32), [], 1, r"^vp\.jenkins\.initial", special="jenkins-setup"),
    Kind("jenkins.encrypted-secret", "jenkins", g_jenkins_secret, [], 1, r"^vp\.jenkins\.encrypted", special="jenkins-credentials"),
    Kind("django.secret-key", "django", g_django_key, [], 1, special="django"),
    Kind("wordpress.auth-key", "wordpress", g_wp_salt, [], 1, special="wordpress"),
    Kind("filezilla.password", "filezilla", url_pw, [], 1, special="filezilla"),
    # A JetBrains IDE deployment server's password in .idea/webServers.xml: each character
    # XOR 0xDFAA as four hex digits.
    Kind("jetbrains.web-server-password", "jetbrains", url_pw, [], 1, special="jetbrains-webservers"),
    # WinSCP's saved session password: XOR-obfuscated, hex, opening with A35C.
    Kind("winscp.session-password", "winscp", lambda r: "A35C" + r.s("0123456789ABCDEF", r.choice([36, 44, 52, 60])), [], 1,
         special="winscp"),
    Kind("rails.secret-key-base", "rails", lambda r: r.hex(128), [], 1, special="rails"),
    Kind("laravel.app-key", "laravel", lambda r: "base64:" + r.b64(32), [], 1, special="laravel"),
    Kind("drupal.hash-salt", "drupal", lambda r: r.s(B64URL, 74), [], 1, special="php-app-secret"),
    Kind("duo.config-skey", "duo", lambda r: r.s(ALNUM, 40), [], 1, r"^vp\.duo\.", special="duo-config"),
    Kind("magento.crypt-key", "magento", lambda r: r.hex(32), [], 1, special="php-app-secret"),
    Kind("nextcloud.password-salt", "nextcloud", lambda r: r.s(ALNUM + "+/", 30), [], 1, special="php-app-secret"),
    # Apache Shiro's rememberMe AES key: base64 of 16, 24 or 32 random bytes (or hex in shiro.ini)
    # BlueCat Address Manager API session token (base64 of a timestamp and the user name)
    Kind("bluecat.session-token", "bluecat", lambda r: r.b64(r.choice([24, 30, 33])), [], 1, special="bluecat"),
    Kind("shiro.remember-me-key", "shiro", lambda r: r.b64(r.choice([16, 24, 32])), [], 1, special="shiro"),
    Kind("sidekiq.enterprise-credentials", "sidekiq", lambda r: f"{r.hex(8)}:{r.hex(8)}", [], 1, special="sidekiq"),
    Kind("netrc.password", "netrc", url_pw, [], 1, special="netrc"),
    Kind("shell.mysql-password", "mysql", pw_generated, [], 1, r"^vp\.shell\.mysql", special="mysql-cli"),
    Kind("shell.sshpass-password", "shell", pw_generated, [], 1, r"^vp\.shell\.sshpass", special="sshpass"),
    Kind("shell.tool-password", "shell", pw_generated, [], 1, r"^vp\.shell\.tool-password", special="tool-password"),
    Kind("shell.secret-store-set", "shell", pw_generated, [], 1, r"^vp\.shell\.secret-store-set", special="secret-store-set"),
    Kind("terraform.variable-default", "generic", pw_generated, [], 1, r"^vp\.terraform\.variable-default", special="tf-variable"),
    Kind("terraform.state-random-password", "terraform", pw_generated, [], 1, r"^vp\.terraform\.state-random-password", special="tfstate"),
    Kind("docker.identity-token", "docker", g_identity_token, [], 1, r"^vp\.docker\.identity", special="docker-identity"),
    Kind("private-key.base64-pem", "private-key", lambda r: "base64-pem", [], 1, r"^vp\.private-key\.base64-pem", special="base64-pem"),
    Kind("private-key.base64-der", "private-key", lambda r: "base64-der", [], 1, r"^vp\.private-key\.base64-der", special="base64-der"),
    Kind("private-key.rsa-xml", "private-key", lambda r: "rsa-xml", [], 1, r"^vp\.private-key\.rsa-xml", special="rsa-xml"),
    Kind("segment.write-key", "segment", lambda r: r.s(ALNUM, 32), ["SEGMENT_WRITE_KEY", "SEGMENT_SOURCE_WRITE_KEY", "ANALYTICS_SEGMENT_WRITE_KEY"], 1,
         r"^vp\.segment\.write"),
    Kind("tableau.pat-secret", "tableau", lambda r: f"{r.b64(16)}:{r.s(ALNUM, 32)}", ["TABLEAU_PAT_SECRET", "TABLEAU_TOKEN_SECRET"], 1, special="tableau"),
    Kind("slack.legacy-token", "slack", g_slack_legacy, ["SLACK_LEGACY_TOKEN", "SLACK_API_TOKEN"], 1, r"^vp\.slack\.legacy"),
    # Password hashes: findings of their own kind (password_hash), recorded with finding_kind.
    Kind("pwhash.md5-crypt", "password-hash", md5_crypt, [], 1, r"^vp\.pwhash\.md5-crypt\.", special="pwhash"),
    Kind("pwhash.bcrypt", "password-hash", bcrypt_hash, [], 1, r"^vp\.pwhash\.bcrypt\.", special="pwhash"),
    Kind("pwhash.sha-crypt", "password-hash", sha_crypt, [], 1, r"^vp\.pwhash\.sha-crypt\.", special="pwhash"),
    Kind("pwhash.scrypt-family", "password-hash", yescrypt_hash, [], 1, r"^vp\.pwhash\.scrypt-family\.", special="pwhash"),
    Kind("pwhash.scrypt", "password-hash", scrypt_crypt, [], 1, r"^vp\.pwhash\.scrypt\.", special="pwhash"),
    Kind("pwhash.mysql-native", "password-hash", lambda r: "", [], 1, r"^vp\.pwhash\.mysql-native\.", special="pwhash"),
    Kind("generic.inline-password", "generic", lambda r: "", [], 1, r"^vp\.generic\.(inline-password|prose-label|password-assignment|login-pair)", special="ticket-label"),
    Kind("generic.inline-token", "generic", lambda r: "", [], 1, r"^vp\.generic\.(inline-secret|prose-label)", special="ticket-label"),
    Kind("generic.c-macro", "generic", lambda r: "", [], 1, r"^vp\.generic\.macro-credential", special="c-macro"),
    Kind("generic.curl-option", "generic", lambda r: "", [], 1, r"^vp\.generic\.curl-option", special="curl-option"),
    Kind("generic.curl-credential", "generic", lambda r: "", [], 1, r"^vp\.generic\.curl-(header|user)", special="curl-credential"),
    Kind("generic.letters-token", "generic", lambda r: "", ["API_TOKEN", "WEBHOOK_SECRET", "CLIENT_SECRET", "apiKey"], 2,
         r"^vp\.(generic|structured)\.", special="letters-token"),
    Kind("generic.sql-password", "generic", lambda r: "", [], 1, r"^vp\.generic\.sql-password", special="sql-password"),
    Kind("private-key.jwk", "private-key", lambda r: "", [], 1, r"^vp\.private-key\.jwk", special="jwk"),
    Kind("generic.xml-named-value", "generic", lambda r: "", [], 1, r"^vp\.generic\.xml-named-value", special="xml-named-value"),
    Kind("generic.xml-service-key", "generic", lambda r: "", [], 1, r"^vp\.generic\.(xml-element|secret-letters)", special="xml-service-key"),
    Kind("otpauth.secret", "otp", lambda r: "", [], 1, r"^vp\.otpauth\.", special="otpauth"),
    Kind("otp.library-seed", "otp", lambda r: "", [], 1, r"^vp\.otp\.library-seed", special="otp-library-seed"),
    Kind("generic.env-fallback", "generic", lambda r: "", [], 1, r"^vp\.generic\.env-fallback", special="env-fallback"),
    Kind("generic.setter-call", "generic", lambda r: "", [], 1, r"^vp\.generic\.setter-call", special="setter-call"),
    Kind("generic.positional-password", "generic", lambda r: "", [], 1, r"^vp\.generic\.positional-password", special="positional-password"),
    Kind("generic.ldap-bind-password", "generic", lambda r: "", [], 1, r"^vp\.generic\.ldap-bind-password", special="ldap-bind-password"),
    Kind("shell.client-password", "shell", lambda r: "", [], 1, r"^vp\.shell\.(client-password|password-stdin)", special="client-password"),
    Kind("generic.env-setter", "generic", lambda r: "", [], 1, r"^vp\.generic\.env-setter", special="env-setter"),
    Kind("npm.registry-token", "npm", lambda r: "", [], 1, r"^vp\.npm\.npmrc-registry-token", special="npmrc-registry"),
    Kind("generic.named-key-label", "generic", lambda r: "", [], 1, r"^vp\.generic\.named-key-label", special="named-key-label"),
    Kind("private-key.logged", "private-key", lambda r: "", [], 1, r"^vp\.private-key\.logged", special="logged-private-key"),
    Kind("generic.dsl-keyword", "generic", lambda r: "", [], 1, r"^vp\.generic\.dsl-keyword", special="dsl-keyword"),
    Kind("generic.session-cookie", "generic", lambda r: "", [], 1, r"^vp\.generic\.session-cookie", special="session-cookie"),
    Kind("system.config-password", "system", lambda r: "", [], 1,
         r"^vp\.(redis|wifi|cisco|snmp|ipsec|debian|kickstart|shell\.chpasswd|windows\.unattend|generic\.dsl-keyword|keepalived|ansible|fetchmail|proftpd|shell\.piped-password|consul|nagios|squid|sendmail|apache|jaas|isync|monit|mosquitto|proxychains)",
         special="system-config"),
    Kind("private-key.openvpn-static", "private-key", lambda r: "", [], 1, r"^vp\.private-key\.openvpn-static", special="openvpn-static"),
    Kind("generic.form-password", "generic", lambda r: "", [], 1, r"^vp\.url\.query-password", special="form-password"),
    Kind("generic.nodemailer-auth", "generic", lambda r: "", [], 1, r"^vp\.generic\.password-literal", special="nodemailer"),
    Kind("generic.cfn-parameter-default", "generic", lambda r: "", [], 1, r"^vp\.structured\.generic-secret", special="cfn-parameter-default"),
    Kind("generic.jwt-settings-key", "generic", lambda r: "", [], 1, r"^vp\.structured\.generic-secret", special="jwt-settings-key"),
    Kind("generic.jwt-signing-secret", "generic", lambda r: "", [], 1, r"^vp\.generic\.jwt-signing-secret", special="jwt-signing"),
    Kind("generic.hard-coded-crypto-key", "generic", lambda r: "", [], 1, r"^vp\.generic\.hard-coded-crypto-key", special="crypto-key"),
    Kind("generic.secret-comparison", "generic", lambda r: "", [], 1, GENERIC_HINT, special="secret-comparison"),
    Kind("generic.joined-password", "generic", lambda r: "", [], 1, GENERIC_HINT, special="joined-password"),
    Kind("generic.xml-name-value-pair", "generic", lambda r: "", [], 1, GENERIC_HINT, special="xml-name-value-pair"),
    Kind("generic.php-serialized", "generic", lambda r: "", [], 1, r"^vp\.generic\.php-serialized", special="php-serialized"),
    Kind("generic.cpp-string-constructor", "generic", lambda r: "", [], 1, r"^vp\.generic\.cpp-string-constructor", special="cpp-string-constructor"),
    Kind("system.service-secret-file", "system", lambda r: "", [], 1, r"^vp\.(postfix|rsync|pgbouncer|ppp|curl)\.", special="service-secret-file"),
    Kind("generic.password-export", "generic", lambda r: "", [], 1, r"^vp\.structured\.generic-secret", special="password-export"),
    Kind("generic.wrapped-assignment", "generic", lambda r: "", [], 1, r"^vp\.generic\.wrapped-assignment", special="wrapped-assignment"),
    Kind("generic.lisp-definition", "generic", lambda r: "", [], 1, r"^vp\.generic\.lisp-definition", special="lisp-definition"),
    Kind("generic.spaced-password", "generic", lambda r: "", [], 1, r"^vp\.generic\.spaced-password", special="spaced-password"),
    Kind("generic.sql-insert-password", "generic", lambda r: "", [], 1, r"^vp\.generic\.sql-insert-password", special="sql-insert-password"),
    Kind("generic.json-unnamed", "generic", lambda r: "", [], 1, r"^vp\.structured\.generic-secret", special="json-unnamed"),
    Kind("generic.postman-environment", "generic", lambda r: "", [], 1, r"^vp\.structured\.generic-secret", special="postman-environment"),
    Kind("pwhash.kerberos", "password-hash", lambda r: krb5_roast(r, "svc", "CORP.TEST"), [], 1, r"^vp\.pwhash\.kerberos\.", special="pwhash"),
    # The generic rules' assignment forms, each a kind so that every seed plants each form.
    Kind("generic.makefile-assign", "generic", lambda r: g_form_value(r, "API_TOKEN"), FORM_KEYS, 1, GENERIC_HINT, special="makefile"),
    Kind("generic.php-append", "generic", lambda r: g_form_value(r, "API_TOKEN"), FORM_KEYS, 1, GENERIC_HINT, special="php-append"),
    Kind("generic.go-typed-var", "generic", lambda r: g_form_value(r, "API_TOKEN"), FORM_KEYS, 1, GENERIC_HINT, special="go-typed-var"),
    Kind("generic.wrapped-literal", "generic", lambda r: g_form_value(r, "API_TOKEN"), FORM_KEYS, 1, GENERIC_HINT, special="wrapped-literal"),
    Kind("generic.json-embedded-env", "generic", lambda r: g_form_value(r, "API_TOKEN"), FORM_KEYS, 1, GENERIC_HINT, special="json-env"),
    Kind("generic.xml-element-block", "generic", lambda r: g_form_value(r, "API_TOKEN"), FORM_KEYS, 1, GENERIC_HINT, special="xml-block"),
    Kind("aws.secret-in-transcript", "aws", lambda r: "", [], 1, r"^vp\.aws\.secret", special="aws-transcript"),
    Kind("aws.secret-beside-id", "aws", lambda r: "", [], 1, r"^vp\.aws\.secret", special="aws-beside-id"),
    Kind("ceph.secret-key", "ceph", lambda r: "", [], 1, r"^vp\.ceph\.secret-key", special="ceph-key"),
    Kind("generic.credential-list", "generic", lambda r: "", [], 1, r"^vp\.(structured\.generic-secret|generic\.)", special="credential-list"),
    Kind("kerberos.keytab-base64", "kerberos", lambda r: "", [], 1, r"^vp\.kerberos\.keytab-base64", special="keytab-base64"),
    # dotenv-vault's DOTENV_KEY and DOTENV_ME, dotenvx's private key (in .env.keys and CI)
    Kind("dotenv.vault-key", "dotenv",
         lambda r: f"dotenv://:key_{r.s(HEX, 64)}@dotenv.org/vault/.env.vault?environment={r.choice(['production', 'staging', 'ci'])}",
         ["DOTENV_KEY", "DOTENV_KEY_PRODUCTION"], 1, r"^vp\.dotenv\.vault-key"),
    Kind("dotenv.me-token", "dotenv", lambda r: "me_" + r.s(HEX, 64), ["DOTENV_ME"], 1, r"^vp\.dotenv\.me-token"),
    # a name=value word inside backticks in prose, or a JVM system property on a command line
    Kind("generic.inline-assignment", "generic", lambda r: g_form_value(r, "API_TOKEN"), [], 1,
         r"^vp\.generic\.inline-assignment", special="inline-assignment"),
    # an Android upload keystore's password in key.properties or a Gradle signing config
    Kind("android.signing-password", "android", lambda r: r.choice([chosen_password(r), pw_generated(r)]), [], 1,
         r"^vp\.android\.signing-", special="android-signing"),
    # a credential's name followed by its version or environment (`API_KEY_OLD`, `dbPasswordProd`)
    Kind("generic.qualified-name", "generic", lambda r: g_form_value(r, "API_TOKEN"), [], 1,
         r"^vp\.(structured\.generic-secret|generic\.)", special="qualified-name"),
    Kind("dotenvx.private-key", "dotenv", lambda r: r.s(HEX, 64),
         ["DOTENV_PRIVATE_KEY", "DOTENV_PRIVATE_KEY_PRODUCTION", "DOTENV_PRIVATE_KEY_CI"], 1, r"^vp\.dotenvx\.private-key"),
    # an OpenAI-compatible service's `sk-` key passed to a client's constructor
    Kind("ai.sk-api-key", "ai", lambda r: "sk-" + r.choice([r.hex(32), r.s(ALNUM, 48)]), [], 1,
         r"^vp\.(ai\.sk-api-key|generic\.)", special="sk-client"),
    # a REST Client request file's variable (`@Password=…` in a `.http` file)
    Kind("generic.http-file-variable", "generic", lambda r: g_form_value(r, "API_TOKEN"), [], 1,
         r"^vp\.generic\.", special="http-variable"),
    # `$$` among a password's symbols in a code literal, and Terraform's write-only argument
    Kind("generic.dollar-password", "generic", lambda r: "", [], 1, r"^vp\.generic\.", special="dollar-password"),
    Kind("terraform.write-only-password", "terraform", lambda r: pw_generated(r), [], 1,
         r"^vp\.(generic\.|terraform\.)", special="write-only-password"),
]
K_BASE = list(K)  # planted from the main random stream; FORMAT_KINDS from one of their own
K += FORMAT_KINDS
KINDS = {k.name: k for k in K}
SPECIAL_RAW = {"aws-csv", "gitlab-cookie", "twilio-api-key", "twilio-auth", "wireguard", "kubeconfig", "sa-secret",
               "npmrc-legacy", "npmrc-auth", "gem-credentials", "gradle"}


# ---------------------------------------------------------------------------------------
# Key-name styles
# ---------------------------------------------------------------------------------------


def words_of(key: str) -> list[str]:
    parts = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", key).replace("-", "_").replace("__", "_").split("_")
    return [p.lower() for p in parts if p]


def key_style(key: str, style: str) -> str:
    if not re.search(r"[_\-]", key) and key != key.upper() and style not in ("camel", "pascal"):
        return key  # already camelCase / a fixed name (Authorization, apiKey, auth)
    w = words_of(key)
    if style == "upper":
        return "_".join(x.upper() for x in w)
    if style == "snake":
        return "_".join(w)
    if style == "camel":
        return w[0] + "".join(x.capitalize() for x in w[1:])
    if style == "pascal":
        return "".join(x.capitalize() for x in w)
    if style == "kebab":
        return "-".join(w)
    if style == "dotted":
        return ".".join(w)
    return key


# ---------------------------------------------------------------------------------------
# Files and snippets
# ---------------------------------------------------------------------------------------


@dataclass
class Mark:
    offset: int           # line offset within the snippet
    record: dict          # truth record (without path/line)
    end_offset: int | None = None


@dataclass
class Snippet:
    lines: list[str]
    marks: list[Mark] = field(default_factory=list)


@dataclass
class FileSpec:
    path: str
    ftype: str
    snippets: list[Snippet] = field(default_factory=list)
    used_names: set = field(default_factory=set)
    capacity: int = 6
    style: int = 0

    def unique(self, name: str) -> str:
        base, n = name, 2
        while name in self.used_names:
            name = f"{base}_{n}"
            n += 1
        self.used_names.add(name)
        return name


# file type -> candidate paths (relative to a repo)
FILE_TYPES = {
    "env": [".env", ".env.local", ".env.production", ".env.staging", "deploy/app.env", ".env.backup.2025{md}", "config/.env.prod", "docker/.env"],
    "yaml": ["config/settings.yaml", "config/production.yml", "helm/values-prod.yaml", "ansible/group_vars/all.yml", "config.yaml", "deploy/values.yaml"],
    "compose": ["docker-compose.yml", "docker-compose.prod.yml", "compose.override.yaml"],
    "k8s": ["k8s/secret.yaml", "k8s/deployment.yaml", "manifests/{w}-secret.yaml"],
    "gha": [".github/workflows/deploy.yml", ".github/workflows/release.yml", ".gitlab-ci.yml"],
    "json": ["config/default.json", "config/production.json", "appsettings.json", "appsettings.Production.json", "secrets.json", "local.settings.json"],
    "mcp": ["mcp.json", ".cursor/mcp.json", ".vscode/mcp.json", "claude_desktop_config.json"],
    "toml": ["config.toml", "settings.toml", ".streamlit/secrets.toml", "config/app.toml"],
    "py": ["app/settings.py", "{w}/config.py", "scripts/sync_{w}.py", "{w}/client.py", "manage/local_settings.py"],
    "js": ["src/config.js", "server/index.js", "lib/{w}Client.js", "config/env.cjs"],
    "ts": ["src/config.ts", "src/clients/{w}.ts", "src/lib/{w}-sync.ts", "scripts/seed.ts"],
    "go": ["internal/config/config.go", "cmd/{w}/main.go", "pkg/{w}/client.go"],
    "java": ["src/main/java/com/acme/{W}Config.java", "src/main/java/com/acme/{W}Client.java"],
    "kt": ["src/main/kotlin/com/acme/{W}Settings.kt"],
    "cs": ["src/{W}Service/Settings.cs"],
    "sh": ["scripts/deploy.sh", "bootstrap.sh", "scripts/{w}-backfill.sh", "bin/run-{w}.sh"],
    "docker": ["Dockerfile", "docker/{w}.Dockerfile", "Dockerfile.prod"],
    "tf": ["infra/main.tf", "infra/providers.tf", "terraform/{w}.tf", "infra/modules/{w}/main.tf"],
    "tfvars": ["infra/terraform.tfvars", "infra/prod.auto.tfvars"],
    "md": ["README.md", "docs/setup.md", "RUNBOOK.md", "docs/{w}-migration.md", "NOTES.md"],
    "ini": ["config.ini", "setup.cfg", "conf/{w}.ini", "alembic.ini"],
    "aws-credentials": ["aws/credentials", ".aws/credentials"],
    "xml": ["Web.config", "App.config", "src/main/resources/{w}-context.xml", ".m2/settings.xml"],
    "props": ["src/main/resources/application.properties", "src/main/resources/application-prod.properties", "gradle.properties"],
    "php": ["config/{w}.php", "wp-config.php"],
    "rb": ["config/initializers/{w}.rb"],
    "ps1": ["scripts/deploy.ps1", "tools/{w}-setup.ps1"],
    "sql": ["db/migrations/0{n}_create_{w}_user.sql", "db/seed_{w}.sql"],
    "c": ["src/{w}_config.h", "firmware/{w}/secrets.h"],
    "cmake": ["CMakeLists.txt", "cmake/{w}.cmake"],
    "html": ["docs/{w}-access.html", "wiki/{W}.html"],
}

ASSIGN_TYPES = ["env", "yaml", "compose", "k8s", "gha", "json", "mcp", "toml", "py", "js", "ts", "go", "java", "kt", "cs",
                "sh", "docker", "tf", "tfvars", "md", "ini", "xml", "props", "php", "rb", "ps1"]
# relative frequency of file types for planted generic placement
TYPE_WEIGHTS = {"env": 9, "yaml": 6, "compose": 3, "k8s": 2, "gha": 2, "json": 5, "mcp": 3, "toml": 2, "py": 6, "js": 3, "ts": 4,
                "go": 3, "java": 2, "kt": 1, "cs": 1, "sh": 4, "docker": 2, "tf": 3, "tfvars": 1, "md": 4, "ini": 2, "xml": 2,
                "props": 2, "php": 1, "rb": 1, "ps1": 1}

QUOTES = ['"', "'"]
SQ = "'"


def q(value: str, quote: str = '"') -> str:
    return f"{quote}{value}{quote}"


class Renderer:
    """Renders key/value assignments and filler in one file type's syntax."""

    def __init__(self, r: Rand):
        self.r = r

    # ---- assignments: return (lines, offset of the value's line)
    def assign(self, f: FileSpec, key: str, value: str) -> tuple[list[str], int]:
        r, t = self.r, f.ftype
        if t == "env":
            k = f.unique(key_style(key, "upper"))
            style = r.randint(0, 5)
            if style == 0:
                return [f'{k}="{value}"'], 0
            if style == 1:
                return [f"export {k}={value}"], 0
            if style == 2:
                return [f"{k}='{value}'"], 0
            return [f"{k}={value}"], 0
        if t in ("yaml", "k8s-data"):
            k = key_style(key, r.choice(["snake", "snake", "camel"]))
            v = value if r.random() < 0.5 and re.fullmatch(r"[A-Za-z0-9_./+=:@,$-]+", value) and not value[0] in "@!%&*" else q(value)
            if r.random() < 0.6:
                section = f.unique(r.choice(["database", "auth", "integrations", "credentials", "providers", "services", "clients", r.word()]))
                return [f"{section}:", f"  {k}: {v}"], 1
            return [f"{f.unique(k)}: {v}"], 0
        if t == "compose":
            k = f.unique(key_style(key, "upper"))
            return [f"      - {k}={value}"] if f.style == 0 else [f"      {k}: \"{value}\""], 0
        if t == "k8s":
            k = f.unique(key_style(key, "upper"))
            if "secret" not in f.path:
                return [f"            - name: {k}", f"              value: \"{value}\""], 1
            return [f"  {k}: \"{value}\""], 0
        if t == "gha":
            k = f.unique(key_style(key, "upper"))
            # a plain scalar cannot open with a YAML indicator (`{{resolve:…}}` would be a mapping)
            plain_ok = value[:1] not in "{[&*!|>'\"%@`#,?:-" and r.random() >= 0.6
            return [f"      {k}: {value if plain_ok else q(value)}"], 0
        if t in ("json", "mcp"):
            k = f.unique(key_style(key, r.choice(["camel", "snake", "upper"])) if t == "json" else key_style(key, "upper"))
            return [f"{q(k)}: {json.dumps(value)}"], 0
        if t == "toml":
            k = f.unique(key_style(key, "snake"))
            return [f"{k} = {json.dumps(value)}"], 0
        if t == "py":
            style = r.randint(0, 4)
            if style == 0:
                return [f"{f.unique(key_style(key, 'upper'))} = {q(value, r.choice(QUOTES))}"], 0
            if style == 1:
                return [f"os.environ.setdefault({q(key_style(key, 'upper'))}, {q(value)})"], 0
            if style == 2:
                name = f.unique(f"{r.word()}_config")
                return [f"{name} = {{", f"    {q(key_style(key, 'snake'))}: {q(value)},", f"    \"timeout\": {r.randint(5, 60)},", "}"], 1
            if style == 3:
                return [f"{key_style(key, 'snake')} = os.getenv({q(key_style(key, 'upper'))}, {q(value)})"], 0
            return [f"{key_style(key, 'snake')}: str = {q(value)}"], 0
        if t in ("js", "ts"):
            style = r.randint(0, 3)
            if style == 0:
                return [f"const {f.unique(key_style(key, 'camel'))} = {q(value, r.choice(QUOTES))};"], 0
            if style == 1:
                return [f"const {f.unique(key_style(key, 'camel'))} = process.env.{key_style(key, 'upper')} || {q(value, SQ)};"], 0
            if style == 2:
                name = f.unique(f"{r.word()}Options")
                return [f"export const {name} = {{", f"  {key_style(key, 'camel')}: {q(value, chr(39))},", f"  retries: {r.randint(1, 5)},", "};"], 1
            return [f"export const {key_style(key, 'upper')} = `{value}`;"], 0
        if t == "go":
            style = r.randint(0, 2)
            if style == 0:
                return [f"const {f.unique(key_style(key, 'camel'))} = {q(value)}"], 0
            if style == 1:
                return ["func init() {", f"\tos.Setenv({q(key_style(key, 'upper'))}, {q(value)})", "}"], 1
            return [f"var {f.unique(key_style(key, 'pascal'))} = {q(value)}"], 0
        if t == "java":
            return [f"    private static final String {f.unique(key_style(key, 'upper'))} = {q(value)};"], 0
        if t == "kt":
            return [f"    val {f.unique(key_style(key, 'camel'))} = {q(value)}"], 0
        if t == "cs":
            if r.random() < 0.4:  # an auto-property with its default, as settings classes hold them
                return [f"        public static string {f.unique(key_style(key, 'pascal'))} {{ get; set; }} = {q(value)};"], 0
            return [f"        public const string {f.unique(key_style(key, 'pascal'))} = {q(value)};"], 0
        if t == "sh":
            style = r.randint(0, 2)
            k = f.unique(key_style(key, "upper"))
            if style == 0:
                return [f"export {k}=\"{value}\""], 0
            if style == 1:
                return [f"{k}='{value}'"], 0
            return [f"export {k}={value}"], 0
        if t == "docker":
            k = f.unique(key_style(key, "upper"))
            return [r.choice([f"ENV {k}={value}", f"ENV {k}=\"{value}\"", f"ARG {k}={value}", f"ENV {k} {value}"])], 0
        if t == "tf":
            k = key_style(key, "snake")
            style = r.randint(0, 2)
            if style == 0:
                name = f.unique(key_style(key, "snake"))
                return [f'variable "{name}" {{', '  type    = string', f'  default = "{value}"', "}"], 2
            if style == 1:
                name = f.unique(r.word())
                return [f'resource "kubernetes_secret" "{name}" {{', "  data = {", f'    {k} = "{value}"', "  }", "}"], 2
            name = f.unique(r.word())
            return [f'locals {{', f'  {name}_{k} = "{value}"', "}"], 1
        if t == "tfvars":
            return [f"{f.unique(key_style(key, 'snake'))} = {q(value)}"], 0
        if t == "md":
            style = r.randint(0, 2)
            k = key_style(key, "upper")
            if style == 0:
                return ["```bash", f"export {k}={value}", "```"], 1
            if style == 1:
                return ["```", f"{k}={value}", "```"], 1
            return [f"| `{k}` | `{value}` | prod |"], 0
        if t in ("ini", "aws-credentials"):
            k = f.unique(key_style(key, "snake"))
            return [f"{k} = {value}" if r.random() < 0.7 else f"{k}={value}"], 0
        if t == "xml":
            style = r.randint(0, 1)
            if style == 0:
                return [f'    <add key="{key_style(key, "pascal")}" value="{value}" />'], 0
            k = key_style(key, "camel")
            return [f"    <{k}>{value}</{k}>"], 0
        if t == "props":
            return [f"{f.unique(key_style(key, 'dotted'))}={value}"], 0
        if t == "php":
            return [f"define('{key_style(key, 'upper')}', '{value}');" if r.random() < 0.5 else f"    '{key_style(key, 'snake')}' => '{value}',"], 0
        if t == "rb":
            return [f"  config.{key_style(key, 'snake')} = \"{value}\""], 0
        if t == "ps1":
            if r.random() < 0.5:
                return [f"$env:{key_style(key, 'upper')} = \"{value}\""], 0
            return [f"${f.unique(key_style(key, 'camel'))} = '{value}'"], 0
        raise ValueError(t)


# ---------------------------------------------------------------------------------------
# Filler: realistic code around the plants (no secrets in it)
# ---------------------------------------------------------------------------------------


def filler(r: Rand, f: FileSpec, where: str) -> list[str]:
    t, w, w2 = f.ftype, r.word(), r.word()
    n = r.randint(1, 3)
    if t == "env":
        opts = [f"LOG_LEVEL={r.choice(['info', 'debug', 'warn'])}", f"{w.upper()}_HOST={w}.internal", f"{w.upper()}_PORT={r.randint(3000, 9000)}",
                f"NODE_ENV=production", f"FEATURE_{w2.upper()}=true", f"# {w} settings", f"TZ=UTC", f"WORKERS={r.randint(2, 16)}",
                f"REGION={r.choice(['us-east-1', 'eu-west-1', 'ap-southeast-2'])}", f"{w.upper()}_TIMEOUT_MS={r.randint(1, 30) * 1000}", ""]
        return r.sample(opts, n + 1)
    if t in ("yaml",):
        section = f.unique(w)
        return [f"{section}:", f"  enabled: {r.choice(['true', 'false'])}", f"  url: https://{w}.internal:{r.randint(8000, 9000)}",
                f"  timeout_seconds: {r.randint(5, 120)}", f"  retries: {r.randint(1, 5)}"][: 2 + n]
    if t == "compose":
        k1, k2 = f.unique(f"{w.upper()}_LOG_LEVEL"), f.unique(f"{w2.upper()}_URL")
        if f.style == 0:
            return [f"      - {k1}=info", f"      - {k2}=http://{w2}:{r.randint(8000, 9000)}"][:n]
        return [f"      {k1}: info", f"      {k2}: http://{w2}:{r.randint(8000, 9000)}"][:n]
    if t == "k8s":
        return []
    if t == "gha":
        return [f"      {f.unique(w.upper() + '_ENV')}: production"][:n]
    if t in ("json", "mcp"):
        return []  # JSON filler is members, added by the file writer
    if t == "toml":
        sec = f.unique(w)
        return [f"[{sec}]", f'url = "https://{w}.internal"', f"timeout = {r.randint(5, 60)}", ""]
    if t == "py":
        fn = f.unique(f"fetch_{w}")
        return ["", "", f"def {fn}(session, {w2}_id: str, timeout: float = {r.randint(5, 30)}.0):",
                f'    """Fetch one {w} record for {w2} {w2}_id."""',
                f'    resp = session.get(f"{{BASE_URL}}/{w}/{{{w2}_id}}", timeout=timeout)',
                "    resp.raise_for_status()", f"    log.info(\"fetched %s\", {w2}_id)", "    return resp.json()", ""]
    if t in ("js", "ts"):
        fn = f.unique(f"load{w.capitalize()}")
        typ = ": string" if t == "ts" else ""
        return ["", f"export async function {fn}(id{typ}) {{", f"  const res = await fetch(`${{baseUrl}}/{w}/${{id}}`);",
                f"  if (!res.ok) throw new Error(`{w} ${{res.status}}`);", "  return res.json();", "}", ""]
    if t == "go":
        fn = f.unique(f"Fetch{w.capitalize()}")
        return ["", f"func {fn}(ctx context.Context, c *http.Client, id string) (*http.Response, error) {{",
                f"\treq, err := http.NewRequestWithContext(ctx, http.MethodGet, baseURL+\"/{w}/\"+id, nil)",
                "\tif err != nil {", "\t\treturn nil, err", "\t}", "\treturn c.Do(req)", "}", ""]
    if t in ("java",):
        fn = f.unique(f"fetch{w.capitalize()}")
        return ["", f"    public String {fn}(String id) {{", f"        return client.get(\"/{w}/\" + id).body();", "    }"]
    if t == "kt":
        return ["", f"    fun {f.unique('load' + w.capitalize())}(id: String) = client.get(\"/{w}/$id\")"]
    if t == "cs":
        return ["", f"        public int {f.unique(w.capitalize() + 'TimeoutSeconds')} {{ get; set; }} = {r.randint(5, 60)};"]
    if t == "sh":
        return [f"echo \"==> syncing {w}\"", f"curl -fsS \"https://{w}.internal/healthz\" >/dev/null",
                f"{w.upper()}_DIR=\"/var/lib/{w}\"", f"mkdir -p \"${{{w.upper()}_DIR}}\"", ""][: n + 2]
    if t == "docker":
        return [f"RUN pip install --no-cache-dir {w}-client=={r.randint(1, 4)}.{r.randint(0, 20)}.{r.randint(0, 9)}",
                f"COPY {w}/ /app/{w}/", f"EXPOSE {r.randint(3000, 9000)}"][:n]
    if t == "tf":
        name = f.unique(w)
        return ["", f'resource "aws_s3_bucket" "{name}" {{', f'  bucket = "{w}-{w2}-{r.randint(100, 999)}"',
                "  tags = {", f'    team = "{w2}"', "  }", "}", ""]
    if t == "tfvars":
        return [f'{w}_instance_type = "t3.{r.choice(["small", "medium", "large"])}"', f'{w2}_replicas = {r.randint(1, 5)}'][:n]
    if t == "md":
        return ["", f"## {w.capitalize()} {w2}", "",
                f"The {w} service talks to {w2} through the internal gateway. Restart it after changing settings:", "",
                "```bash", f"systemctl restart {w}-{w2}", "```", ""][: 3 + 2 * n]
    if t in ("ini", "aws-credentials"):
        if t == "aws-credentials":
            return []
        return ["", f"[{f.unique(w)}]", f"host = {w}.internal", f"port = {r.randint(1000, 9999)}"]
    if t == "xml":
        return [f'    <add key="{w.capitalize()}Timeout" value="{r.randint(5, 120)}" />']
    if t == "props":
        return [f"{w}.url=https://{w}.internal", f"{w}.pool.size={r.randint(2, 32)}", f"logging.level.com.acme.{w}=INFO"][:n]
    if t == "php":
        return [f"    '{w}_timeout' => {r.randint(5, 60)},"]
    if t == "rb":
        return [f"  config.{w}_timeout = {r.randint(5, 60)}"]
    if t == "ps1":
        return [f"Write-Host \"Deploying {w}...\"", f"Invoke-RestMethod -Uri \"https://{w}.internal/healthz\" | Out-Null"][:n]
    if t == "sql":
        return [f"CREATE TABLE IF NOT EXISTS {w}_{w2} (id bigserial PRIMARY KEY, created_at timestamptz DEFAULT now());", ""]
    return []


def header_footer(r: Rand, f: FileSpec, repo: str) -> tuple[list[str], list[str]]:
    t, w = f.ftype, r.word()
    if t == "env":
        return [f"# {repo} environment", f"APP_NAME={repo}", ""], [""]
    if t == "yaml":
        return [f"# {repo} configuration", f"service: {repo}", f"environment: {r.choice(['production', 'staging'])}"], []
    if t == "compose":
        return ["services:", "  app:", f"    image: registry.internal/{repo}:{r.randint(1, 9)}.{r.randint(0, 20)}.{r.randint(0, 9)}",
                "    ports:", f"      - \"{r.randint(3000, 9000)}:8080\"", "    environment:"], [
                "  redis:", "    image: redis:7-alpine", ""]
    if t == "k8s":
        if "secret" in f.path:
            return ["apiVersion: v1", "kind: Secret", "metadata:", f"  name: {repo}-credentials", f"  namespace: {repo}", "type: Opaque", "stringData:"], []
        return ["apiVersion: apps/v1", "kind: Deployment", "metadata:", f"  name: {repo}", "spec:", "  replicas: 2", "  template:", "    spec:",
                "      containers:", f"        - name: {repo}", f"          image: registry.internal/{repo}:latest", "          env:"], []
    if t == "gha":
        if f.path.endswith(".gitlab-ci.yml"):
            return ["stages: [test, deploy]", "", "deploy:", "  stage: deploy", "  script:", "    - ./scripts/deploy.sh", "  variables:"], []
        return [f"name: deploy-{repo}", "on:", "  push:", "    branches: [main]", "jobs:", "  deploy:", "    runs-on: ubuntu-latest",
                "    steps:", "      - uses: actions/checkout@v4", "      - run: ./scripts/deploy.sh", "    env:"], []
    if t == "toml":
        return [f"# {repo} settings", f'name = "{repo}"', f'log_level = "info"', ""], []
    if t == "py":
        return [f'"""{repo}: {w} configuration and client helpers."""', "", "import logging", "import os", "",
                "log = logging.getLogger(__name__)", f'BASE_URL = "https://{w}.internal/api/v2"', ""], [""]
    if t in ("js", "ts"):
        return [f"// {repo}: {w} client configuration", "const baseUrl = process.env.API_BASE_URL || 'http://localhost:8080';", ""], [""]
    if t == "go":
        pkg = re.sub(r"[^a-z]", "", Path(f.path).parent.name) or "config"
        return [f"package {pkg}", "", "import (", '\t"context"', '\t"net/http"', '\t"os"', ")", "",
                f'const baseURL = "https://{w}.internal"', "", "func init() {", "\t_ = os.Getenv(\"HOME\")", "}", ""], [""]
    if t == "java":
        cls = Path(f.path).stem
        return ["package com.acme;", "", "import java.net.http.HttpClient;", "", f"public class {cls} {{",
                "    private final HttpClient client = HttpClient.newHttpClient();"], ["}"]
    if t == "kt":
        return ["package com.acme", "", f"object {Path(f.path).stem} {{"], ["}"]
    if t == "cs":
        return ["namespace Acme.Services", "{", f"    public static class {Path(f.path).stem}", "    {"], ["    }", "}"]
    if t == "sh":
        return ["#!/usr/bin/env bash", "set -euo pipefail", f"# {repo}: {w} deployment helper", ""], ["", "echo done"]
    if t == "docker":
        return [f"FROM python:3.{r.randint(10, 12)}-slim", "WORKDIR /app", "COPY requirements.txt .",
                "RUN pip install --no-cache-dir -r requirements.txt"], ["COPY . .", f'CMD ["python", "-m", "{repo.replace("-", "_")}"]']
    if t == "tf":
        return ["terraform {", "  required_version = \">= 1.5\"", "}", ""], []
    if t == "tfvars":
        return [f'environment = "production"', f'region      = "us-east-1"'], []
    if t == "md":
        return [f"# {repo}", "", f"Operational notes for the {repo} service ({w} integration).", ""], ["", "_Last reviewed by the platform team._"]
    if t == "ini":
        return [f"[{f.unique('default')}]", f"name = {repo}"], []
    if t == "aws-credentials":
        return ["[default]", f"region = {r.choice(['us-east-1', 'eu-west-1'])}"], []
    if t == "xml":
        if f.path.endswith("settings.xml"):
            return ['<?xml version="1.0" encoding="UTF-8"?>', "<settings>", "  <servers>", "  <server>", f"    <id>{w}-releases</id>"], [
                "  </server>", "  </servers>", "</settings>"]
        return ['<?xml version="1.0" encoding="utf-8"?>', "<configuration>", "  <appSettings>"], ["  </appSettings>", "</configuration>"]
    if t == "props":
        return [f"spring.application.name={repo}", "server.port=8080"], []
    if t == "php":
        if "wp-config" in f.path:
            return ["<?php", f"define('DB_NAME', '{w}');", f"define('DB_HOST', 'db.internal');"], ["", "require_once ABSPATH . 'wp-settings.php';"]
        return ["<?php", "", "return ["], ["];"]
    if t == "rb":
        return [f"{repo.replace('-', '_').capitalize()}.configure do |config|"], ["end"]
    if t == "ps1":
        return ["#Requires -Version 7", "$ErrorActionPreference = 'Stop'", ""], []
    if t == "sql":
        return [f"-- {repo}: {w} schema and service accounts", "BEGIN;", ""], ["", "COMMIT;"]
    if t == "cmake":
        return ["cmake_minimum_required(VERSION 3.20)", f"project({w} C)", ""], ["", f"add_executable({w} src/main.c)"]
    if t == "html":
        return ["<html><body>", f"<h1>{w.capitalize()} access</h1>"], ["</body></html>"]
    return [], []


# ---------------------------------------------------------------------------------------
# Decoys
# ---------------------------------------------------------------------------------------


def decoy_value(r: Rand, category: str) -> tuple[str, str, str, str]:
    """(key, value, provider, note) for a decoy rendered as an assignment."""
    w = r.word()
    if category == "placeholder":
        choices = [
            ("STRIPE_SECRET_KEY", "sk_live_" + "x" * 24, "stripe", "x-filled Stripe key"),
            ("GITHUB_TOKEN", "ghp_" + "x" * 36, "github", "x-filled GitHub token"),
            ("AWS_ACCESS_KEY_ID", "AKIA" + "X" * 16, "aws", "X-filled AWS key id"),
            ("OPENAI_API_KEY", "sk-proj-" + "x" * 40, "openai", "x-filled OpenAI key"),
            ("SLACK_BOT_TOKEN", "xoxb-your-bot-token", "slack", "your- placeholder"),
            ("API_KEY", f"<your-{w}-api-key>", "generic", "angle-bracket placeholder"),
            ("DATABASE_PASSWORD", "<YOUR_DB_PASSWORD>", "generic", "angle-bracket placeholder"),
            ("DB_PASSWORD", "changeme", "generic", "changeme"),
            ("ADMIN_PASSWORD", "CHANGE_ME", "generic", "CHANGE_ME"),
            ("JWT_SECRET", "replace-me-with-a-long-random-string", "generic", "replace-me"),
            ("API_TOKEN", "your_api_token_here", "generic", "your_ placeholder"),
            ("CLIENT_SECRET", "********", "generic", "masked"),
            ("VAULT_TOKEN", "hvs." + "x" * 24, "vault", "x-filled Vault token"),
            ("SENDGRID_API_KEY", "SG.xxxxxxxxxxxxxxxxxxxxxx.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "sendgrid", "x-filled SendGrid key"),
            ("ANTHROPIC_API_KEY", "sk-ant-api03-your-key-here", "anthropic", "your- placeholder"),
            ("SECRET_KEY", "insert-secret-key-here", "generic", "insert- placeholder"),
            ("REDIS_PASSWORD", "", "generic", "empty value"),
            ("SMTP_PASSWORD", "dummy-password", "generic", "dummy"),
            ("TWILIO_AUTH_TOKEN", "<twilio-auth-token>", "twilio", "angle-bracket placeholder"),
            ("HF_TOKEN", "hf_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "huggingface", "x-filled HF token"),
            ("STRIPE_SECRET_KEY", "sk_live_…" + r.s(DIGITS, 4), "stripe", "masked: last four only"),
            ("GITHUB_TOKEN", "ghp_" + "*" * 32 + r.s(ALNUM, 4), "github", "masked token"),
            ("AWS_ACCESS_KEY_ID", "AKIA************" + r.s(B32, 4), "aws", "masked key id"),
        ]
        return r.choice(choices)
    if category == "reference":
        name = r.choice(["STRIPE_KEY", "DB_PASSWORD", "GITHUB_TOKEN", "OPENAI_API_KEY", "JIRA_API_TOKEN", "ERPNEXT_KEY", "VAULT_TOKEN"])
        choices = [
            (name, f"${{{name}}}", "generic", "env var reference ${VAR}"),
            (name, f"${{{name}:-}}", "generic", "env var reference with empty default"),
            (name, f"${name}", "generic", "env var reference $VAR"),
            (name, f"{{{{ .Values.{words_of(name)[-1]} }}}}", "generic", "Helm template"),
            (name, f"${{{{ secrets.{name} }}}}", "generic", "GitHub Actions secret reference"),
            (name, f"vault:portarium/credentials/ws-{w}/{words_of(name)[0]}#api_key", "vault", "Vault path reference"),
            (name, f"ref+vault://secret/data/{w}/{words_of(name)[0]}#/value", "vault", "vals Vault reference"),
            (name, f"op://Engineering/{w}-{words_of(name)[0]}/credential", "generic", "1Password reference"),
            (name, f"arn:aws:secretsmanager:us-east-1:{r.digits(12)}:secret:prod/{w}/{words_of(name)[0]}-{r.s(ALNUM, 6)}", "aws", "Secrets Manager ARN"),
            (name, f"@Microsoft.KeyVault(SecretUri=https://{w}-kv.vault.azure.net/secrets/{words_of(name)[0]}/)", "azure", "Key Vault reference"),
            (name, f"{{{{ with secret \"secret/data/{w}\" }}}}{{{{ .Data.data.{words_of(name)[-1]} }}}}{{{{ end }}}}", "vault", "Vault Agent template"),
            (name, f"%{name}%", "generic", "Windows env reference"),
            (name, f"{{{{ vault_{words_of(name)[-1]} }}}}", "generic", "Ansible/Jinja variable"),
            (name, f"projects/{w}-prod/secrets/{words_of(name)[0]}/versions/latest", "gcp", "GCP Secret Manager path"),
            (name, f"{{{{resolve:secretsmanager:{w}/{words_of(name)[0]}:SecretString:value}}}}", "aws", "CloudFormation dynamic reference"),
        ]
        return r.choice(choices)
    if category == "config":
        choices = [
            ("DATABASE_HOST", f"db.{w}.internal", "generic", "host"),
            ("VAULT_ADDR", f"https://vault.{w}.internal:8200", "vault", "Vault address"),
            ("VAULT_MOUNT", "portarium/credentials", "vault", "mount path"),
            ("VAULT_KV_MOUNT", "secret", "vault", "mount name"),
            ("SECRET_BACKEND", r.choice(["vault", "aws", "env"]), "generic", "backend selector"),
            ("DATABASE_URL", f"postgres://{w}@db.internal:5432/{w}", "generic", "URL without password"),
            ("REDIS_URL", f"redis://redis.{w}.internal:6379/0", "generic", "URL without credentials"),
            ("TOKEN_URL", f"https://auth.{w}.internal/oauth/token", "generic", "token endpoint URL"),
            ("PASSWORD_MIN_LENGTH", str(r.randint(10, 16)), "generic", "password policy"),
            ("DB_PASSWORD_FILE", f"/run/secrets/{w}_db_password", "generic", "secret file path"),
            ("SECRET_NAME", f"prod/{w}/database", "generic", "secret name"),
            ("TOKEN_TTL", r.choice(["768h", "1h", "30m"]), "generic", "TTL"),
            ("API_KEY_HEADER", "X-API-Key", "generic", "header name"),
            ("AUTH_METHOD", r.choice(["kubernetes", "approle", "oidc"]), "generic", "auth method"),
            ("VAULT_ROLE", f"{w}-reader", "vault", "role name"),
            ("ERP_BASE_URL", f"https://erp.{w}.internal/api", "generic", "SoR base URL"),
            ("STRIPE_API_VERSION", "2024-06-20", "stripe", "API version"),
            ("JIRA_USER_EMAIL", f"{w}-bot@{r.word()}.io", "atlassian", "account email"),
            ("AWS_REGION", r.choice(["us-east-1", "eu-central-1"]), "aws", "region"),
            ("SESSION_COOKIE_SECURE", "true", "generic", "flag"),
            ("PASSWORD_RESET_TIMEOUT", "3600", "generic", "timeout"),
            ("OAUTH_TOKEN_ENDPOINT", f"https://login.{w}.com/oauth2/v2.0/token", "generic", "endpoint"),
            ("GITHUB_APP_ID", r.digits(6), "github", "app id"),
            ("KEYCLOAK_ADMIN", "admin", "generic", "admin username"),
        ]
        return r.choice(choices)
    if category == "hash":
        salt = r.s(ALNUM + "./", 22)
        choices = [
            ("ARTIFACT_SHA256", hashlib.sha256(r.bytes(32)).hexdigest(), "generic", "sha256 digest"),
            ("checksum", "sha256:" + hashlib.sha256(r.bytes(16)).hexdigest(), "generic", "prefixed digest"),
            ("PASSWORD_HASH", f"$2b$12${salt}{r.s(ALNUM + './', 31)}", "generic", "bcrypt hash"),
            ("ADMIN_PASSWORD_HASH", f"$argon2id$v=19$m=65536,t=3,p=4${r.b64(16, pad=False)}${r.b64(32, pad=False)}", "generic", "argon2 hash"),
            ("integrity", "sha512-" + r.b64(64), "generic", "SRI integrity"),
            ("IMAGE_DIGEST", f"registry.internal/{w}@sha256:{hashlib.sha256(r.bytes(8)).hexdigest()}", "generic", "image digest"),
            ("md5sum", hashlib.md5(r.bytes(8)).hexdigest(), "generic", "md5 digest"),
            ("password_sha1", hashlib.sha1(r.bytes(8)).hexdigest(), "generic", "hash under password_sha1"),
            ("password", f"$2y$10${salt}{r.s(ALNUM + './', 31)}", "generic", "bcrypt hash under password (users file)"),
            ("password", f"$argon2id$v=19$m=65536,t=3,p=4${r.b64(16, pad=False)}${r.b64(32, pad=False)}", "generic", "argon2 hash under password"),
        ]
        return r.choice(choices)
    if category == "git_sha":
        sha = hashlib.sha1(r.bytes(20)).hexdigest()
        return r.choice([
            ("GIT_SHA", sha, "generic", "git commit"), ("COMMIT", sha, "generic", "git commit"),
            ("revision", sha, "generic", "git revision"), ("BUILD_COMMIT", sha[:12], "generic", "short sha"),
            ("source_ref", f"https://github.com/acme/{w}/archive/{sha}.tar.gz", "generic", "archive URL"),
        ])
    if category == "uuid":
        return r.choice([
            ("REQUEST_ID", r.uuid4(), "generic", "uuid"), ("TENANT_ID", r.uuid4(), "azure", "tenant id"),
            ("AZURE_SUBSCRIPTION_ID", r.uuid4(), "azure", "subscription id"), ("AZURE_CLIENT_ID", r.uuid4(), "azure", "app (client) id"),
            ("WORKSPACE_ID", r.uuid4(), "generic", "workspace id"), ("CORRELATION_ID", r.uuid4(), "generic", "uuid"),
            ("PROJECT_ID", r.uuid4(), "generic", "uuid"), ("DD_SITE_ID", r.uuid4(), "datadog", "uuid"),
        ])
    if category == "identifier":
        choices = [
            ("TRACE_ID", r.hex(32), "generic", "trace id"), ("SPAN_ID", r.hex(16), "generic", "span id"),
            ("ETAG", f"W/\"{r.hex(32)}\"", "generic", "etag"), ("BUILD_ID", f"{w}-{r.s(LOWER + DIGITS, 20)}", "generic", "build id"),
            ("CACHE_KEY", f"{w}-{r.hex(40)}", "generic", "cache key"), ("IDEMPOTENCY_KEY", r.uuid4(), "generic", "idempotency key"),
            ("STRIPE_CUSTOMER_ID", "cus_" + r.s(ALNUM, 14), "stripe", "Stripe object id"),
            ("STRIPE_PRICE_ID", "price_1" + r.s(ALNUM, 23), "stripe", "Stripe object id"),
            ("STRIPE_PUBLISHABLE_KEY", "pk_live_" + r.s(ALNUM, 24), "stripe", "publishable key (public by design)"),
            ("NEXT_PUBLIC_STRIPE_KEY", "pk_live_51" + r.s(ALNUM, 97), "stripe", "publishable key (public by design)"),
            ("TWILIO_ACCOUNT_SID", "AC" + r.hex(32), "twilio", "account SID (identifier)"),
            ("GOOGLE_CLIENT_ID", f"{r.digits(12)}-{r.s(LOWER + DIGITS, 32)}.apps.googleusercontent.com", "gcp", "OAuth client id (public)"),
            ("AWS_ACCOUNT_ID", r.digits(12), "aws", "account id"),
            ("ROLE_ARN", f"arn:aws:iam::{r.digits(12)}:role/{w}-deployer", "aws", "role ARN"),
            ("KMS_KEY_ARN", f"arn:aws:kms:us-east-1:{r.digits(12)}:key/{r.uuid4()}", "aws", "KMS key ARN"),
            ("SLACK_CHANNEL_ID", "C0" + r.s(UPPER + DIGITS, 9), "slack", "channel id"),
            ("OPENAI_ORG_ID", "org-" + r.s(ALNUM, 24), "openai", "organization id"),
            ("GCP_PROJECT", f"{w}-prod-{r.digits(6)}", "gcp", "project id"),
            ("VAULT_ROLE_ID", r.uuid4(), "vault", "AppRole role_id (not the secret_id)"),
            ("SENTRY_RELEASE", f"{w}@{r.randint(1, 9)}.{r.randint(0, 30)}.{r.randint(0, 9)}+{r.hex(7)}", "sentry", "release name"),
            ("DOCKER_IMAGE", f"ghcr.io/acme/{w}:sha-{r.hex(7)}", "generic", "image ref"),
            ("GITHUB_RUN_ID", r.digits(10), "github", "run id"),
            ("POSTHOG_PROJECT_KEY", "phc_" + r.s(ALNUM, 43), "posthog", "project API key (public client key)"),
            ("MAILGUN_PUBLIC_KEY", "pubkey-" + r.hex(32), "mailgun", "public validation key"),
            ("NEW_RELIC_BROWSER_KEY", "NRJS-" + r.hex(19), "newrelic", "browser key (public)"),
            ("STRIPE_TEST_PUBLISHABLE_KEY", "pk_test_" + r.s(ALNUM, 24), "stripe", "publishable test key (public)"),
        ]
        return r.choice(choices)
    if category == "base64_blob":
        blob = base64.b64encode(json.dumps({"theme": w, "version": r.randint(1, 9), "features": [r.word(), r.word()]}).encode()).decode()
        png = base64.b64encode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + r.bytes(24)).decode()
        return r.choice([
            ("UI_CONFIG_B64", blob, "generic", "base64 JSON config"),
            ("FAVICON", "data:image/png;base64," + png, "generic", "data URI"),
            ("BANNER_TEXT_B64", base64.b64encode(f"Welcome to {w}! Maintenance window Sunday 02:00 UTC.".encode()).decode(), "generic", "base64 text"),
        ])
    if category == "example":
        choices = [
            ("AWS_ACCESS_KEY_ID", "AKIA" + r.s(B32, 9) + "EXAMPLE", "aws", "EXAMPLE marker"),
            ("AWS_SECRET_ACCESS_KEY", r.s(ALNUM + "/", 20) + "/EXAMPLEKEY" + r.s(ALNUM, 10), "aws", "EXAMPLE marker"),
            ("STRIPE_SECRET_KEY", "sk_live_example" + r.s(ALNUM, 17), "stripe", "example marker"),
            ("GITHUB_TOKEN", "ghp_1234567890abcdefghij" + r.s(ALNUM, 16), "github", "1234567890 / abcdefghij marker"),
            ("DATABASE_URL", f"postgres://user:example@localhost:5432/{w}", "generic", "example password"),
            ("API_KEY", "dummy_" + r.s(ALNUM, 20), "generic", "dummy marker"),
            ("SLACK_WEBHOOK_URL", "https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX", "slack", "zeros/X webhook"),
            ("OPENAI_API_KEY", "sk-proj-example-" + r.s(ALNUM, 24), "openai", "example marker"),
            ("password", "example-password", "generic", "example marker"),
        ]
        return r.choice(choices)
    if category == "prose":
        return r.choice([
            ("password", "Password", "generic", "i18n label"), ("password", "Passwort", "generic", "i18n label"),
            ("token", "string", "generic", "schema type"), ("password", "required", "generic", "schema word"),
            ("secret", "true", "generic", "boolean"), ("API_KEY", "none", "generic", "none"),
            ("auth_token", "null", "generic", "null"), ("password", "guest", "generic", "short word"),
            ("DB_PASSWORD", "os.environ[\"DB_PASSWORD\"]", "generic", "code expression"),
            ("apiKey", "config.apiKey", "generic", "code expression"),
            ("TOKEN_TYPE", "Bearer", "generic", "token type"),
            ("GRANT_TYPE", "client_credentials", "generic", "OAuth grant type"),
            ("PASSWORD_POLICY", "^(?=.*[A-Z])(?=.*[0-9]).{12,}$", "generic", "password policy regex"),
        ])
    if category == "host":
        # Code tokens and slot names where a database host goes: no endpoint may come of them.
        return r.choice([
            ("DB_HOST", "os.environ.get('DB_HOST')", "database", "code expression as host"),
            ("DATABASE_HOST", "self.host", "database", "attribute as host"),
            ("PGHOST", "conn", "database", "variable as host"),
            ("DB_HOST", "your-db-host", "database", "slot name"),
            ("MYSQL_HOST", "hostname", "database", "slot name"),
            ("DATABASE_HOST", f"db.{w}.example.com", "database", "documentation domain"),
            ("DATABASE_URL", f"postgres://user@host:5432/{w}", "database", "slot name in a URL"),
            ("DATABASE_URL", f"mysql://root@{w}.example.org:3306/{w}", "database", "documentation domain in a URL"),
            ("REDIS_HOST", "settings.py", "database", "file name as host"),
        ])
    if category == "code_token":
        # Identifiers, cursors, resource names and sample values under credential-ish keys.
        camel = "".join(x.capitalize() for x in (r.word(), r.word(), r.choice(["Recommendations", "Summaries", "Jobs"])))
        return r.choice([
            ("result_key", camel, "generic", "paginator result key"),
            ("NextToken", base64.b64encode(r.bytes(24)).decode(), "generic", "pagination cursor"),
            ("ClientRequestToken", r.uuid4(), "generic", "idempotency token"),
            ("ChangeToken", "abcd" + r.hex(4) + "-" + r.uuid4()[9:], "generic", "sample UUID"),
            ("KeySpec", r.choice(["RSA_4096", "ECC_NIST_P521", "HMAC_256"]), "generic", "enum value"),
            ("PasswordLastUsed", f"20{r.randint(10, 24)}-0{r.randint(1, 9)}-1{r.randint(0, 9)}T10:2{r.randint(0, 9)}:00Z", "generic", "timestamp"),
            ("SecretsManagerReadWrite", "arn:aws:iam::aws:policy/SecretsManagerReadWrite", "aws", "managed policy ARN"),
            ("password", f"{r.word()}password{r.randint(1, 99)}", "generic", "spelled-out sample password"),
        ])
    raise ValueError(category)


DECOY_CATEGORIES = {
    "placeholder": 14, "reference": 14, "config": 14, "hash": 8, "git_sha": 5, "uuid": 7, "identifier": 12,
    "base64_blob": 4, "example": 8, "prose": 5, "host": 5, "code_token": 6,
    # special renderings:
    "near_miss": 10, "public_key": 4, "encrypted": 4, "key_header_only": 3,
}


def near_miss(r: Rand) -> tuple[str, str, str]:
    """(line text, provider, note): credential-shaped text that is not a valid credential."""
    choices = [
        (lambda: bad_checksummed("ghp", r), "github", "GitHub token with a bad CRC32 checksum"),
        (lambda: bad_checksummed("gho", r), "github", "GitHub OAuth token with a bad checksum"),
        (lambda: bad_checksummed("npm", r), "npm", "npm token with a bad checksum"),
        (lambda: "ghp_" + r.s(ALNUM, 30), "github", "GitHub token too short (34 chars)"),
        (lambda: "AKIA" + r.s(B32, 12), "aws", "AWS key id too short"),
        (lambda: "AKIA" + r.s(LOWER + DIGITS, 16), "aws", "AWS key id in lowercase"),
        (lambda: "sk_live_" + r.s(ALNUM, 6), "stripe", "Stripe key too short"),
        (lambda: "xoxb-" + r.digits(4), "slack", "Slack token fragment"),
        (lambda: "hvs." + r.s(ALNUM, 6), "vault", "Vault token too short"),
        (lambda: "glpat-" + r.s(ALNUM, 8), "gitlab", "GitLab token too short"),
        (lambda: "AIza" + r.s(B64URL, 12), "gcp", "Google API key too short"),
        (lambda: "sk-ant-" + r.s(ALNUM, 6), "anthropic", "Anthropic key fragment"),
    ]
    gen, provider, note = r.choice(choices)
    v = gen()
    return v, provider, note


# ---------------------------------------------------------------------------------------
# The corpus
# ---------------------------------------------------------------------------------------


# ---------------------------------------------------------------------------------------
# Archives and keytabs: credentials in zip/jar/tar.gz/asar members, Office documents and
# Kerberos keytabs
# ---------------------------------------------------------------------------------------

ARCHIVE_KINDS = ["jar", "zip", "tar.gz", "tgz", "tar", "whl", "nupkg", "war",
                 "tar.bz2", "tbz2", "tar.xz", "txz", "tar.zst", "tzst", "gem", "asar"]
TAR_KINDS = {"tar": "", "tar.gz": "gz", "tgz": "gz", "tar.bz2": "bz2", "tbz2": "bz2", "tar.xz": "xz", "txz": "xz",
             "tar.zst": "zst", "tzst": "zst"}
MEMBER_PREFIX = {"jar": "BOOT-INF/classes/", "war": "WEB-INF/classes/", "whl": "pkg/", "nupkg": "content/",
                 "gem": "data.tar.gz!/"}


def zstd_raw(data: bytes) -> bytes:
    """A zstd frame of raw (stored) blocks: valid zstd without a compressor (Python 3.11
    has none): single segment, a 4-byte content size, blocks of at most 128 KiB."""
    out = bytearray(b"\x28\xb5\x2f\xfd\xa0") + struct.pack("<I", len(data))
    blocks = [data[i:i + (128 << 10)] for i in range(0, len(data), 128 << 10)] or [b""]
    for i, block in enumerate(blocks):
        header = (len(block) << 3) | (1 if i == len(blocks) - 1 else 0)  # raw block, last flag
        out += header.to_bytes(3, "little") + block
    return bytes(out)


def class_bytes(strings: list[str], fields: list[tuple[str, str]]) -> bytes:
    """A Java class file (JVMS 4.1) whose constant pool holds `strings` as string literals and
    one `static final String` field with a ConstantValue per (name, value) of `fields`.
    vaultproof reads it as lines: `NAME = "value"` per field, then each other literal."""
    pool: list[bytes] = []

    def utf8(text: str) -> int:
        raw = text.encode()
        pool.append(b"\x01" + struct.pack(">H", len(raw)) + raw)
        return len(pool)

    def string(index: int) -> int:
        pool.append(b"\x08" + struct.pack(">H", index))
        return len(pool)

    attribute, descriptor = utf8("ConstantValue"), utf8("Ljava/lang/String;")
    for text in strings:
        string(utf8(text))
    refs = [(utf8(name), string(utf8(value))) for name, value in fields]
    out = b"\xca\xfe\xba\xbe\x00\x00\x00\x3d" + struct.pack(">H", len(pool) + 1) + b"".join(pool)
    out += b"\x00\x21\x00\x00\x00\x00\x00\x00" + struct.pack(">H", len(refs))
    for name, value in refs:
        out += b"\x00\x1a" + struct.pack(">HHH", name, descriptor, 1) + struct.pack(">HIH", attribute, 2, value)
    return out + b"\x00\x00\x00\x00"


def pyc_bytes(names: list[str], consts: list[str]) -> tuple[bytes, list[str]]:
    """Python 3.11 bytecode-like marshal data (header, then short ASCII strings) and the
    lines vaultproof reads from it: printable runs of 8 bytes or more."""
    out = b"\xa7\x0d\x0d\x0a" + b"\x00" * 12 + b"\xe3\x00\x00\x00\x00"
    for text in consts + names:
        out += b"\xfa" + bytes([len(text)]) + text.encode() + b"\x00"
    lines = [m.decode() for m in re.findall(rb"[\x20-\x7e\t]{8,}", out[16:])]
    return out, lines


def zip_bytes(members: list[tuple[str, bytes]]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members:
            z.writestr(zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0)), data,
                       compress_type=zipfile.ZIP_DEFLATED)
    return buf.getvalue()


def tar_bytes(members: list[tuple[str, bytes]], gz) -> bytes:
    """A tar of `members`, compressed with `gz`: True or "gz" (gzip), "bz2", "xz", "zst",
    or nothing."""
    codec = "gz" if gz is True else (gz or "")
    if codec == "zst":
        return zstd_raw(tar_bytes(members, ""))
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode=f"w:{codec}" if codec else "w", format=tarfile.GNU_FORMAT) as t:
        for name, data in members:
            info = tarfile.TarInfo(name)
            info.size, info.mtime, info.mode = len(data), 1_700_000_000, 0o644
            t.addfile(info, io.BytesIO(data))
    return buf.getvalue()


def asar_bytes(members: list[tuple[str, bytes]]) -> bytes:
    """An Electron archive (`.asar`) of `members`, in Electron's layout: a pickle giving the
    size of the next, a pickle holding the JSON file table (nested `files` objects, offsets
    as decimal strings), then the files' bytes."""
    files: dict = {}
    data = bytearray()
    for name, content in members:
        node = files
        *dirs, leaf = name.split("/")
        for directory in dirs:
            node = node.setdefault(directory, {"files": {}})["files"]
        node[leaf] = {"size": len(content), "offset": str(len(data))}
        data += content
    table = json.dumps({"files": files}, separators=(",", ":")).encode()
    padded = (len(table) + 3) // 4 * 4
    head = struct.pack("<IIII", 4, 8 + padded, 4 + padded, len(table))
    return head + table + b"\0" * (padded - len(table)) + bytes(data)


def archive_bytes(kind: str, members: list[tuple[str, bytes]]) -> bytes:
    if kind == "asar":
        return asar_bytes(members)
    if kind in TAR_KINDS:
        return tar_bytes(members, TAR_KINDS[kind])
    if kind == "gem":
        # a gem: a plain tar of metadata.gz (the gemspec), data.tar.gz (the files) and checksums
        inner = [(name.removeprefix(MEMBER_PREFIX["gem"]), data) for name, data in members]
        spec = b"--- !ruby/object:Gem::Specification\nname: acme\nversion: !ruby/object:Gem::Version\n  version: 1.0.0\n"
        return tar_bytes([("metadata.gz", gzip.compress(spec, mtime=0)), ("data.tar.gz", tar_bytes(inner, "gz")),
                          ("checksums.yaml.gz", gzip.compress(b"---\nSHA256: {}\n", mtime=0))], "")
    return zip_bytes(members)


def pack_archives(rng: random.Random, out: Path, outputs) -> dict:
    """Moves about 7% of the generated files (those with planted secrets or decoys) into
    archives written under OUT, a quarter of them nested in an outer zip; returns, for each
    file moved, (its location `archive!/member`, None, its marks)."""
    candidates = sorted(o[0] for o in outputs if o[2] and o[1] is not None)
    chosen = sorted(rng.sample(candidates, max(12, len(candidates) * 7 // 100))) if candidates else []
    by_path = {o[0]: o for o in outputs}
    by_repo: dict[str, list[str]] = {}
    for path in chosen:
        by_repo.setdefault(path.split("/")[0], []).append(path)
    moved = {}
    for repo, paths in sorted(by_repo.items()):
        number = 0
        while paths:
            group, paths = paths[:rng.randint(1, 3)], paths
            paths = paths[len(group):]
            number += 1
            kind = rng.choice(ARCHIVE_KINDS)
            name = f"{repo}-{number}.{kind}"
            members, names = [], []
            for path in group:
                member = MEMBER_PREFIX.get(kind, "") + path.split("/", 1)[1]
                lines = by_path[path][1]
                members.append((member, ("\n".join(lines) + "\n").encode()))
                names.append(member)
            if kind in ("jar", "war"):
                # a class file with no credential: its strings are scanned and yield nothing
                members.append((MEMBER_PREFIX[kind] + "App.class",
                                class_bytes(["Hello from " + repo, "application/json"], [("APP_NAME", repo)])))
            data = archive_bytes(kind, members)
            if kind not in TAR_KINDS and kind != "gem" and rng.random() < 0.25:
                prefix = f"{repo}/release/{repo}-bundle-{number}.zip!/lib/{name}"
                data = zip_bytes([("lib/" + name, data), ("README.txt", b"bundle\n")])
                dest = out / f"{repo}/release/{repo}-bundle-{number}.zip"
            else:
                prefix = f"{repo}/dist/{name}"
                dest = out / prefix
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_bytes(data)
            for path, member in zip(group, names):
                moved[path] = (f"{prefix}!/{member}", None, by_path[path][2])
    return moved


def planted_record(kind: Kind, syntax: str) -> dict:
    """The truth record of a value of `kind` planted on one line in `syntax`."""
    return {"type": "planted", "kind": kind.name, "provider": kind.provider, "rule_family": kind.name,
            "syntax": syntax, "multiline": False}


def drawn_value(rng: random.Random, kind: Kind, forbidden: str) -> str:
    """A value of `kind` drawn from `rng` that a binary or XML form can hold: ASCII, shorter
    than 200 characters, none of `forbidden`'s characters, no placeholder; empty when 50
    draws give none."""
    for _ in range(50):
        v = kind.gen(Rand(rng))
        if v.isascii() and not any(c in v for c in forbidden) and len(v) < 200 and not looks_like_placeholder(v):
            return v
    return ""


def plant_bytecode(rng: random.Random, out: Path) -> list:
    """Credentials compiled into bytecode: Java class files (in a jar and at top level) with
    secret-named `static final String` fields and string literals, and `.pyc` files with
    string constants. Each plant's line is its line in the text vaultproof reads."""
    kinds = [k for k in K_BASE if not k.special and k.keys and not k.where and k.provider not in ("generic", "database")]
    results = []
    record = planted_record

    def value(kind: Kind) -> str:
        return drawn_value(rng, kind, '\n"')

    for i, repo in enumerate(rng.sample(REPO_NAMES, 4)):
        chosen = [k for k in rng.sample(kinds, 2)]
        fields = [(rng.choice(k.keys).upper(), value(k)) for k in chosen]
        fields = [(n, v) for n, v in fields if v]
        pat = KINDS["github.pat"]
        literal = pat.gen(Rand(rng))
        approle = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        decoy = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        all_fields = fields + [("SECRET_ID", approle), ("REQUEST_ID", decoy)]
        data = class_bytes([f"https://api.{repo}.example", literal], all_fields)
        marks = [(j, record(k, "class:field")) for j, k in enumerate(chosen[:len(fields)])]
        marks.append((len(fields), record(KINDS["vault.approle-secret-id"], "class:field")))
        marks.append((len(fields) + 1, {"type": "decoy", "category": "uuid", "provider": "generic",
                                        "note": "a UUID under an ID field of a class file"}))
        marks.append((len(all_fields) + 1, record(pat, "class:literal")))
        name = f"com/acme/{repo.replace('-', '')}/Config.class"
        if i < 2:
            jar = zip_bytes([("META-INF/MANIFEST.MF", b"Manifest-Version: 1.0\n"), (name, data)])
            path = f"{repo}/dist/{repo}-classes.jar"
            (out / path).parent.mkdir(parents=True, exist_ok=True)
            (out / path).write_bytes(jar)
            location = f"{path}!/{name}"
        else:
            location = f"{repo}/build/classes/java/main/{name}"
            (out / location).parent.mkdir(parents=True, exist_ok=True)
            (out / location).write_bytes(data)
        results.append((location, None, marks))
    for repo in rng.sample(REPO_NAMES, 2):
        pat = KINDS["github.pat"]
        token = pat.gen(Rand(rng))
        data, lines = pyc_bytes(["os", "environ", "get", "GITHUB_TOKEN"], ["https://api.github.com", token])
        path = f"{repo}/app/__pycache__/settings.cpython-311.pyc"
        (out / path).parent.mkdir(parents=True, exist_ok=True)
        (out / path).write_bytes(data)
        line = next(j for j, text in enumerate(lines) if token in text)
        results.append((path, None, [(line, record(pat, "pyc:const"))]))
    return results


def plant_office(rng: random.Random, out: Path) -> list:
    """Office documents, zips of XML parts: a spreadsheet of accounts with a provider token
    in a cell (`xl/sharedStrings.xml`), a Word runbook with one in a run of text
    (`word/document.xml`, a picture beside it) and an OpenDocument text (`content.xml`).
    Each part is the XML declaration, then the document on its second line. Decoys: a
    spreadsheet of record ids (UUIDs) under an `id` column."""
    kinds = [KINDS[n] for n in ("github.pat", "slack.bot-token", "stripe.secret-key", "openai.api-key") if n in KINDS]
    declaration = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    results = []
    record = planted_record

    def value(kind: Kind) -> str:
        return drawn_value(rng, kind, "<&")

    def write(path: str, members: list[tuple[str, bytes]]) -> None:
        (out / path).parent.mkdir(parents=True, exist_ok=True)
        (out / path).write_bytes(zip_bytes(members))

    for repo in rng.sample(REPO_NAMES, 3):
        kind = rng.choice(kinds)
        token = value(kind)
        if not token:
            continue
        form = rng.choice(["xlsx", "docx", "odt"])
        service = rng.choice(["billing", "alerts", "deploy", "payments", "support"])
        if form == "xlsx":
            cells = "".join(f"<si><t>{cell}</t></si>" for cell in ("service", "token", service, token))
            part, body = "xl/sharedStrings.xml", f'<sst count="4" uniqueCount="4">{cells}</sst>'
            members = [(part, f"{declaration}\r\n{body}".encode())]
            path = f"{repo}/docs/{repo}-accounts.xlsx"
        elif form == "docx":
            runs = (f'<w:r><w:t xml:space="preserve">The {service} token is </w:t></w:r>'
                    f"<w:r><w:t>{token}</w:t></w:r>")
            part, body = "word/document.xml", f"<w:document><w:body><w:p>{runs}</w:p></w:body></w:document>"
            picture = b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR" + rng.randbytes(256)
            members = [(part, f"{declaration}\r\n{body}".encode()), ("word/media/image1.png", picture)]
            path = f"{repo}/docs/{repo}-runbook.docx"
        else:
            body = f"<office:document-content><office:body><office:text><text:p>{service}: {token}</text:p>" \
                   "</office:text></office:body></office:document-content>"
            part = "content.xml"
            members = [(part, f"{declaration}\n{body}".encode())]
            path = f"{repo}/docs/{repo}-notes.odt"
        write(path, members)
        results.append((f"{path}!/{part}", None, [(1, record(kind, f"office:{form}"))]))
    repo = rng.choice(REPO_NAMES)
    ids = "".join(f"<si><t>{uuid.UUID(int=rng.getrandbits(128), version=4)}</t></si>" for _ in range(3))
    body = f'<sst count="4" uniqueCount="4"><si><t>id</t></si>{ids}</sst>'
    path = f"{repo}/docs/{repo}-records.xlsx"
    write(path, [("xl/sharedStrings.xml", f"{declaration}\r\n{body}".encode())])
    results.append((f"{path}!/xl/sharedStrings.xml", None,
                    [(1, {"type": "decoy", "category": "uuid", "provider": "generic",
                          "note": "record ids in a spreadsheet's cells"})]))
    return results


def plant_sqlite(rng: random.Random, out: Path) -> list:
    """SQLite databases committed beside the code (`db/development.sqlite3`, `app.db`): a
    settings table with a provider token in a row, read as the member `settings.csv` (its
    header on line 1, row n on line n + 1). Decoys: a users table of record ids (UUIDs)
    and e-mail addresses."""
    kinds = [KINDS[n] for n in ("github.pat", "slack.bot-token", "stripe.secret-key", "openai.api-key") if n in KINDS]
    results = []
    for repo in rng.sample(REPO_NAMES, 2):
        kind = rng.choice(kinds)
        token = drawn_value(rng, kind, "")
        if not token:
            continue
        path = f"{repo}/" + rng.choice(["db/development.sqlite3", "instance/app.db", "data/local.sqlite"])
        dest = out / path
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.unlink(missing_ok=True)
        rows = [("theme", "dark"), ("locale", "en-GB")]
        at = rng.randint(0, len(rows))
        rows.insert(at, (rng.choice(["billing_token", "alerts_key", "deploy_token"]), token))
        users = [(str(uuid.UUID(int=rng.getrandbits(128), version=4)), f"user{i}@example.com") for i in range(3)]
        connection = sqlite3.connect(dest)
        connection.execute("CREATE TABLE settings (name TEXT, value TEXT)")
        connection.executemany("INSERT INTO settings VALUES (?, ?)", rows)
        connection.execute("CREATE TABLE users (id TEXT, email TEXT)")
        connection.executemany("INSERT INTO users VALUES (?, ?)", users)
        connection.commit()
        connection.close()
        results.append((f"{path}!/settings.csv", None, [(at + 1, planted_record(kind, "sqlite:settings"))]))
        results.append((f"{path}!/users.csv", None,
                        [(n + 1, {"type": "decoy", "category": "uuid", "provider": "generic",
                                  "note": "record ids in a database table"}) for n in range(len(users))]))
    return results


def keytab_bytes(rng: random.Random, components: list[str], realm: str, entries: int) -> bytes:
    """A version 2 keytab (MIT format) with random keys."""
    out = b"\x05\x02"
    for i in range(entries):
        enctype, length = [(18, 32), (17, 16), (23, 16)][i % 3]
        record = struct.pack(">H", len(components))
        for part in [realm, *components]:
            record += struct.pack(">H", len(part)) + part.encode()
        record += struct.pack(">IIBH", 1, 1_700_000_000 + rng.randint(0, 10**7), 2, enctype)
        record += struct.pack(">H", length) + rng.randbytes(length) + struct.pack(">I", 2)
        out += struct.pack(">i", len(record)) + record
    return out


def plant_keytabs(rng: random.Random, out: Path) -> list:
    """Keytabs (by name, by content only, and one inside a zip) as planted secrets, and
    binary files that start with the keytab magic but are not keytabs as decoys."""
    planted = {"type": "planted", "kind": "kerberos-keytab", "provider": "kerberos",
               "rule_family": "kerberos.keytab", "syntax": "keytab", "multiline": False}
    results = []
    repos = rng.sample(REPO_NAMES, 5)
    for i, repo in enumerate(repos):
        host = f"{rng.choice(['web', 'api', 'etl', 'db'])}{rng.randint(1, 99):02d}.{repo}.corp.test"
        data = keytab_bytes(rng, [rng.choice(["HTTP", "host", "svc-" + repo]), host], "CORP.TEST", rng.randint(1, 3))
        path = [f"{repo}/deploy/{repo}.keytab", f"{repo}/etc/krb5/service.kt", f"{repo}/secrets/http.keytab",
                f"{repo}/ops/kerberos.keytab", f"{repo}/deploy/keys.bin"][i]
        if i == 4:
            member = "etc/security/http.keytab"
            (out / f"{repo}/deploy").mkdir(parents=True, exist_ok=True)
            (out / f"{repo}/deploy/kerberos.zip").write_bytes(zip_bytes([(member, data)]))
            path = f"{repo}/deploy/kerberos.zip!/{member}"
        else:
            (out / path).parent.mkdir(parents=True, exist_ok=True)
            (out / path).write_bytes(data)
        results.append((path, None, [(0, dict(planted))]))
    for repo in rng.sample(REPO_NAMES, 2):
        path = f"{repo}/assets/blob-{rng.randint(100, 999)}.bin"
        data = b"\x05\x02" + bytes([0]) + rng.randbytes(2000)
        (out / path).parent.mkdir(parents=True, exist_ok=True)
        (out / path).write_bytes(data)
        results.append((path, None, [(0, {"type": "decoy", "category": "keytab_magic_noise", "provider": "kerberos",
                                          "note": "binary file that starts like a keytab and is not one"})]))
    return results


# Key files: files whose path alone says they hold a secret, written bare (no keyword), as
# rules/secrets/key-files.toml names them. Each plant records the rule that must find it.
KEY_FILE_RULES = {
    "rails.master-key": ("vp.rails.master-key.1", "rails", ""),
    "jenkins.initial-admin-password-file": ("vp.jenkins.initial-admin-password-file.1", "jenkins", ""),
    "jenkins.master-key": ("vp.jenkins.master-key.1", "jenkins", ""),
    "vault.token-file": ("vp.vault.token-file.1", "hashicorp-vault", ""),
    "pwhash.htpasswd": ("vp.pwhash.htpasswd.1", "password-hash", "password_hash"),
    "ansible.vault-password-file": ("vp.ansible.vault-password-file.1", "ansible", ""),
}


def plant_key_files(rng: random.Random, out: Path) -> list:
    """Key files at the paths that name them (Rails, Jenkins, Vault CLI, Apache, Ansible Vault), and as
    decoys the same kinds of content under names that say nothing (a checksum list, a
    build id), an example key file and a placeholder token file."""
    def hexs(n: int) -> str:
        return rng.randbytes(n).hex()

    def alnum(n: int) -> str:
        return "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(n))

    def des_crypt() -> str:
        return "".join(rng.choice("./" + string.digits + string.ascii_letters) for _ in range(13))

    def sha_hash() -> str:
        return "{SHA}" + base64.b64encode(rng.randbytes(20)).decode()

    results = []

    def write(path: str, text: str, marks: list) -> None:
        (out / path).parent.mkdir(parents=True, exist_ok=True)
        (out / path).write_text(text)
        results.append((path, None, marks))

    def planted(family: str) -> dict:
        rule, provider, finding_kind = KEY_FILE_RULES[family]
        record = {"type": "planted", "kind": "key-file", "provider": provider, "rule_family": family,
                  "syntax": "key-file", "multiline": False, "expected_rules": [rule]}
        if finding_kind:
            record["finding_kind"] = finding_kind
        return record

    repos = rng.sample(REPO_NAMES, 8)
    newline = lambda: rng.choice(["", "\n"])  # noqa: E731 - Rails writes none, editors add one
    write(f"{repos[0]}/config/master.key", hexs(16) + newline(), [(0, planted("rails.master-key"))])
    env = rng.choice(["production", "staging", "development"])
    write(f"{repos[1]}/config/credentials/{env}.key", hexs(16) + newline(), [(0, planted("rails.master-key"))])
    write(f"{repos[2]}/jenkins_home/secrets/initialAdminPassword", hexs(16) + "\n",
          [(0, planted("jenkins.initial-admin-password-file"))])
    write(f"{repos[3]}/jenkins_home/secrets/master.key", hexs(128), [(0, planted("jenkins.master-key"))])
    write(f"{repos[4]}/ops/home/.vault-token", rng.choice("sbr") + "." + alnum(24), [(0, planted("vault.token-file"))])
    users = rng.sample(["deploy", "admin", "ci", "grafana", "metrics", "backup"], 3)
    lines = [f"{users[0]}:{des_crypt()}", f"{users[1]}:{sha_hash()}", f"{users[2]}:{des_crypt()}"]
    write(f"{repos[5]}/deploy/nginx/.htpasswd", "\n".join(lines) + "\n",
          [(i, planted("pwhash.htpasswd")) for i in range(len(lines))])
    # decoys: the same content under names that do not say key
    decoy = lambda category, note: {"type": "decoy", "category": category, "provider": "generic",  # noqa: E731
                                    "note": note}
    write(f"{repos[6]}/dist/{rng.choice(['app', 'bundle', 'vendor'])}.md5", hexs(16) + "\n",
          [(0, decoy("key_file_content_elsewhere", "a checksum file: 32 hex digits under a name that is not a key"))])
    write(f"{repos[7]}/config/master.key.example", "# paste the key from the team vault here\n",
          [(0, decoy("key_file_placeholder", "an example key file that holds no key"))])
    write(f"{repos[7]}/build/BUILD_ID", hexs(20) + "\n",
          [(0, decoy("key_file_content_elsewhere", "a build id in hex"))])
    # Ansible Vault's password file, and the password script that may take its name
    write(f"{repos[1]}/ansible/.vault_pass", alnum(20) + "\n", [(0, planted("ansible.vault-password-file"))])
    write(f"{repos[2]}/ansible/.vault_pass", "#!/bin/sh\nexec pass show ansible/vault\n",
          [(0, decoy("key_file_placeholder", "a vault password script that holds no password"))])
    return results


REPO_NAMES = [
    "billing-agent", "support-agent", "ledger-api", "erp-bridge", "jira-sync", "payments-worker", "identity-svc",
    "notifier", "catalog-search", "reporting", "control-plane", "ingest-pipeline", "partner-portal", "ops-tools",
    "mobile-backend", "data-export", "checkout-web", "fraud-scoring", "infra-live", "platform-docs",
    "crm-connector", "invoice-ocr", "treasury-batch", "agent-runtime", "sandbox-legacy",
]


class Corpus:
    def __init__(self, r: Rand, out: Path):
        self.r = r
        self.out = out
        self.files: dict[str, FileSpec] = {}
        self.raw_files: list[tuple[str, str, list[tuple[int, dict]]]] = []  # (path, text, marks)
        self.renderer = Renderer(r)
        self.md = f"{r.randint(1, 12):02d}{r.randint(1, 28):02d}"
        self.seed = 1  # set by main: the archive and keytab generators draw from it
        self.sealed: set[str] = set()  # files plant_formats must not add to (see there)
        self.format_paths: set[str] = set()  # files plant_formats wrote

    def pick_file(self, ftype: str, need: int = 1) -> FileSpec:
        r = self.r
        existing = [f for f in self.files.values() if f.ftype == ftype and len(f.snippets) + need <= f.capacity
                    and f.path not in self.sealed]
        if existing and r.random() < 0.75:
            return r.choice(existing)
        for _ in range(50):
            repo = r.choice(REPO_NAMES)
            w = r.word()
            tmpl = r.choice(FILE_TYPES[ftype])
            path = f"{repo}/" + tmpl.format(w=w, W=w.capitalize(), md=self.md, n=r.randint(10, 99))
            if path not in self.files and not any(p == path for p, _, _ in self.raw_files):
                f = FileSpec(path, ftype, capacity=r.randint(3, 8), style=r.randint(0, 1))
                self.files[path] = f
                return f
        return r.choice(existing) if existing else self.pick_file(ftype, need)

    def add(self, ftype: str, snippet: Snippet) -> None:
        f = self.pick_file(ftype)
        f.snippets.append(snippet)

    def add_to(self, f: FileSpec, snippet: Snippet) -> None:
        f.snippets.append(snippet)

    def raw(self, path: str, lines: list[str], marks: list[tuple[int, dict]]) -> None:
        self.raw_files.append((path, "\n".join(lines) + "\n", marks))

    # ---- planted
    def planted_record(self, kind: Kind, syntax: str, multiline: bool = False, **extra) -> dict:
        if kind.provider == "password-hash":
            extra["finding_kind"] = "password_hash"  # scripts/accuracy.py matches it to password_hash findings only
        return {"type": "planted", "kind": kind.name, "provider": kind.provider, "rule_family": kind.name,
                "syntax": syntax, "multiline": multiline, **extra}

    def plant(self, kind: Kind) -> None:
        r = self.r
        if kind.special in FORMAT_PLANTERS:
            return FORMAT_PLANTERS[kind.special](self, kind)
        if kind.special == "pem":
            return self.plant_pem(kind)
        if kind.special == "gcp-sa":
            return self.plant_gcp_sa(kind)
        if kind.special == "vault-init":
            if r.random() < 0.5:
                return self.plant_vault_init(kind)
        if kind.special == "npmrc" and r.random() < 0.5:
            v = secret_value(lambda: kind.gen(r))
            path = f"{r.choice(REPO_NAMES)}/.npmrc"
            if any(p == path for p, _, _ in self.raw_files):
                path = f"{r.choice(REPO_NAMES)}/packages/{r.word()}/.npmrc"
            lines = ["registry=https://registry.npmjs.org/", f"//registry.npmjs.org/:_authToken={v}", "always-auth=true"]
            return self.raw(path, lines, [(1, self.planted_record(kind, "npmrc"))])
        if kind.special == "docker-config":
            v = secret_value(lambda: kind.gen(r))
            path = f"{r.choice(REPO_NAMES)}/.docker/config.json"
            if any(p == path for p, _, _ in self.raw_files):
                path = f"{r.choice(REPO_NAMES)}/ci/docker-config-{r.word()}.json"
            lines = ["{", '  "auths": {', f'    "{r.choice(["https://index.docker.io/v1/", "ghcr.io", "registry.gitlab.com"])}": {{',
                     f'      "auth": "{v}"', "    }", "  }", "}"]
            return self.raw(path, lines, [(3, self.planted_record(kind, "docker-config"))])
        if kind.special in SPECIAL_RAW:
            return self.plant_special(kind)
        if kind.special == "function-url" and r.random() < 0.5:
            v = secret_value(lambda: kind.gen(r))
            url = f"https://{r.word()}-func.azurewebsites.net/api/{r.choice(['HttpTrigger1', 'ingest', 'webhook'])}?code={v}"
            f = self.pick_file(r.choice(["env", "yaml", "json", "py", "sh"]))
            lines, off = self.renderer.assign(f, r.choice(["FUNCTION_URL", "WEBHOOK_URL", "INGEST_ENDPOINT"]), url)
            return self.add_to(f, Snippet(lines, [Mark(off, self.planted_record(kind, f"{f.ftype}:function-url"))]))
        if kind.special == "header":
            v = secret_value(lambda: kind.gen(r))
            return self.plant_header(kind, f"Bearer {v}")
        if kind.special == "basic":
            v = kind.gen(r)
            return self.plant_header(kind, f"Basic {v}")
        # URL-shaped credentials also show up in special contexts
        return self.plant_value(kind, secret_value(lambda: kind.gen(r)))

    def plant_value(self, kind: Kind, value: str) -> None:
        """Plants `value` in an ordinary place: an assignment, a call, shell history, a notebook..."""
        r = self.r
        if kind.provider == "github" and kind.name in ("github.pat", "github.server-to-server", "github.fine-grained-pat") and r.random() < 0.25:
            return self.plant_git_url(kind, value)
        if kind.name in ("generic.password", "generic.token", "generic.api-key", "generic.secret") and r.random() < 0.2:
            return self.plant_code_call(kind, value)
        if kind.name.startswith(("openai", "anthropic", "stripe.secret", "slack.bot", "sendgrid", "github.pat", "atlassian")) and r.random() < 0.15:
            return self.plant_code_call(kind, value)
        roll = r.random()
        if kind.where:
            roll = 1.0  # plain assignments only
        if roll < 0.025:
            return self.plant_history(kind, value)
        if roll < 0.04 and kind.keys:
            return self.plant_notebook(kind, value)
        if roll < 0.05 and kind.name in ("generic.password", "generic.secret", "db.url-password"):
            return self.plant_tfstate(kind, value)
        if kind.name == "generic.password" and roll < 0.12:
            return self.plant_password_usage(kind, value)
        ftype = self.pick_type(kind)
        key = r.choice(kind.keys) if kind.keys else "SECRET"
        f = self.pick_file(ftype)
        lines, off = self.renderer.assign(f, key, value)
        syntax = f"{ftype}:assign"
        comment = {"env": "# ", "yaml": "# ", "toml": "# ", "py": "# ", "sh": "# ", "docker": "# ", "tf": "# ", "ini": "; ",
                   "props": "# ", "js": "// ", "ts": "// ", "go": "// ", "java": "// ", "kt": "// ", "cs": "// ", "php": "// ",
                   "rb": "# ", "ps1": "# ", "tfvars": "# ", "compose": "# ", "gha": "# "}.get(ftype)
        if comment and len(lines) == 1 and r.random() < 0.07 and not kind.where:
            # a credential commented out rather than removed: still a leak
            indent = len(lines[0]) - len(lines[0].lstrip())
            lines = [lines[0][:indent] + comment + lines[0][indent:]]
            syntax += ":commented-out"
        self.add_to(f, Snippet(lines, [Mark(off, self.planted_record(kind, syntax, key=key))]))

    def plant_history(self, kind: Kind, value: str) -> None:
        r = self.r
        key = key_style(r.choice(kind.keys), "upper") if kind.keys else "TOKEN"
        path = self.raw_path([".bash_history", "home/{w}/.bash_history", ".zsh_history", "home/{w}/.zsh_history"])
        before = r.sample(["ls -la", "cd ~/src/" + r.word(), "git pull --rebase", "kubectl get pods -n " + r.word(), "make test",
                           "docker compose up -d", "vim .env", "history | grep " + r.word(), "terraform plan"], 3)
        after = r.sample(["./scripts/deploy.sh", "python -m " + r.word(), "npm run build", "git status", "exit"], 2)
        line = r.choice([f"export {key}={value}", f"export {key}=\"{value}\"", f"{key}={value} ./run.sh"])
        if ".zsh" in path:
            before = [f": 17{r.digits(8)}:0;{c}" for c in before]
            after = [f": 17{r.digits(8)}:0;{c}" for c in after]
            line = f": 17{r.digits(8)}:0;{line}"
        self.raw(path, before + [line] + after, [(len(before), self.planted_record(kind, "shell-history"))])

    def plant_notebook(self, kind: Kind, value: str) -> None:
        r = self.r
        key = key_style(r.choice(kind.keys), "upper")
        src = [f"import os\n", f"os.environ[\"{key}\"] = \"{value}\"\n", f"client = make_client()\n"]
        cells = [
            {"cell_type": "markdown", "metadata": {}, "source": [f"# {r.word().capitalize()} exploration\n", "Quick look at the data."]},
            {"cell_type": "code", "execution_count": r.randint(1, 9), "metadata": {}, "outputs": [], "source": src},
            {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [], "source": ["df = load_frame()\n", "df.head()"]},
        ]
        lines = notebook_lines(cells)
        idx = next(i for i, l in enumerate(lines) if value in l)
        self.raw(self.raw_path(["notebooks/{w}-exploration.ipynb", "analysis/{w}.ipynb"]), lines, [(idx, self.planted_record(kind, "notebook"))])

    def plant_tfstate(self, kind: Kind, value: str) -> None:
        r = self.r
        w = r.word()
        attrs = {"allocated_storage": 20, "engine": "postgres", "engine_version": "15.4", "identifier": f"{w}-prod",
                 "username": f"{w}_admin", "password": value, "port": 5432,
                 "endpoint": f"{w}-prod.{r.s(LOWER + DIGITS, 12)}.us-east-1.rds.amazonaws.com:5432"}
        if kind.name == "db.url-password":
            attrs = {"name": f"{w}-database-url", "type": "SecureString", "value": value, "tier": "Standard"}
        elif kind.name == "generic.secret":
            attrs = {"name": f"{w}-jwt-secret", "type": "SecureString", "value": value, "tier": "Standard"}
        rtype = "aws_db_instance" if kind.name == "generic.password" else "aws_ssm_parameter"
        doc = {"version": 4, "terraform_version": "1.7.5", "serial": r.randint(3, 200), "lineage": r.uuid4(), "outputs": {},
               "resources": [{"mode": "managed", "type": rtype, "name": w, "provider": "provider[\"registry.terraform.io/hashicorp/aws\"]",
                              "instances": [{"schema_version": 2, "attributes": attrs, "sensitive_attributes": [[{"type": "get_attr", "value": "password"}]]}]}]}
        lines = json.dumps(doc, indent=2).split("\n")
        idx = next(i for i, l in enumerate(lines) if value in l)
        self.raw(self.raw_path(["infra/terraform.tfstate", "infra/terraform.tfstate.backup", "terraform/{w}/terraform.tfstate"]), lines,
                 [(idx, self.planted_record(kind, "tfstate"))])

    def plant_password_usage(self, kind: Kind, value: str) -> None:
        """Passwords passed where they are used, without a KEY=value around them."""
        r = self.r
        user = r.choice(["svc_" + r.word(), r.word() + "_app", "admin", "deploy"])
        style = r.randint(0, 5)
        rec = lambda syn: self.planted_record(kind, syn)
        if style == 0:
            f = self.pick_file("sql")
            self.add_to(f, Snippet([f"CREATE USER {user} WITH PASSWORD '{value}';", f"GRANT CONNECT ON DATABASE {r.word()} TO {user};"], [Mark(0, rec("sql:create-user"))]))
        elif style == 1:
            f = self.pick_file("sql")
            plain = re.fullmatch(r"[A-Za-z][A-Za-z0-9_#!@%^&*+=.-]*", value) and any(ch.isdigit() for ch in value)
            line = r.choice([f"ALTER USER '{user}'@'%' IDENTIFIED BY '{value}';",
                             f"ALTER USER '{user}'@'localhost' IDENTIFIED WITH mysql_native_password BY '{value}';",
                             f"ALTER ROLE {user} PASSWORD '{value}';", f"CREATE ROLE {user} LOGIN PASSWORD '{value}';",
                             f"SET PASSWORD FOR '{user}'@'%' = PASSWORD('{value}');"]
                            + ([f"CREATE USER {user} IDENTIFIED BY {value};"] if plain else []))
            self.add_to(f, Snippet([line], [Mark(0, rec("sql:alter-user"))]))
        elif style == 2:
            form = r.randint(0, 3)
            if form == 0:
                f = self.pick_file("py")
                self.add_to(f, Snippet([f'resp = requests.get(f"{{BASE_URL}}/export", auth=("{user}", "{value}"), timeout=30)'], [Mark(0, rec("py:auth-tuple"))]))
            elif form == 1:
                f = self.pick_file("py")
                self.add_to(f, Snippet([f'ftp = ftplib.FTP_TLS("ftp.{r.word()}.corp")', f'ftp.login("{user}", "{value}")'], [Mark(1, rec("py:ftp-login"))]))
            elif form == 2:
                f = self.pick_file("go")
                self.add_to(f, Snippet([f"func {f.unique('authorize')}(req *http.Request) {{", f'\treq.SetBasicAuth("{user}", "{value}")', "}"],
                                       [Mark(1, rec("go:set-basic-auth"))]))
            else:
                f = self.pick_file(r.choice(["java", "kt"]))
                self.add_to(f, Snippet([f'    private val {f.unique("credential")} = Credentials.basic("{user}", "{value}")' if f.ftype == "kt"
                                        else f'    private final String {f.unique("credential")} = Credentials.basic("{user}", "{value}");'],
                                       [Mark(0, rec(f"{f.ftype}:okhttp-basic"))]))
        elif style == 3:
            f = self.pick_file("sh")
            cmd = r.choice([f"mysql -h db.internal -u {user} -p'{value}' {r.word()} < dump.sql",
                            f"docker login -u {user} -p '{value}' registry.{r.word()}.corp",
                            f"redis-cli -h redis.internal -a '{value}' ping",
                            f"keytool -importkeystore -srckeystore app.p12 -srcstorepass '{value}' -destkeystore app.jks",
                            f"curl -fsS -u {user}:{value} https://nexus.{r.word()}.corp/service/rest/v1/status"])
            self.add_to(f, Snippet([cmd], [Mark(0, rec("sh:cli"))]))
        elif style == 4:
            f = self.pick_file("go")
            self.add_to(f, Snippet([f"func {f.unique('openDB')}() (*sql.DB, error) {{",
                                    f"\treturn sql.Open(\"postgres\", \"host=db.internal user={user} password={value} dbname={r.word()} sslmode=require\")", "}"],
                                   [Mark(1, rec("go:dsn"))]))
        else:
            f = self.pick_file(r.choice(["js", "ts"]))
            self.add_to(f, Snippet([f"const {f.unique('mailer')} = nodemailer.createTransport({{ host: 'smtp.{r.word()}.io', auth: {{ user: '{user}', pass: '{value}' }} }});"],
                                   [Mark(0, rec("js:smtp-auth"))]))

    def raw_path(self, candidates: list[str]) -> str:
        r = self.r
        for _ in range(100):
            path = f"{r.choice(REPO_NAMES)}/{r.choice(candidates)}".format(w=r.word())
            if not any(p == path for p, _, _ in self.raw_files) and path not in self.files:
                return path
        return f"{r.choice(REPO_NAMES)}/{r.word()}{r.randint(100, 999)}/{r.choice(candidates)}".format(w=r.word())

    def plant_special(self, kind: Kind) -> None:
        """Credentials that live in a file format of their own."""
        r = self.r
        rec = lambda syn, **kw: self.planted_record(kind, syn, **kw)
        sp = kind.special
        if sp == "aws-csv":
            key_id, secret = "AKIA" + r.s(B32, 16), secret_value(lambda: r.s(ALNUM + "+/", 40))
            user = f"{r.word()}-deployer"
            if r.random() < 0.5:
                lines = ["Access key ID,Secret access key", f"{key_id},{secret}"]
            else:
                lines = ["User name,Password,Access key ID,Secret access key,Console login link",
                         f"{user},,{key_id},{secret},https://{r.digits(12)}.signin.aws.amazon.com/console"]
            path = self.raw_path([f"{user}_accessKeys.csv", "credentials.csv", "ops/{w}_accessKeys.csv"])
            # the key id on the same line is an AWS key id finding too; the line is planted once
            return self.raw(path, lines, [(1, rec("aws-console-csv"))])
        if sp == "gitlab-cookie":
            v = kind.gen(r)
            f = self.pick_file("sh")
            return self.add_to(f, Snippet([f"curl -fsS -b \"_gitlab_session={v}\" https://gitlab.{r.word()}.corp/api/v4/projects"], [Mark(0, rec("sh:cookie"))]))
        if sp == "twilio-api-key":
            sid, v = "SK" + r.hex(32), secret_value(lambda: kind.gen(r))
            style = r.randint(0, 2)
            if style == 0:
                f = self.pick_file("env")
                return self.add_to(f, Snippet([f"TWILIO_API_KEY={sid}", f"TWILIO_API_SECRET={v}"],
                                              [Mark(0, self.neutral_record("twilio", "API key SID next to its secret")), Mark(1, rec("env:pair"))]))
            if style == 1:
                f = self.pick_file("py")
                return self.add_to(f, Snippet(["from twilio.rest import Client", f'twilio_client = Client("{sid}", "{v}", account_sid="AC{r.hex(32)}")'], [Mark(1, rec("py:call"))]))
            f = self.pick_file("js")
            return self.add_to(f, Snippet(["const twilio = require('twilio');", f"const twilioClient = twilio('{sid}', '{v}', {{ accountSid: process.env.TWILIO_ACCOUNT_SID }});"], [Mark(1, rec("js:call"))]))
        if sp == "twilio-auth":
            sid, v = "AC" + r.hex(32), kind.gen(r)
            style = r.randint(0, 2)
            if style == 0:
                f = self.pick_file(r.choice(["env", "sh", "docker"]))
                k1, _ = self.renderer.assign(f, "TWILIO_ACCOUNT_SID", sid)
                k2, off = self.renderer.assign(f, r.choice(kind.keys), v)
                return self.add_to(f, Snippet(k1 + k2, [Mark(len(k1) + off, rec(f"{f.ftype}:assign"))]))
            if style == 1:
                f = self.pick_file("py")
                return self.add_to(f, Snippet(["from twilio.rest import Client", "", f'client = Client("{sid}", "{v}")'], [Mark(2, rec("py:call"))]))
            f = self.pick_file(r.choice(["yaml", "json", "toml"]))
            lines, off = self.renderer.assign(f, r.choice(kind.keys), v)
            return self.add_to(f, Snippet(lines, [Mark(off, rec(f"{f.ftype}:assign"))]))
        if sp == "wireguard":
            priv, peer = kind.gen(r), r.b64(32)
            lines = ["[Interface]", f"Address = 10.{r.randint(0, 255)}.{r.randint(0, 255)}.1/24", f"ListenPort = {r.randint(51000, 52000)}",
                     f"PrivateKey = {priv}", "", "[Peer]", f"PublicKey = {peer}", "AllowedIPs = 10.0.0.0/8",
                     f"Endpoint = vpn.{r.word()}.corp:51820"]
            return self.raw(self.raw_path(["wireguard/wg0.conf", "deploy/wg0.conf", "vpn/{w}.conf"]), lines,
                            [(3, rec("wireguard-conf")), (6, self.decoy_record("public_key", "private-key", "WireGuard peer public key"))])
        if sp == "kubeconfig":
            cluster, user = f"{r.word()}-prod", f"{r.word()}-admin"
            ca = base64.b64encode(("-----BEGIN CERTIFICATE-----\n" + r.b64(600) + "\n-----END CERTIFICATE-----\n").encode()).decode()
            lines = ["apiVersion: v1", "kind: Config", "clusters:", "- cluster:", f"    certificate-authority-data: {ca}",
                     f"    server: https://{r.word()}.k8s.{r.word()}.corp:6443", f"  name: {cluster}", "contexts:", "- context:",
                     f"    cluster: {cluster}", f"    user: {user}", f"  name: {cluster}", f"current-context: {cluster}", "users:",
                     f"- name: {user}", "  user:"]
            if kind.name.endswith("token"):
                tok = g_k8s_sa_jwt(r) if r.random() < 0.5 else f"{r.s(LOWER + DIGITS, 6)}.{r.s(LOWER + DIGITS, 16)}"
                lines.append(f"    token: {tok}")
            elif kind.name.endswith("password"):
                pw = secret_value(lambda: pw_generated(r))
                # a plain YAML scalar may not open with an indicator (`*` is an alias)
                if pw[0] in "*&!|>'\"%@`#,[]{}?:-" or ": " in pw or " #" in pw:
                    pw = json.dumps(pw)
                lines += ["    username: admin", f"    password: {pw}"]
            else:
                pkcs1, _, _ = rsa_key(r, 2048)
                cert = base64.b64encode(("-----BEGIN CERTIFICATE-----\n" + r.b64(700) + "\n-----END CERTIFICATE-----\n").encode()).decode()
                keyd = base64.b64encode(("\n".join(pem("RSA PRIVATE KEY", pkcs1)) + "\n").encode()).decode()
                lines += [f"    client-certificate-data: {cert}", f"    client-key-data: {keyd}"]
            path = self.raw_path(["kubeconfig", ".kube/config", "deploy/kubeconfig-{w}.yaml", "ci/kubeconfig.yml"])
            return self.raw(path, lines, [(len(lines) - 1, rec("kubeconfig"))])
        if sp == "sa-secret":
            tok = base64.b64encode(kind.gen(r).encode()).decode()
            ns = r.word()
            lines = ["apiVersion: v1", "kind: Secret", "metadata:", f"  name: {r.word()}-sa-token", f"  namespace: {ns}", "  annotations:",
                     f"    kubernetes.io/service-account.name: {r.word()}-sa", "type: kubernetes.io/service-account-token", "data:",
                     f"  ca.crt: {r.b64(300)}", f"  namespace: {base64.b64encode(ns.encode()).decode()}", f"  token: {tok}"]
            return self.raw(self.raw_path(["k8s/sa-token-secret.yaml", "manifests/{w}-token.yaml", "backup/secrets/{w}-sa.yaml"]), lines,
                            [(len(lines) - 1, rec("k8s:sa-token-secret"))])
        if sp == "npmrc-legacy":
            v = kind.gen(r)
            lines = [f"@{r.word()}:registry=https://npm.pkg.{r.word()}.corp/", f"//registry.npmjs.org/:_authToken={v}"]
            return self.raw(self.raw_path([".npmrc", "frontend/.npmrc", "packages/{w}/.npmrc"]), lines, [(1, rec("npmrc"))])
        if sp == "npmrc-auth":
            v = kind.gen(r)
            host = f"nexus.{r.word()}.corp/repository/npm-private/"
            lines = r.choice([[f"registry=https://{host}", f"_auth={v}", "always-auth=true"],
                              [f"registry=https://{host}", f"//{host}:username={r.word()}-ci", f"//{host}:_password={base64.b64encode(url_pw(r).encode()).decode()}"]])
            return self.raw(self.raw_path([".npmrc", "web/.npmrc", "packages/{w}/.npmrc"]), lines, [(len(lines) - 1 if "_password" in lines[-1] else 1, rec("npmrc"))])
        if sp == "gem-credentials":
            v = kind.gen(r)
            return self.raw(self.raw_path([".gem/credentials", "ci/gem-credentials"]), ["---", f":rubygems_api_key: {v}"], [(1, rec("gem-credentials"))])
        if sp == "gradle":
            v = kind.gen(r)
            lines = ["org.gradle.jvmargs=-Xmx2g", f"gradle.publish.key={r.s(ALNUM, 32)}", f"gradle.publish.secret={v}"]
            return self.raw(self.raw_path(["gradle.properties", "plugin/gradle.properties"]), lines,
                            [(1, self.neutral_record("gradle", "API key id next to its secret")), (2, rec("gradle-properties"))])
        raise ValueError(sp)

    def pick_type(self, kind: Kind) -> str:
        types = list(kind.where) if kind.where else ASSIGN_TYPES
        weights = [TYPE_WEIGHTS.get(t, 1) for t in types]
        if kind.provider == "aws" and not kind.where and self.r.random() < 0.3:
            return "aws-credentials"
        return self.r.rng.choices(types, weights)[0]

    def plant_header(self, kind: Kind, header_value: str) -> None:
        r = self.r
        style = r.randint(0, 4)
        rec = lambda syn: self.planted_record(kind, syn)
        if style == 0:
            f = self.pick_file("sh")
            self.add_to(f, Snippet([f'curl -fsS -H "Authorization: {header_value}" \\', f'  "https://api.{r.word()}.io/v1/{r.word()}"'], [Mark(0, rec("sh:curl-header"))]))
        elif style == 1:
            f = self.pick_file("py")
            self.add_to(f, Snippet([f"HEADERS = {{\"Authorization\": \"{header_value}\", \"Accept\": \"application/json\"}}"], [Mark(0, rec("py:headers"))]))
        elif style == 2:
            f = self.pick_file(r.choice(["js", "ts"]))
            self.add_to(f, Snippet(["const headers = {", f"  Authorization: '{header_value}',", "  'Content-Type': 'application/json',", "};"], [Mark(1, rec("js:headers"))]))
        elif style == 3:
            f = self.pick_file("md")
            self.add_to(f, Snippet(["```http", f"GET /api/v2/{r.word()} HTTP/1.1", f"Host: api.{r.word()}.io", f"Authorization: {header_value}", "```"], [Mark(3, rec("md:http"))]))
        else:
            f = self.pick_file("yaml")
            sec = f.unique("http_headers")
            self.add_to(f, Snippet([f"{sec}:", f"  Authorization: \"{header_value}\""], [Mark(1, rec("yaml:header"))]))

    def plant_git_url(self, kind: Kind, token: str) -> None:
        r = self.r
        org, repo = r.word(), r.word()
        user = r.choice(["", "x-access-token:", "oauth2:", f"{r.word()}-bot:"])
        url = f"https://{user}{token}@github.com/{org}/{repo}.git"
        style = r.randint(0, 3)
        if style == 0:
            f = self.pick_file("sh")
            self.add_to(f, Snippet([f"git clone --depth 1 {url} /tmp/{repo}"], [Mark(0, self.planted_record(kind, "sh:git-url"))]))
        elif style == 1:
            path = f"{r.choice(REPO_NAMES)}/.git-credentials"
            if any(p == path for p, _, _ in self.raw_files):
                path = f"{r.choice(REPO_NAMES)}/home/{r.word()}/.git-credentials"
            self.raw(path, [f"https://{r.word()}-bot:{token}@github.com"], [(0, self.planted_record(kind, "git-credentials"))])
        elif style == 2:
            path = f"{r.choice(REPO_NAMES)}/.netrc"
            if any(p == path for p, _, _ in self.raw_files):
                path = f"{r.choice(REPO_NAMES)}/ci/{r.word()}.netrc"
            self.raw(path, ["machine github.com", f"  login {r.word()}-bot", f"  password {token}", "machine api.github.com",
                            f"  login {r.word()}-bot", "  password ${GITHUB_TOKEN}"], [(2, self.planted_record(kind, "netrc"))])
        else:
            path = f"{r.choice(REPO_NAMES)}/deploy/{r.word()}-mirror.gitconfig"
            while any(p == path for p, _, _ in self.raw_files):
                path = f"{r.choice(REPO_NAMES)}/deploy/{r.word()}{r.randint(1, 99)}-mirror.gitconfig"
            self.raw(path, ["[core]", "\tbare = true", f'[remote "{r.choice(["origin", "upstream", "mirror"])}"]', f"\turl = {url}",
                            "\tfetch = +refs/heads/*:refs/remotes/origin/*"], [(3, self.planted_record(kind, "gitconfig:url"))])

    def plant_code_call(self, kind: Kind, value: str) -> None:
        r = self.r
        rec = self.planted_record(kind, "code:call")
        t = r.choice(["py", "py", "js", "ts", "go", "java", "sh"])
        f = self.pick_file(t)
        if kind.provider == "openai":
            py, js = f'client = OpenAI(api_key="{value}")', f"const openai = new OpenAI({{ apiKey: '{value}' }});"
        elif kind.provider == "anthropic":
            py, js = f'client = anthropic.Anthropic(api_key="{value}")', f"const anthropic = new Anthropic({{ apiKey: '{value}' }});"
        elif kind.provider == "stripe":
            py, js = f'stripe.api_key = "{value}"', f"const stripe = new Stripe('{value}', {{ apiVersion: '2024-06-20' }});"
        elif kind.provider == "slack":
            py, js = f'slack = WebClient(token="{value}")', f"const slack = new WebClient('{value}');"
        elif kind.provider == "sendgrid":
            py, js = f'sg = SendGridAPIClient("{value}")', f"sgMail.setApiKey('{value}');"
        elif kind.provider == "github":
            py, js = f'gh = Github("{value}")', f"const octokit = new Octokit({{ auth: '{value}' }});"
        elif kind.provider == "atlassian":
            py, js = f'jira = JIRA(server="https://jira.{r.word()}.io", basic_auth=("{r.word()}-bot@{r.word()}.io", "{value}"))', \
                f"const jira = new JiraClient({{ host: 'jira.{r.word()}.io', token: '{value}' }});"
        elif kind.name == "generic.password":
            py, js = f'conn = psycopg2.connect(host="db.internal", user="{r.word()}", password="{value}")', \
                f"const pool = new Pool({{ host: 'db.internal', user: '{r.word()}', password: '{value}' }});"
        elif kind.name == "generic.api-key":
            py, js = f'erp = ErpClient("https://erp.{r.word()}.internal/api", api_key="{value}")', \
                f"const erp = new ErpClient({{ baseUrl: 'https://erp.{r.word()}.internal/api', apiKey: '{value}' }});"
        elif kind.name == "generic.secret":
            py, js = f'app.config["SECRET_KEY"] = "{value}"', f"app.use(session({{ secret: '{value}', resave: false }}));"
        else:
            py, js = f'session.headers["X-Auth-Token"] = "{value}"', f"axios.defaults.headers.common['X-Auth-Token'] = '{value}';"
        if t == "py":
            line = py
        elif t in ("js", "ts"):
            line = js
        elif t == "go":
            name = f.unique("client")
            line = f"\t{name} := NewClient(\"https://api.{r.word()}.io\", \"{value}\")"
            self.add_to(f, Snippet([f"func {f.unique('newClient')}() {{", line, f"\t_ = {name}", "}"], [Mark(1, rec)]))
            return
        elif t == "java":
            line = f"        this.client = new ApiClient(\"https://api.{r.word()}.io\", \"{value}\");"
            self.add_to(f, Snippet([f"    public {Path(f.path).stem}() {{", line, "    }"] if f.unique("ctor") == "ctor" else
                                   [f"    void {f.unique('init')}() {{", line, "    }"], [Mark(1, rec)]))
            return
        else:
            flag = r.choice(["--token", "--api-key", "--password"])
            # A value holding what the shell reads as syntax is quoted, as a working
            # command line has it.
            bare = value if not any(ch in "()<>;&|$`\"'\\ " for ch in value) else f"'{value}'"
            line = f"{r.word()}-cli login {flag} {bare}" if r.random() < 0.5 else f"{r.word()}-cli login {flag}=\"{value}\""
        self.add_to(f, Snippet([line], [Mark(0, rec)]))

    def plant_pem(self, kind: Kind) -> None:
        r = self.r
        key_kind = kind.gen(r)
        lines = private_key_lines(key_kind, r)
        rec = self.planted_record(kind, "", multiline=True)
        style = r.randint(0, 5) if key_kind != "putty" else 0
        repo = r.choice(REPO_NAMES)
        if style <= 1:
            name = {"rsa": r.choice(["id_rsa", "deploy_key", "server.key", "tls.key"]), "pkcs8": r.choice(["private.pem", "signing-key.pem", "jwt-private.pem"]),
                    "ec": r.choice(["ec-key.pem", "apns.key", "es256.key"]), "openssh": r.choice(["id_ed25519", "deploy_ed25519", "ci_key"]),
                    "pgp": r.choice(["release-signing.asc", "private.gpg.asc"]), "putty": r.choice(["server.ppk", "bastion.ppk"]),
                    "dsa": r.choice(["id_dsa", "legacy-dsa.key"]), "pkcs8-encrypted": r.choice(["key.enc.pem", "client-encrypted.key"]),
                    "ssh2-encrypted": r.choice(["id_rsa_ssh2", "sftp-partner.key"])}[key_kind]
            path = f"{repo}/{r.choice(['', 'deploy/', 'keys/', 'certs/', 'ssh/'])}{name}"
            while any(p == path for p, _, _ in self.raw_files):
                path = f"{repo}/{r.word()}/{name}"
            rec["syntax"] = "key-file"
            return self.raw(path, lines, [(0, rec)])
        if style == 2:
            f = self.pick_file("yaml")
            sec = f.unique(r.choice(["tls", "signing", "ssh", "jwt"]))
            rec["syntax"] = "yaml:block-scalar"
            self.add_to(f, Snippet([f"{sec}:", "  private_key: |"] + ["    " + l for l in lines], [Mark(2, rec, 2 + len(lines) - 1)]))
            return
        if style == 3:
            f = self.pick_file(r.choice(["json", "env"]))
            # a quoted SSH2 `Comment:` escapes its quotes inside the string
            esc = "\\n".join(line.replace('"', '\\"') for line in lines) + "\\n"
            rec["syntax"] = f"{f.ftype}:escaped-newlines"
            if f.ftype == "json":
                self.add_to(f, Snippet([f"\"privateKey\": \"{esc}\""], [Mark(0, rec)]))
            else:
                self.add_to(f, Snippet([f"{r.choice(['JWT_PRIVATE_KEY', 'SSH_PRIVATE_KEY', 'SIGNING_KEY', 'APP_PRIVATE_KEY'])}=\"{esc}\""], [Mark(0, rec)]))
            return
        if style == 4:
            f = self.pick_file("tf")
            name = f.unique(r.word())
            rec["syntax"] = "tf:heredoc"
            self.add_to(f, Snippet([f'resource "tls_locally_signed_cert" "{name}" {{', "  ca_private_key_pem = <<EOT"] + lines + ["EOT", "}"], [Mark(2, rec, 2 + len(lines) - 1)]))
            return
        flattens = key_kind in ("rsa", "pkcs8", "ec", "openssh", "dsa", "pkcs8-encrypted")
        f = self.pick_file(r.choice(["py", "md", "php", "env"] if flattens else ["py", "md"]))
        if f.ftype == "php":
            # PHP joins one literal per line with `.`.
            rec["syntax"] = "php:concatenated-literals"
            quoted = [f'    "{l}\\n" .' for l in lines[:-1]] + [f'    "{lines[-1]}";']
            self.add_to(f, Snippet([f"${f.unique('privateKey')} ="] + quoted, [Mark(1, rec, len(lines))]))
        elif f.ftype == "env":
            # Flattened onto one line, its line breaks turned to spaces (`echo $KEY`).
            rec["syntax"] = "env:flattened"
            self.add_to(f, Snippet([f"{f.unique(r.choice(['SSH_PRIVATE_KEY', 'TLS_KEY', 'JWT_SIGNING_KEY']))}=\"{' '.join(lines)}\""], [Mark(0, rec)]))
        elif f.ftype == "py" and r.random() < 0.5:
            # One string literal per line, as C, Go, Java and Python sources embed keys.
            rec["syntax"] = "py:literal-per-line"
            quoted = [f'    "{l}\\n"' for l in lines]
            self.add_to(f, Snippet([f"{f.unique('PRIVATE_KEY')} = ("] + quoted + [")"], [Mark(1, rec, len(lines))]))
        elif f.ftype == "py":
            rec["syntax"] = "py:triple-quoted"
            self.add_to(f, Snippet([f"{f.unique('PRIVATE_KEY')} = \"\"\""] + lines + ['"""'], [Mark(1, rec, len(lines))]))
        else:
            rec["syntax"] = "md:code-block"
            self.add_to(f, Snippet(["Paste the deploy key into the runner:", "", "```"] + lines + ["```"], [Mark(3, rec, 3 + len(lines) - 1)]))

    def plant_gcp_sa(self, kind: Kind) -> None:
        r = self.r
        pkcs1, _, _ = rsa_key(r, 2048)
        pkey = "\n".join(pem("PRIVATE KEY", pkcs8_rsa(pkcs1))) + "\n"
        project = f"{r.word()}-prod-{r.digits(6)}"
        email = f"{r.word()}-sa@{project}.iam.gserviceaccount.com"
        doc = {"type": "service_account", "project_id": project, "private_key_id": r.hex(40), "private_key": pkey,
               "client_email": email, "client_id": r.digits(21), "auth_uri": "https://accounts.google.com/o/oauth2/auth",
               "token_uri": "https://oauth2.googleapis.com/token", "auth_provider_x509_cert_url": "https://www.googleapis.com/oauth2/v1/certs",
               "client_x509_cert_url": f"https://www.googleapis.com/robot/v1/metadata/x509/{email.replace('@', '%40')}", "universe_domain": "googleapis.com"}
        if r.random() < 0.6:
            text = json.dumps(doc, indent=2)
            lines = text.split("\n")
            idx = next(i for i, l in enumerate(lines) if '"private_key":' in l)
            path = f"{r.choice(REPO_NAMES)}/{r.choice(['', 'config/', 'secrets/', 'deploy/'])}{r.choice(['service-account.json', 'gcp-key.json', f'{project}-{r.hex(12)}.json', 'credentials.json'])}"
            while any(p == path for p, _, _ in self.raw_files):
                path = f"{r.choice(REPO_NAMES)}/{r.word()}/service-account.json"
            return self.raw(path, lines, [(idx, self.planted_record(kind, "gcp-sa-file"))])
        one = json.dumps(doc)
        f = self.pick_file("env")
        self.add_to(f, Snippet([f"GOOGLE_CREDENTIALS='{one}'"], [Mark(0, self.planted_record(kind, "env:inline-json"))]))

    def plant_vault_init(self, kind: Kind) -> None:
        r = self.r
        keys = [g_unseal(r) for _ in range(5)]
        root = "hvs." + r.s(ALNUM, 24)
        root_kind = KINDS["vault.root-token"]
        repo = r.choice(REPO_NAMES)
        if r.random() < 0.5:
            lines = [f"Unseal Key {i + 1}: {k}" for i, k in enumerate(keys)] + ["", f"Initial Root Token: {root}", "",
                     "Vault initialized with 5 key shares and a key threshold of 3. Please securely",
                     "distribute the key shares printed above. When the Vault is re-sealed,",
                     "restarted, or stopped, you must supply at least 3 of these keys to unseal it",
                     "before it can start servicing requests."]
            marks = [(i, self.planted_record(kind, "vault-init:text")) for i in range(5)] + [(6, self.planted_record(root_kind, "vault-init:text"))]
            path = f"{repo}/{r.choice(['ops/vault-init.txt', 'vault/init-output.txt', 'notes/vault-keys.txt'])}"
        else:
            hexes = [base64.b64decode(k).hex() for k in keys]
            doc_lines = ["{", '  "unseal_keys_b64": ['] + [f'    "{k}"' + ("," if i < 4 else "") for i, k in enumerate(keys)] + ["  ],",
                         '  "unseal_keys_hex": ['] + [f'    "{h}"' + ("," if i < 4 else "") for i, h in enumerate(hexes)] + ["  ],",
                         '  "unseal_shares": 5,', '  "unseal_threshold": 3,', '  "recovery_keys_b64": [],', '  "recovery_keys_hex": [],',
                         '  "recovery_keys_shares": 0,', '  "recovery_keys_threshold": 0,', f'  "root_token": "{root}"', "}"]
            marks = [(2 + i, self.planted_record(kind, "vault-init:json")) for i in range(5)]
            marks += [(9 + i, self.planted_record(kind, "vault-init:json-hex")) for i in range(5)]
            marks += [(len(doc_lines) - 2, self.planted_record(root_kind, "vault-init:json"))]
            lines = doc_lines
            path = f"{repo}/{r.choice(['.vault-keys', 'vault/.vault-keys.json', 'ops/init.json'])}"
        while any(p == path for p, _, _ in self.raw_files):
            path = f"{r.choice(REPO_NAMES)}/vault-{r.word()}/init.txt"
        self.raw(path, lines, marks)

    def plant_formats(self, r: Rand, kinds: list[Kind], per_kind: int) -> None:
        """Plants `kinds` (per_kind times each) and FORMAT_DECOYS (twice each) from `r`, in new
        files only: the files already planned, and the main random stream that writes them,
        stay as they were, so a seed's corpus is the one it was plus these files."""
        main_r, raw_before = self.r, len(self.raw_files)
        self.sealed = set(self.files)
        self.r = self.renderer.r = r
        order = [k for k in kinds for _ in range(per_kind)]
        r.shuffle(order)
        for kind in order:
            self.plant(kind)
        for make_decoy in FORMAT_DECOYS:
            for _ in range(2):
                make_decoy(self)
        self.format_paths = (set(self.files) - self.sealed) | {p for p, _, _ in self.raw_files[raw_before:]}
        self.r = self.renderer.r = main_r

    def neutral_record(self, provider: str, note: str) -> dict:
        """A line that is neither a planted secret nor a decoy (an identifier that travels
        with a secret): findings on it are not counted either way."""
        return {"type": "neutral", "provider": provider, "note": note}

    # ---- decoys
    def decoy_record(self, category: str, provider: str, note: str) -> dict:
        return {"type": "decoy", "category": category, "provider": provider, "note": note}

    def near_miss_decoy(self, v: str, provider: str, note: str) -> None:
        """A near-miss value where tests and docs show rejected samples (never under a secret's name)."""
        r = self.r
        rec = self.decoy_record("near_miss", provider, note)
        style = r.randint(0, 3)
        if style == 0:
            f = self.pick_file("py")
            self.add_to(f, Snippet([f"    assert not is_valid_token({q(v)})  # {note}"], [Mark(0, rec)]))
        elif style == 1:
            f = self.pick_file("md")
            self.add_to(f, Snippet([f"A value such as `{v}` is rejected by the format check ({note.lower()})."], [Mark(0, rec)]))
        elif style == 2:
            f = self.pick_file(r.choice(["js", "ts"]))
            self.add_to(f, Snippet([f"  expect(isValidToken('{v}')).toBe(false);"], [Mark(0, rec)]))
        else:
            f = self.pick_file("json")
            self.add_to(f, Snippet([f"\"rejectedSample{r.randint(1, 999)}\": \"{v}\""], [Mark(0, rec)]))

    def decoy(self, category: str) -> None:
        r = self.r
        if category == "near_miss":
            return self.near_miss_decoy(*near_miss(r))
        if category == "public_key":
            style = r.randint(0, 2)
            if style == 0:
                _, spki, _ = rsa_key(r, 2048)
                lines = pem("PUBLIC KEY", spki)
                f = self.pick_file(r.choice(["yaml", "md"]))
                rec = self.decoy_record("public_key", "private-key", "PEM public key")
                if f.ftype == "yaml":
                    sec = f.unique("jwt_verification")
                    self.add_to(f, Snippet([f"{sec}:", "  public_key: |"] + ["    " + l for l in lines], [Mark(2, rec, 2 + len(lines) - 1)]))
                else:
                    self.add_to(f, Snippet(["Verification key:", "", "```"] + lines + ["```"], [Mark(3, rec, 3 + len(lines) - 1)]))
            elif style == 1:
                _, pub_blob = openssh_ed25519(r, "x")
                line = f"ssh-ed25519 {base64.b64encode(pub_blob).decode()} {r.word()}@{r.word()}-laptop"
                path = f"{r.choice(REPO_NAMES)}/{r.choice(['deploy/authorized_keys', 'ssh/authorized_keys', 'keys/' + r.word() + '.pub'])}"
                while any(p == path for p, _, _ in self.raw_files):
                    path = f"{r.choice(REPO_NAMES)}/{r.word()}/id_ed25519.pub"
                self.raw(path, [line], [(0, self.decoy_record("public_key", "private-key", "OpenSSH public key"))])
            else:
                body = der_seq(der_seq(der(0xA0, der_int(2)), der_int(r.getrandbits(120)), r.bytes(700)))
                lines = pem("CERTIFICATE", body)
                path = f"{r.choice(REPO_NAMES)}/{r.choice(['certs/ca.crt', 'tls/chain.pem', 'certs/' + r.word() + '.crt'])}"
                while any(p == path for p, _, _ in self.raw_files):
                    path = f"{r.choice(REPO_NAMES)}/{r.word()}/ca.pem"
                self.raw(path, lines, [(0, {**self.decoy_record("public_key", "private-key", "X.509 certificate"), "end_offset": len(lines) - 1})])
            return
        if category == "encrypted":
            style = r.randint(0, 3)
            w = r.word()
            if style == 0:
                v = f"ENC[AES256_GCM,data:{r.b64(r.randint(12, 30))},iv:{r.b64(32)},tag:{r.b64(16)},type:str]"
                f = self.pick_file("yaml")
                self.add_to(f, Snippet([f"{f.unique(w)}_password: {v}"], [Mark(0, self.decoy_record("encrypted", "generic", "SOPS-encrypted value"))]))
            elif style == 1:
                v = f"vault:v1:{r.b64(r.randint(40, 70))}"
                f = self.pick_file(r.choice(["env", "yaml"]))
                lines, off = self.renderer.assign(f, r.choice(["DB_PASSWORD_CIPHERTEXT", "ENCRYPTED_API_KEY", "API_KEY_CIPHERTEXT"]), v)
                self.add_to(f, Snippet(lines, [Mark(off, self.decoy_record("encrypted", "vault", "Vault transit ciphertext"))]))
            elif style == 2:
                keys = r.sample(["DB_PASSWORD", "API_TOKEN", "STRIPE_API_KEY", "JIRA_API_TOKEN", "CLIENT_SECRET", "REDIS_PASSWORD"], 3)
                lines = ["apiVersion: bitnami.com/v1alpha1", "kind: SealedSecret", "metadata:", f"  name: {w}-credentials",
                         f"  namespace: {w}", "spec:", "  encryptedData:"]
                marks = []
                for k in keys:
                    marks.append((len(lines), self.decoy_record("encrypted", "generic", "SealedSecret ciphertext")))
                    lines.append(f"    {k}: AgB{r.s(ALNUM + '+/', r.randint(300, 500))}==")
                lines += ["  template:", "    metadata:", f"      name: {w}-credentials", "    type: Opaque"]
                self.raw(self.raw_path(["k8s/sealed-secret.yaml", "manifests/{w}-sealedsecret.yaml"]), lines, marks)
            else:
                body = "".join(r.hex(80) for _ in range(6))
                lines = ["$ANSIBLE_VAULT;1.1;AES256"] + [body[i:i + 80] for i in range(0, len(body), 80)]
                path = f"{r.choice(REPO_NAMES)}/ansible/group_vars/{r.choice(['prod', 'staging'])}/vault{r.randint(1, 99)}.yml"
                self.raw(path, lines, [(0, {**self.decoy_record("encrypted", "generic", "ansible-vault file"), "end_offset": len(lines) - 1})])
            return
        if category == "key_header_only":
            style = r.randint(0, 2)
            rec = self.decoy_record("key_header_only", "private-key", "private key header without a key")
            if style == 0:
                f = self.pick_file("sh")
                self.add_to(f, Snippet([f"if grep -rl -- '-----BEGIN {r.choice(['RSA ', 'OPENSSH ', 'EC ', ''])}PRIVATE KEY-----' \"$REPO\"; then",
                                        "  echo 'refusing to commit a private key' >&2; exit 1", "fi"], [Mark(0, rec)]))
            elif style == 1:
                f = self.pick_file("py")
                self.add_to(f, Snippet([f"PEM_MARKERS = (\"-----BEGIN RSA PRIVATE KEY-----\", \"-----BEGIN OPENSSH PRIVATE KEY-----\")"], [Mark(0, rec)]))
            else:
                f = self.pick_file("md")
                self.add_to(f, Snippet(["The key file must start with `-----BEGIN OPENSSH PRIVATE KEY-----` and be mode 0600."], [Mark(0, rec)]))
            return
        if category == "reference" and r.random() < 0.12:
            f = self.pick_file("k8s")
            if "secret" not in f.path:
                name = r.choice(["DB_PASSWORD", "STRIPE_API_KEY", "JIRA_API_TOKEN", "ERPNEXT_KEY"])
                self.add_to(f, Snippet([f"            - name: {f.unique(name)}", "              valueFrom:", "                secretKeyRef:",
                                        f"                  name: {r.word()}-credentials", f"                  key: {name.lower()}"],
                                       [Mark(0, self.decoy_record("reference", "kubernetes", "secretKeyRef"), 4)]))
                return
        if category == "encrypted" and r.random() < 0.2:
            f = self.pick_file("yaml")
            body = "".join(r.hex(80) for _ in range(3))
            self.add_to(f, Snippet([f"{f.unique(r.word())}_password: !vault |", "  $ANSIBLE_VAULT;1.1;AES256"] + ["  " + body[i:i + 80] for i in range(0, len(body), 80)],
                                   [Mark(0, self.decoy_record("encrypted", "generic", "ansible-vault inline value"), 4)]))
            return
        key, value, provider, note = decoy_value(r, category)
        marks = [Mark(0, self.decoy_record(category, provider, note))]
        if category == "hash" and value.startswith("$2"):
            # not a secret in clear, but a password hash: planted as one (password_hash findings only)
            marks.append(Mark(0, self.planted_record(KINDS["pwhash.bcrypt"], "hash-decoy:assign", key=key)))
        ftype = r.rng.choices(ASSIGN_TYPES, [TYPE_WEIGHTS[t] for t in ASSIGN_TYPES])[0]
        if category == "example" and r.random() < 0.5:
            # test fixtures
            f = self.pick_file_path(r.choice(REPO_NAMES) + "/tests/" + r.choice(["test_config.py", "fixtures.py", f"test_{r.word()}.py"]), "py")
            lines = [f"{key_style(key, 'upper')} = {q(value)}  # fixture"]
            self.add_to(f, Snippet(lines, marks))
            return
        if ftype in ("xml",) and ("<" in value or "&" in value or '"' in value):
            ftype = "env"
        if ftype in ("json", "mcp", "toml") or '"' not in value:
            pass
        else:
            ftype = "json"
        f = self.pick_file(ftype)
        lines, off = self.renderer.assign(f, key, value)
        self.add_to(f, Snippet(lines, [Mark(off, m.record) for m in marks]))

    def pick_file_path(self, path: str, ftype: str) -> FileSpec:
        if path in self.files:
            return self.files[path]
        f = FileSpec(path, ftype, capacity=8)
        self.files[path] = f
        return f

    # ---- writing
    def render_json(self, f: FileSpec, repo: str) -> tuple[list[str], list[tuple[int, dict]]]:
        r = self.r
        members: list[Snippet] = []
        if f.ftype == "mcp":
            # every snippet becomes an env entry of some MCP server
            servers = {}
            for s in f.snippets:
                servers.setdefault(r.choice(["jira", "github", "stripe", "erp", "slack", "postgres", "filesystem", r.word()]), []).append(s)
            lines = ["{", '  "mcpServers": {']
            marks = []
            names = list(servers)
            for i, name in enumerate(names):
                lines += [f'    "{name}": {{', '      "command": "npx",', f'      "args": ["-y", "@acme/mcp-{name}"],', '      "env": {']
                envs = servers[name]
                for j, s in enumerate(envs):
                    for k, line in enumerate(s.lines):
                        comma = "," if (j < len(envs) - 1 and k == len(s.lines) - 1) else ""
                        for m in s.marks:
                            if m.offset == k:
                                marks.append((len(lines), m.record))
                        lines.append("        " + line + comma)
                lines += ["      }", "    }" + ("," if i < len(names) - 1 else "")]
            lines += ["  }", "}"]
            return lines, marks
        snippets = list(f.snippets)
        for _ in range(r.randint(1, 3)):
            w = r.word()
            snippets.insert(r.randint(0, len(snippets)), Snippet([f'"{f.unique(w)}": {{', f'  "url": "https://{w}.internal",', f'  "timeoutMs": {r.randint(1, 60) * 1000}', "}"]))
        lines = ["{", f'  "service": "{repo}",']
        marks = []
        for i, s in enumerate(snippets):
            for k, line in enumerate(s.lines):
                comma = "," if (i < len(snippets) - 1 and k == len(s.lines) - 1) else ""
                for m in s.marks:
                    if m.offset == k:
                        marks.append((len(lines), m.record))
                lines.append("  " + line + comma)
        lines.append("}")
        return lines, marks

    def write(self) -> dict:
        r = self.r
        planted, decoys, neutral = [], [], []
        if self.out.exists():
            shutil.rmtree(self.out)
        self.out.mkdir(parents=True)
        outputs: list[tuple[str, list[str], list[tuple[int, dict]]]] = []
        for f in self.files.values():
            repo = f.path.split("/")[0]
            if f.ftype in ("json", "mcp"):
                lines, marks = self.render_json(f, repo)
                outputs.append((f.path, lines, marks))
                continue
            head, foot = header_footer(r, f, repo)
            lines = list(head)
            marks = []
            for s in f.snippets:
                if r.random() < 0.6:
                    lines += filler(r, f, "mid")
                base = len(lines)
                for m in s.marks:
                    rec = dict(m.record)
                    if m.end_offset is not None and m.end_offset > m.offset:
                        rec["end_offset"] = m.end_offset - m.offset
                    marks.append((base + m.offset, rec))
                lines += s.lines
            lines += filler(r, f, "end") if r.random() < 0.5 else []
            lines += foot
            outputs.append((f.path, lines, marks))
        for path, text, marks in self.raw_files:
            outputs.append((path, text.rstrip("\n").split("\n"), marks))
        # Some files go into archives (their marks then name `archive!/member`); keytabs
        # are binary files of their own. Both draw from their own generator, so the rest of
        # the corpus is the same as without them.
        # (files of plant_formats stay out of archives: the archives are the ones they were)
        fresh = [o for o in outputs if o[0] in self.format_paths]
        outputs = [o for o in outputs if o[0] not in self.format_paths]
        archived = pack_archives(random.Random(self.seed * 7919 + 5), self.out, outputs)
        outputs = [o for o in outputs if o[0] not in archived] + list(archived.values()) + fresh
        outputs += plant_keytabs(random.Random(self.seed * 7919 + 11), self.out)
        outputs += plant_key_files(random.Random(self.seed * 7919 + 17), self.out)
        outputs += plant_bytecode(random.Random(self.seed * 7919 + 13), self.out)
        outputs += plant_office(random.Random(self.seed * 7919 + 19), self.out)
        outputs += plant_sqlite(random.Random(self.seed * 7919 + 23), self.out)
        for path, lines, marks in outputs:
            if lines is not None:
                dest = self.out / path
                dest.parent.mkdir(parents=True, exist_ok=True)
                dest.write_text("\n".join(lines) + "\n")
            for idx, rec in marks:
                rec = dict(rec)
                end_off = rec.pop("end_offset", None)
                entry = {"path": path, "line": idx + 1, **{k: v for k, v in rec.items() if k != "type"}}
                if end_off:
                    entry["end_line"] = idx + 1 + end_off
                {"planted": planted, "decoy": decoys, "neutral": neutral}[rec["type"]].append(entry)
        for lst in (planted, decoys, neutral):
            lst.sort(key=lambda e: (e["path"], e["line"]))
        return {"planted": planted, "decoys": decoys, "neutral": neutral}


# ---------------------------------------------------------------------------------------
# Formats with a place of their own: planters (one per kind's `special`) and their decoys
# ---------------------------------------------------------------------------------------


def line_of(lines: list[str], needle: str) -> int:
    """Index of the first line holding `needle`."""
    return next(i for i, l in enumerate(lines) if needle in l)


def notebook_lines(cells: list[dict]) -> list[str]:
    """A Jupyter notebook (nbformat 4, a Python 3 kernel) holding `cells`, as its lines."""
    doc = {"cells": cells, "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}},
           "nbformat": 4, "nbformat_minor": 5}
    return json.dumps(doc, indent=1).split("\n")


def snippet_in(c: Corpus, ftype: str, lines: list[str], marks: list[tuple[int, dict]]) -> None:
    """Adds `lines` to a file of `ftype`, with (offset, record) marks."""
    c.add_to(c.pick_file(ftype), Snippet(lines, [Mark(o, rec) for o, rec in marks]))


def assign_in(c: Corpus, kind: Kind, value: str, ftypes: list[str], keys: list[str] | None = None) -> None:
    """An ordinary assignment of `value` under one of `keys` (the kind's by default) in one of `ftypes`."""
    key = c.r.choice(keys or kind.keys)
    f = c.pick_file(c.r.choice(ftypes))
    lines, off = c.renderer.assign(f, key, value)
    c.add_to(f, Snippet(lines, [Mark(off, c.planted_record(kind, f"{f.ftype}:assign", key=key))]))


def fp_appsync(c: Corpus, kind: Kind) -> None:
    """AppSync API keys in the aws-exports.js and amplifyconfiguration.json Amplify writes, or in env and code."""
    r = c.r
    v = secret_value(lambda: kind.gen(r))
    region = r.choice(["us-east-1", "eu-west-1", "ap-southeast-2"])
    endpoint = f"https://{r.s(LOWER + DIGITS, 26)}.appsync-api.{region}.amazonaws.com/graphql"
    config = {"aws_project_region": region, "aws_appsync_graphqlEndpoint": endpoint, "aws_appsync_region": region,
              "aws_appsync_authenticationType": "API_KEY", "aws_appsync_apiKey": v}
    style = r.randint(0, 2)
    if style == 0:
        body = json.dumps(config, indent=4).split("\n")
        lines = ["/* eslint-disable */", "// WARNING: DO NOT EDIT. This file is automatically generated by AWS Amplify. It will be overwritten.",
                 "", "const awsmobile = " + body[0]] + body[1:-1] + [body[-1] + ";", "", "", "export default awsmobile;"]
        path = c.raw_path(["src/aws-exports.js", "web/src/aws-exports.js", "apps/{w}/src/aws-exports.js"])
        return c.raw(path, lines, [(line_of(lines, v), c.planted_record(kind, "amplify:aws-exports"))])
    if style == 1:
        lines = json.dumps(config, indent=4).split("\n")
        path = c.raw_path(["src/amplifyconfiguration.json", "mobile/{w}/amplifyconfiguration.json"])
        return c.raw(path, lines, [(line_of(lines, v), c.planted_record(kind, "amplify:configuration"))])
    assign_in(c, kind, v, ["env", "js", "ts", "yaml", "json"])


def fp_entra_refresh(c: Corpus, kind: Kind) -> None:
    """Entra ID refresh tokens in an MSAL token cache, a token refresh call, or an assignment."""
    r = c.r
    v = secret_value(lambda: kind.gen(r))
    tenant, oid = r.uuid4(), r.uuid4()
    client = "04b07795-8ddb-461a-bbee-02f9e1bf7b46"  # the Azure CLI's public client id
    style = r.randint(0, 2)
    if style == 0:
        home, env = f"{oid}.{tenant}", "login.microsoftonline.com"
        doc = {"AccessToken": {},
               "Account": {f"{home}-{env}-{tenant}": {"home_account_id": home, "environment": env, "realm": tenant,
                                                      "local_account_id": oid, "username": f"{r.word()}.{r.word()}@{r.word()}corp.onmicrosoft.com",
                                                      "authority_type": "MSSTS"}},
               "IdToken": {},
               "RefreshToken": {f"{home}-{env}-refreshtoken-{client}--": {"home_account_id": home, "environment": env,
                                                                         "credential_type": "RefreshToken", "secret": v, "client_id": client,
                                                                         "last_modification_time": str(1716000000 + r.randint(0, 9 ** 7)),
                                                                         "family_id": "1"}},
               "AppMetadata": {f"appmetadata-{env}-{client}": {"client_id": client, "environment": env, "family_id": "1"}}}
        lines = json.dumps(doc, indent=4).split("\n")
        path = c.raw_path([".azure/msal_token_cache.json", "home/{w}/.azure/msal_token_cache.json"])
        return c.raw(path, lines, [(line_of(lines, v), c.planted_record(kind, "msal-token-cache"))])
    if style == 1:
        lines = [f'curl -s -X POST "https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token" \\',
                 f'  -d "client_id={client}&grant_type=refresh_token&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default&refresh_token={v}"']
        return snippet_in(c, "sh", lines, [(1, c.planted_record(kind, "sh:token-refresh"))])
    assign_in(c, kind, v, ["env", "json", "yaml", "py"])


def fp_kubeadm(c: Corpus, kind: Kind) -> None:
    """kubeadm bootstrap tokens: the join command, Join/InitConfiguration, cloud-init, variables."""
    r = c.r
    v = secret_value(lambda: kind.gen(r))
    rec = lambda syn: c.planted_record(kind, syn)
    api = f"10.{r.randint(0, 255)}.{r.randint(0, 255)}.{r.randint(2, 250)}:6443"
    ca = f"sha256:{r.hex(64)}"
    style = r.randint(0, 4)
    if style == 0:
        lines = [f"kubeadm join {api} --token {v} \\", f"    --discovery-token-ca-cert-hash {ca}"]
        return snippet_in(c, "sh", lines, [(0, rec("sh:kubeadm-join"))])
    if style == 1:
        lines = ["apiVersion: kubeadm.k8s.io/v1beta3", "kind: JoinConfiguration", "discovery:", "  bootstrapToken:",
                 f'    apiServerEndpoint: "{api}"', f'    token: "{v}"', "    caCertHashes:", f'      - "{ca}"',
                 f'  tlsBootstrapToken: "{v}"', "nodeRegistration:", f"  name: {r.word()}-worker-{r.randint(1, 9)}"]
        return c.raw(c.raw_path(["kubeadm/join-config.yaml", "bootstrap/{w}-join.yaml"]), lines,
                     [(5, rec("kubeadm:join-config")), (8, rec("kubeadm:join-config"))])
    if style == 2:
        lines = ["apiVersion: kubeadm.k8s.io/v1beta3", "kind: InitConfiguration", "bootstrapTokens:", f'  - token: "{v}"',
                 '    description: "worker join token"', '    ttl: "24h0m0s"', "    usages:", "      - signing", "      - authentication",
                 "localAPIEndpoint:", f"  advertiseAddress: {api.split(':')[0]}", "  bindPort: 6443"]
        return c.raw(c.raw_path(["kubeadm/init-config.yaml", "bootstrap/{w}-init.yaml"]), lines, [(3, rec("kubeadm:init-config"))])
    if style == 3:
        lines = ["#cloud-config", "package_update: true", "packages:", "  - kubeadm", "  - kubelet", "runcmd:",
                 "  - systemctl enable --now kubelet", f"  - kubeadm join {api} --token {v} --discovery-token-ca-cert-hash {ca}"]
        return c.raw(c.raw_path(["cloud-init/worker-user-data.yaml", "infra/{w}-node.cloud-init.yml"]), lines, [(7, rec("cloud-init:kubeadm-join"))])
    assign_in(c, kind, v, ["env", "tfvars", "yaml", "gha"], ["KUBEADM_JOIN_TOKEN", "K8S_BOOTSTRAP_TOKEN", "KUBEADM_TOKEN"])


def fp_truenas(c: Corpus, kind: Kind) -> None:
    """TrueNAS API keys: the middleware client, a JSON-RPC login message, a REST call, a variable."""
    r = c.r
    v = secret_value(lambda: kind.gen(r))
    rec = lambda syn: c.planted_record(kind, syn)
    nas = f"{r.choice(['truenas', 'nas01', 'storage'])}.{r.word()}.lan"
    style = r.randint(0, 3)
    if style == 0:
        f = c.pick_file("py")
        lines = [f"def {f.unique('pool_status')}():", f'    with Client("wss://{nas}/api/current") as client:',
                 f'        client.call("auth.login_with_api_key", "{v}")', '        return client.call("pool.query")']
        return c.add_to(f, Snippet(lines, [Mark(2, rec("py:truenas-client"))]))
    if style == 1:
        lines = json.dumps({"id": r.uuid4(), "msg": "method", "method": "auth.login_with_api_key", "params": [v]}, indent=2).split("\n")
        return c.raw(c.raw_path(["tests/fixtures/truenas-login.json", "tools/{w}/login-request.json"]), lines, [(line_of(lines, v), rec("truenas:json-rpc"))])
    if style == 2:
        lines = [f'curl -fsS "https://{nas}/api/v2.0/pool" -H "Authorization: Bearer {v}"']
        return snippet_in(c, "sh", lines, [(0, rec("sh:truenas-rest"))])
    assign_in(c, kind, v, ["env", "yaml", "ini"])


def fp_thingsboard(c: Corpus, kind: Kind) -> None:
    """ThingsBoard device tokens in the device API URLs of curl, coap-client, Python and firmware."""
    r = c.r
    v = secret_value(lambda: kind.gen(r))
    rec = lambda syn: c.planted_record(kind, syn)
    tb = r.choice([f"thingsboard.{r.word()}.corp", f"tb.{r.word()}.io", "demo.thingsboard.io"])
    style = r.randint(0, 3)
    if style == 0:
        lines = [f"curl -v -X POST --data '{{\"temperature\": {r.randint(15, 30)}}}' https://{tb}/api/v1/{v}/telemetry "
                 "--header \"Content-Type:application/json\""]
        return snippet_in(c, "sh", lines, [(0, rec("sh:curl"))])
    if style == 1:
        lines = [f"coap-client -m post coap://{tb}/api/v1/{v}/telemetry -t json -e '{{\"humidity\": {r.randint(20, 90)}}}'"]
        return snippet_in(c, "sh", lines, [(0, rec("sh:coap-client"))])
    if style == 2:
        lines = [f'requests.post("https://{tb}/api/v1/{v}/telemetry", json={{"temperature": reading}}, timeout=5)']
        return snippet_in(c, "py", lines, [(0, rec("py:requests"))])
    w = r.word()
    lines = ["#include <WiFi.h>", "#include <HTTPClient.h>", "", f'const char* ssid = "{w}-iot";',
             f'const char* telemetryUrl = "http://{tb}/api/v1/{v}/telemetry";', "", "void loop() {", "  HTTPClient http;",
             "  http.begin(telemetryUrl);", "  http.addHeader(\"Content-Type\", \"application/json\");",
             "  http.POST(\"{\\\"temperature\\\": \" + String(readTemperature()) + \"}\");", "  http.end();", "  delay(60000);", "}"]
    c.raw(c.raw_path(["firmware/{w}/{w}.ino", "devices/{w}-sensor/{w}-sensor.ino"]), lines, [(4, rec("arduino:url"))])


def fp_query_credential(c: Corpus, kind: Kind) -> None:
    """Tokens in URL query strings and form data: curl, fetch, requests, a webhook URL in YAML."""
    r = c.r
    v = secret_value(lambda: kind.gen(r))
    rec = lambda syn: c.planted_record(kind, syn)
    param = r.choice(["api_key", "apikey", "token", "access_token", "private_token", "auth_token", "api_token"])
    api = f"api.{r.word()}.{r.choice(['io', 'com', 'net'])}"
    style = r.randint(0, 4)
    if style == 0:
        return snippet_in(c, "sh", [f'curl -fsS "https://{api}/v1/{r.word()}/export?format=csv&{param}={v}" -o {r.word()}.csv'],
                          [(0, rec("sh:curl-query"))])
    if style == 1:
        return snippet_in(c, "sh", [f"curl https://{api}/v1/devices \\", f"  -d {r.choice(['access_token', 'api_key'])}={v}"],
                          [(1, rec("sh:curl-form"))])
    if style == 2:
        f = c.pick_file(r.choice(["js", "ts"]))
        lines = [f"const {f.unique(r.word() + 'Url')} = `https://{api}/v2/{r.word()}?{param}={v}&limit=100`;"]
        return c.add_to(f, Snippet(lines, [Mark(0, rec(f"{f.ftype}:url-query"))]))
    if style == 3:
        return snippet_in(c, "py", [f'resp = requests.get("https://{api}/v1/{r.word()}?{param}={v}", timeout=30)'], [(0, rec("py:url-query"))])
    f = c.pick_file("yaml")
    lines = [f"{f.unique(r.word() + '_webhook')}:", f"  url: https://{api}/hooks/{r.word()}?{param}={v}"]
    c.add_to(f, Snippet(lines, [Mark(1, rec("yaml:url-query"))]))


def fp_windows_password(c: Corpus, kind: Kind) -> None:
    """Passwords in PowerShell (ConvertTo-SecureString, Connect-VIServer) and .NET credentials."""
    r = c.r
    v = secret_value(lambda: kind.gen(r))
    rec = lambda syn: c.planted_record(kind, syn)
    dom, w = r.word().upper(), r.word()
    style = r.randint(0, 4)
    if style == 0:
        lines = [f'$secure = ConvertTo-SecureString "{v}" -AsPlainText -Force',
                 f'$cred = New-Object System.Management.Automation.PSCredential("{dom}\\svc_{w}", $secure)']
        return snippet_in(c, "ps1", lines, [(0, rec("ps1:securestring"))])
    if style == 1:
        lines = [f"$cred = New-Object System.Management.Automation.PSCredential (\"{dom}\\svc_{w}\", (ConvertTo-SecureString '{v}' -AsPlainText -Force))"]
        return snippet_in(c, "ps1", lines, [(0, rec("ps1:pscredential"))])
    if style == 2:
        lines = [f"Connect-VIServer -Server vcsa01.{w}.lan -User administrator@vsphere.local -Password '{v}'"]
        return snippet_in(c, "ps1", lines, [(0, rec("ps1:powercli"))])
    f = c.pick_file("cs")
    if style == 3:
        lines = [f"        public static void {f.unique('ConfigureSmtp')}(SmtpClient smtp)", "        {",
                 f'            smtp.Credentials = new NetworkCredential("{w}-mailer@{r.word()}.io", "{v}");', "        }"]
        return c.add_to(f, Snippet(lines, [Mark(2, rec("cs:networkcredential"))]))
    lines = [f"        public static DirectoryEntry {f.unique('OpenDirectory')}()", "        {",
             f'            return new DirectoryEntry("LDAP://dc01.{w}.corp/DC={w},DC=corp", "{dom}\\\\svc_ldap", "{v}");', "        }"]
    c.add_to(f, Snippet(lines, [Mark(2, rec("cs:directoryentry"))]))


JENKINS_BANNER = "*" * 61


def fp_jenkins_setup(c: Corpus, kind: Kind) -> None:
    """The initial admin password Jenkins prints on first start, in a saved log or a runbook."""
    r = c.r
    v = kind.gen(r)
    ts = f"2024-{r.randint(1, 12):02d}-{r.randint(1, 28):02d} {r.randint(0, 23):02d}:{r.randint(10, 59)}:{r.randint(10, 59)}"
    block = ["", JENKINS_BANNER, JENKINS_BANNER, JENKINS_BANNER, "",
             "Jenkins initial setup is required. An admin user has been created and a password generated.",
             "Please use the following password to proceed to installation:", "", v, "",
             "This may also be found at: /var/jenkins_home/secrets/initialAdminPassword", "", JENKINS_BANNER, JENKINS_BANNER, JENKINS_BANNER]
    if r.random() < 0.5:
        lines = [f"{ts}.{r.randint(100, 999)}+0000 [id=1]\tINFO\twinstone.Logger#logInternal: Beginning extraction from war file",
                 f"{ts}.{r.randint(100, 999)}+0000 [id={r.randint(20, 40)}]\tINFO\tjenkins.install.SetupWizard#init: "] + block + [
                 f"{ts}.{r.randint(100, 999)}+0000 [id={r.randint(20, 40)}]\tINFO\thudson.lifecycle.Lifecycle#onReady: Jenkins is fully up and running"]
        return c.raw(c.raw_path(["ops/jenkins/first-start.log", "logs/jenkins-{w}.log"]), lines, [(line_of(lines, v), c.planted_record(kind, "jenkins:log"))])
    f = c.pick_file("md")
    lines = ["First start of the CI controller (`docker logs jenkins`):", "", "```"] + block + ["```"]
    c.add_to(f, Snippet(lines, [Mark(line_of(lines, v), c.planted_record(kind, "md:jenkins-log"))]))


def fp_jenkins_credentials(c: Corpus, kind: Kind) -> None:
    """Jenkins-encrypted secrets ({AQAAABAAAA...}) in credentials.xml or a job's config.xml."""
    r = c.r
    rec = lambda syn: c.planted_record(kind, syn)
    if r.random() < 0.3:
        lines = ["<?xml version='1.1' encoding='UTF-8'?>", "<project>", "  <publishers>",
                 '    <jenkins.plugins.publish__over__ssh.BapSshPublisherPlugin plugin="publish-over-ssh@1.25">',
                 "      <hostConfigurations>", f"        <name>{r.word()}-web</name>", f"        <hostname>web01.{r.word()}.corp</hostname>",
                 "        <username>deploy</username>", f"        <secretPassword>{{{g_jenkins_secret(r, 16)}}}</secretPassword>",
                 "      </hostConfigurations>", "    </jenkins.plugins.publish__over__ssh.BapSshPublisherPlugin>", "  </publishers>", "</project>"]
        return c.raw(c.raw_path(["jenkins/jobs/{w}/config.xml", "jenkins_home/jobs/{w}-deploy/config.xml"]), lines, [(8, rec("jenkins:job-config"))])
    impl = "com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl"
    string_impl = "org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl"
    ssh_impl = "com.cloudbees.jenkins.plugins.sshcredentials.impl.BasicSSHUserPrivateKey"
    entries = []
    for which in r.sample(["user", "string", "ssh"], r.randint(1, 3)):
        if which == "user":
            entries.append(([f"        <{impl}>", "          <scope>GLOBAL</scope>", f"          <id>{r.word()}-deploy</id>",
                             f"          <description>{r.word()} deploy user</description>", "          <username>deploy</username>",
                             f"          <password>{{{g_jenkins_secret(r)}}}</password>", "          <usernameSecret>false</usernameSecret>",
                             f"        </{impl}>"], 5))
        elif which == "string":
            entries.append(([f"        <{string_impl}>", "          <scope>GLOBAL</scope>", f"          <id>{r.word()}-token</id>",
                             "          <description></description>", f"          <secret>{{{g_jenkins_secret(r, r.randint(30, 72))}}}</secret>",
                             f"        </{string_impl}>"], 4))
        else:
            entries.append(([f"        <{ssh_impl}>", "          <scope>GLOBAL</scope>", f"          <id>{r.word()}-ssh</id>",
                             "          <username>git</username>",
                             f'          <privateKeySource class="{ssh_impl}$DirectEntryPrivateKeySource">',
                             f"            <privateKey>{{{g_jenkins_secret(r, r.randint(390, 420))}}}</privateKey>",
                             "          </privateKeySource>", f"        </{ssh_impl}>"], 5))
    lines = ["<?xml version='1.1' encoding='UTF-8'?>",
             '<com.cloudbees.plugins.credentials.SystemCredentialsProvider plugin="credentials@1337.v60b_d7b_c7b_c9f">',
             '  <domainCredentialsMap class="hudson.util.CopyOnWriteMap$Hash">', "    <entry>",
             "      <com.cloudbees.plugins.credentials.domains.Domain>", "        <specifications/>",
             "      </com.cloudbees.plugins.credentials.domains.Domain>", "      <java.util.concurrent.CopyOnWriteArrayList>"]
    marks = []
    for body, off in entries:
        marks.append((len(lines) + off, rec("jenkins:credentials-xml")))
        lines += body
    lines += ["      </java.util.concurrent.CopyOnWriteArrayList>", "    </entry>", "  </domainCredentialsMap>",
              "</com.cloudbees.plugins.credentials.SystemCredentialsProvider>"]
    c.raw(c.raw_path(["jenkins/credentials.xml", "jenkins_home/credentials.xml", "ci/{w}-jenkins/credentials.xml"]), lines, marks)


def fp_django(c: Corpus, kind: Kind) -> None:
    """Django SECRET_KEY in the settings.py startproject writes, or as an environment fallback."""
    r = c.r
    v = secret_value(lambda: kind.gen(r))
    proj = r.word()
    if r.random() < 0.6:
        key_line = f"SECRET_KEY = '{v}'"
    else:
        quote = r.choice(QUOTES)
        key_line = f"SECRET_KEY = os.environ.get({quote}DJANGO_SECRET_KEY{quote}, '{v}')"
    lines = ['"""', f"Django settings for {proj} project.", "",
             f"Generated by 'django-admin startproject' using Django {r.choice(['4.2.11', '5.0.6', '5.1.2'])}.", '"""', "",
             "import os", "from pathlib import Path", "", "# Build paths inside the project like this: BASE_DIR / 'subdir'.",
             "BASE_DIR = Path(__file__).resolve().parent.parent", "", "",
             "# Quick-start development settings - unsuitable for production", "",
             "# SECURITY WARNING: keep the secret key used in production secret!", key_line, "",
             "# SECURITY WARNING: don't run with debug turned on in production!", "DEBUG = True", "",
             f"ALLOWED_HOSTS = ['{proj}.internal', 'localhost']", "", "INSTALLED_APPS = [", "    'django.contrib.admin',",
             "    'django.contrib.auth',", "    'django.contrib.contenttypes',", f"    '{proj}',", "]"]
    c.raw(c.raw_path([f"{proj}/settings.py", f"{proj}/settings/base.py", "src/{w}/settings.py"]), lines,
          [(line_of(lines, v), c.planted_record(kind, "django:settings"))])


WP_NAMES = ["AUTH_KEY", "SECURE_AUTH_KEY", "LOGGED_IN_KEY", "NONCE_KEY", "AUTH_SALT", "SECURE_AUTH_SALT", "LOGGED_IN_SALT", "NONCE_SALT"]


def wp_define(name: str, value: str) -> str:
    """One line of wp-config.php's key block, aligned as the sample file aligns it."""
    return f"define( '{name}',{' ' * (17 - len(name))}'{value}' );"


def fp_wordpress(c: Corpus, kind: Kind) -> None:
    """WordPress keys and salts: the eight defines of wp-config.php, or the Docker image's variables."""
    r = c.r
    salts = [kind.gen(r) for _ in WP_NAMES]
    rec = lambda syn: c.planted_record(kind, syn)
    if r.random() < 0.6:
        db_pw = secret_value(lambda: pw_generated(r))
        lines = ["<?php", "/**", " * The base configuration for WordPress", " */", "", "// ** Database settings ** //",
                 f"define( 'DB_NAME', '{r.word()}_wp' );", f"define( 'DB_USER', '{r.word()}_wp' );", f"define( 'DB_PASSWORD', '{db_pw}' );",
                 "define( 'DB_HOST', 'localhost' );", "define( 'DB_CHARSET', 'utf8mb4' );", "", "/**#@+",
                 " * Authentication unique keys and salts.", " *",
                 " * Change these to different unique phrases! You can generate these using",
                 " * the {@link https://api.wordpress.org/secret-key/1.1/salt/ WordPress.org secret-key service}.", " */"]
        marks = [(8, c.planted_record(KINDS["generic.password"], "php:wp-config", key="DB_PASSWORD"))]
        for name, salt in zip(WP_NAMES, salts):
            marks.append((len(lines), rec("php:wp-config")))
            lines.append(wp_define(name, salt))
        lines += ["/**#@-*/", "", "$table_prefix = 'wp_';", "", "define( 'WP_DEBUG', false );", "",
                  "if ( ! defined( 'ABSPATH' ) ) {", "\tdefine( 'ABSPATH', __DIR__ . '/' );", "}", "", "require_once ABSPATH . 'wp-settings.php';"]
        return c.raw(c.raw_path(["wp-config.php", "public_html/wp-config.php", "wordpress/wp-config.php"]), lines, marks)
    names = r.sample(WP_NAMES, r.randint(2, 4))
    f = c.pick_file("compose") if r.random() < 0.5 else None
    if f is not None and f.style == 1:  # an environment mapping (a list item `- NAME=v` is another syntax)
        lines = [f"      WORDPRESS_{n}: '{s}'" for n, s in zip(names, salts)]
    else:
        f = c.pick_file("env")
        lines = [f"WORDPRESS_{n}='{s}'" for n, s in zip(names, salts)]
    c.add_to(f, Snippet(lines, [Mark(i, rec(f"{f.ftype}:wordpress-env")) for i in range(len(lines))]))


def filezilla_server(r: Rand, host: str, user: str, pass_line: str, name: str = "") -> list[str]:
    """One <Server> element of FileZilla's sitemanager.xml (with a Name) or recentservers.xml."""
    lines = ["        <Server>", f"            <Host>{host}</Host>", f"            <Port>{r.choice([21, 22, 990])}</Port>",
             f"            <Protocol>{r.choice([0, 1, 4])}</Protocol>", "            <Type>0</Type>", f"            <User>{user}</User>",
             pass_line, "            <Logontype>1</Logontype>", "            <PasvMode>MODE_DEFAULT</PasvMode>",
             "            <EncodingType>Auto</EncodingType>", "            <BypassProxy>0</BypassProxy>"]
    if name:
        lines += [f"            <Name>{name}</Name>", "            <SyncBrowsing>0</SyncBrowsing>", "            <DirectoryComparison>0</DirectoryComparison>"]
    return lines + ["        </Server>"]


def fp_filezilla(c: Corpus, kind: Kind) -> None:
    """Saved FileZilla passwords (clear text, or base64 since 3.26) in sitemanager.xml or recentservers.xml."""
    r = c.r
    site = r.random() < 0.5
    lines = ['<?xml version="1.0" encoding="UTF-8" standalone="yes" ?>', f'<FileZilla3 version="3.{r.randint(55, 67)}.{r.randint(0, 4)}" platform="windows">',
             "    <Servers>" if site else "    <RecentServers>"]
    marks = []
    for _ in range(r.randint(1, 2)):
        pw = secret_value(lambda: kind.gen(r))
        if r.random() < 0.6:
            pass_line = f'            <Pass encoding="base64">{base64.b64encode(pw.encode()).decode()}</Pass>'
        else:
            pass_line = f"            <Pass>{pw}</Pass>"
        w = r.word()
        server = filezilla_server(r, f"ftp.{w}-{r.word()}.com", f"{w}_{r.choice(['web', 'deploy', 'upload'])}", pass_line, f"{w} production" if site else "")
        marks.append((len(lines) + 6, c.planted_record(kind, "filezilla:" + ("sitemanager" if site else "recentservers"))))
        lines += server
    lines += ["    </Servers>" if site else "    </RecentServers>", "</FileZilla3>"]
    name = "sitemanager.xml" if site else "recentservers.xml"
    c.raw(c.raw_path([f"AppData/Roaming/FileZilla/{name}", f"home/{{w}}/.config/filezilla/{name}", f"tools/filezilla/{name}"]), lines, marks)


def fp_jetbrains_webservers(c: Corpus, kind: Kind) -> None:
    """A JetBrains project's deployment servers (.idea/webServers.xml), committed with the code."""
    r = c.r
    host = f"{r.choice(['ftp', 'sftp', 'deploy'])}.{r.word()}-{r.word()}.com"
    pw = secret_value(lambda: kind.gen(r))
    hidden = "".join(f"{ord(ch) ^ 0xDFAA:04x}" for ch in pw)
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<project version="4">', '  <component name="WebServers">',
             '    <option name="servers">', f'      <webServer id="{r.uuid4()}" name="{r.word()}" url="https://{host}">',
             f'        <fileTransfer accessType="SFTP" host="{host}" port="22" password="{hidden}" username="{r.word()}">',
             "          <advancedOptions>", '            <advancedOptions dataProtectionLevel="Private" />',
             "          </advancedOptions>", "        </fileTransfer>", "      </webServer>", "    </option>",
             "  </component>", "</project>"]
    c.raw(c.raw_path([".idea/webServers.xml", "{w}/.idea/webServers.xml"]), lines,
          [(5, c.planted_record(kind, "jetbrains:webservers"))])


def fp_winscp(c: Corpus, kind: Kind) -> None:
    """WinSCP's saved sessions: WinSCP.ini (portable mode) or the registry exported to a .reg file."""
    r = c.r
    host = f"sftp.{r.word()}-{r.word()}.com"
    user = f"{r.word()}_{r.choice(['deploy', 'upload', 'ops'])}"
    pw = secret_value(lambda: kind.gen(r))
    if r.random() < 0.5:
        lines = [f"[Sessions\\{user}@{host}]", f"HostName={host}", f"UserName={user}", f"Password={pw}",
                 "PingType=2", "FSProtocol=2"]
        marks = [(3, c.planted_record(kind, "winscp:ini"))]
        path = c.raw_path(["tools/winscp/WinSCP.ini", "portable/WinSCP.ini", "home/{w}/WinSCP.ini"])
    else:
        lines = ["Windows Registry Editor Version 5.00", "",
                 f"[HKEY_CURRENT_USER\\Software\\Martin Prikryl\\WinSCP 2\\Sessions\\{user}@{host}]",
                 f'"HostName"="{host}"', f'"UserName"="{user}"', f'"Password"="{pw}"', '"PortNumber"=dword:00000016']
        marks = [(5, c.planted_record(kind, "winscp:reg"))]
        path = c.raw_path(["backup/winscp-sessions.reg", "home/{w}/winscp.reg"])
    c.raw(path, lines, marks)


def fp_rails(c: Corpus, kind: Kind) -> None:
    """Rails secret_key_base in config/secrets.yml, a Rails 4 initializer, or the environment."""
    r = c.r
    rec = lambda syn: c.planted_record(kind, syn)
    style = r.randint(0, 2)
    if style == 0:
        lines = ["# Be sure to restart your server when you modify this file.", "", "development:", f"  secret_key_base: {kind.gen(r)}", "",
                 "test:", f"  secret_key_base: {kind.gen(r)}", "", "# Do not keep production secrets in the repository,",
                 "# instead read values from the environment.", "production:", '  secret_key_base: <%= ENV["SECRET_KEY_BASE"] %>']
        return c.raw(c.raw_path(["config/secrets.yml", "{w}/config/secrets.yml"]), lines,
                     [(3, rec("rails:secrets-yml")), (6, rec("rails:secrets-yml")),
                      (11, c.decoy_record("reference", "rails", "ERB reference to the environment"))])
    if style == 1:
        app = r.word().capitalize()
        lines = ["# Be sure to restart your server when you modify this file.", "",
                 "# Your secret key is used for verifying the integrity of signed cookies.", f"{app}::Application.config.secret_key_base = '{kind.gen(r)}'"]
        return c.raw(c.raw_path(["config/initializers/secret_token.rb", "{w}/config/initializers/secret_token.rb"]), lines, [(3, rec("rails:initializer"))])
    assign_in(c, kind, kind.gen(r), ["env", "docker", "compose", "gha"], ["SECRET_KEY_BASE"])


def fp_laravel(c: Corpus, kind: Kind) -> None:
    """Laravel APP_KEY in the project's .env (its usual home) or a container's environment."""
    r = c.r
    v = secret_value(lambda: kind.gen(r))
    if r.random() < 0.6:
        app = r.word()
        lines = [f"APP_NAME={app.capitalize()}", "APP_ENV=production", f"APP_KEY={v}", "APP_DEBUG=false", f"APP_URL=https://{app}.{r.word()}.com",
                 "", "LOG_CHANNEL=stack", "LOG_LEVEL=error", "", "DB_CONNECTION=mysql", "DB_HOST=127.0.0.1", "DB_PORT=3306",
                 f"DB_DATABASE={app}", f"DB_USERNAME={app}", "DB_PASSWORD=", "", "BROADCAST_DRIVER=log", "CACHE_DRIVER=file",
                 "QUEUE_CONNECTION=sync", "SESSION_DRIVER=file", "SESSION_LIFETIME=120"]
        return c.raw(c.raw_path([".env", "laravel/.env", "backend/.env"]), lines, [(2, c.planted_record(kind, "laravel:env"))])
    assign_in(c, kind, v, ["env", "compose", "docker"], ["APP_KEY"])


def fp_duo_config(c: Corpus, kind: Kind) -> None:
    """A Duo integration's secret key under the bare name `skey`: pam_duo's INI file or an integration's JSON."""
    r = c.r
    v = secret_value(lambda: kind.gen(r))
    ikey, host = "DI" + r.s(UPPER + DIGITS, 18), f"api-{r.hex(8)}.duosecurity.com"
    if r.randint(0, 1) == 0:
        lines = ["[duo]", f"ikey = {ikey}", f"skey = {v}", f"host = {host}", "failmode = safe", "pushinfo = yes"]
        path = c.raw_path(["ansible/roles/duo/files/pam_duo.conf", "etc/duo/login_duo.conf"])
    else:
        lines = json.dumps({"duo": {"host": host, "ikey": ikey, "skey": v}}, indent=2).splitlines()
        path = c.raw_path(["config/duo.json", "{w}/duo-settings.json"])
    c.raw(path, lines, [(line_of(lines, v), c.planted_record(kind, "ini:duo" if lines[0] == "[duo]" else "json:duo"))])


def fp_php_app_secret(c: Corpus, kind: Kind) -> None:
    """A PHP application's own key in the file its installer writes: Drupal's settings.php hash
    salt, Magento's app/etc/env.php crypt key, Nextcloud's config.php password salt."""
    r = c.r
    v = secret_value(lambda: kind.gen(r))
    if kind.provider == "drupal":
        lines = ["<?php", "$databases['default']['default'] = [", "  'database' => 'drupal',", "  'driver' => 'mysql',", "];",
                 f"$settings['hash_salt'] = '{v}';", "$settings['config_sync_directory'] = '../config/sync';"]
        path = c.raw_path(["web/sites/default/settings.php", "docroot/sites/default/settings.php"])
    elif kind.provider == "magento":
        lines = ["<?php", "return [", "    'backend' => [", "        'frontName' => 'admin_" + r.s(LOWER, 6) + "'", "    ],",
                 "    'crypt' => [", f"        'key' => '{v}'", "    ],", "    'MAGE_MODE' => 'production',", "];"]
        path = c.raw_path(["app/etc/env.php", "magento/app/etc/env.php"])
    else:
        lines = ["<?php", "$CONFIG = array (", f"  'instanceid' => 'oc{r.s(LOWER + DIGITS, 10)}',", f"  'passwordsalt' => '{v}',",
                 f"  'trusted_domains' => array ( 0 => 'cloud.{r.word()}.io' ),", "  'dbtype' => 'pgsql',", ");"]
        path = c.raw_path(["config/config.php", "nextcloud/config/config.php"])
    c.raw(path, lines, [(line_of(lines, v), c.planted_record(kind, f"php:{kind.provider}-config"))])


def fp_bluecat(c: Corpus, kind: Kind) -> None:
    """BlueCat Address Manager session token: a script's log of the login call, or the header sent after it."""
    r = c.r
    rec = lambda syn: c.planted_record(kind, syn)
    user = r.choice(["svc_ipam", "api_user", "dnsbot", r.word()])
    if r.random() < 0.5:
        lines = [f"2025-0{r.randint(1, 9)}-1{r.randint(0, 9)} 10:4{r.randint(0, 9)}:03 INFO bam: logging in as {user}",
                 f"2025-0{r.randint(1, 9)}-1{r.randint(0, 9)} 10:4{r.randint(0, 9)}:04 DEBUG bam: Session Token-> BAMAuthToken: {kind.gen(r)} <- for User : {user}",
                 "2025-01-10 10:40:05 INFO bam: 12 zones exported"]
        return c.raw(c.raw_path(["logs/ipam-sync.log", "{w}/logs/bam.log"]), lines, [(1, rec("log:login"))])
    lines = ["import requests", "", f'BAM = "https://bam.{r.word()}.internal/Services/REST/v1"',
             f'HEADERS = {{"Authorization": "BAMAuthToken: {kind.gen(r)}", "Content-Type": "application/json"}}', "",
             "def zones():", '    return requests.get(f"{BAM}/getEntities", headers=HEADERS).json()']
    c.raw(c.raw_path(["scripts/ipam_export.py", "{w}/bam_client.py"]), lines, [(3, rec("py:header"))])


def fp_shiro(c: Corpus, kind: Kind) -> None:
    """Apache Shiro rememberMe cipher key: a Java config class, Spring Boot properties or YAML, or shiro.ini in hex."""
    r = c.r
    rec = lambda syn: c.planted_record(kind, syn)
    style = r.randint(0, 3)
    if style == 0:
        decode = r.choice(["Base64.decode", "java.util.Base64.getDecoder().decode", "org.apache.shiro.codec.Base64.decode"])
        lines = ["    @Bean", "    public CookieRememberMeManager rememberMeManager() {",
                 "        CookieRememberMeManager manager = new CookieRememberMeManager();",
                 "        manager.setCookie(rememberMeCookie());",
                 f'        manager.setCipherKey({decode}("{kind.gen(r)}"));', "        return manager;", "    }"]
        return c.raw(c.raw_path(["src/main/java/com/{w}/config/ShiroConfig.java", "{w}/ShiroConfig.java"]), lines, [(4, rec("java:setCipherKey"))])
    if style == 1:
        lines = ["server.port=8080", f"spring.application.name={r.word()}", "shiro.loginUrl=/login",
                 f"shiro.rememberMe.cipherKey={kind.gen(r)}", "shiro.rememberMe.cookie.maxAge=2592000"]
        return c.raw(c.raw_path(["src/main/resources/application.properties", "{w}/application.properties"]), lines, [(3, rec("properties:cipherKey"))])
    if style == 2:
        lines = ["shiro:", "  remember-me:", "    enabled: true", f"    cipher-key: {kind.gen(r)}", "  session:", "    timeout: 1800"]
        return c.raw(c.raw_path(["src/main/resources/application.yml", "{w}/application.yml"]), lines, [(3, rec("yaml:cipher-key"))])
    lines = ["[main]", "rememberMeManager = org.apache.shiro.web.mgt.CookieRememberMeManager",
             f"rememberMeManager.cipherKey = 0x{r.hex(32)}", "securityManager.rememberMeManager = $rememberMeManager"]
    c.raw(c.raw_path(["src/main/resources/shiro.ini", "{w}/shiro.ini"]), lines, [(2, rec("ini:hex"))])


def fp_sidekiq(c: Corpus, kind: Kind) -> None:
    """Sidekiq Pro/Enterprise gem server credentials in .bundle/config, a Gemfile source, a Dockerfile or CI."""
    r = c.r
    v = kind.gen(r)
    rec = lambda syn: c.planted_record(kind, syn)
    host = r.choice(["enterprise", "gems"])
    var = f"BUNDLE_{host.upper()}__CONTRIBSYS__COM"
    style = r.randint(0, 3)
    if style == 0:
        lines = ["---", 'BUNDLE_PATH: "vendor/bundle"', 'BUNDLE_JOBS: "4"', f'{var}: "{v}"']
        return c.raw(c.raw_path([".bundle/config", "{w}/.bundle/config"]), lines, [(3, rec("bundler:config"))])
    if style == 1:
        lines = ['source "https://rubygems.org"', "", f'gem "rails", "~> 7.{r.randint(0, 2)}"', 'gem "sidekiq"', "",
                 f'source "https://{v}@{host}.contribsys.com/" do', f'  gem "sidekiq-{"ent" if host == "enterprise" else "pro"}"', "end"]
        return c.raw(c.raw_path(["Gemfile", "{w}/Gemfile"]), lines, [(5, rec("gemfile:source"))])
    if style == 2:
        return snippet_in(c, "docker", [f"ENV {var}={v}", "RUN bundle install --jobs 4"], [(0, rec("docker:env"))])
    # Bundler's variable names keep their double underscores (key_style would fold them)
    ftype = r.choice(["gha", "env", "sh"])
    line = {"gha": f'      {var}: "{v}"', "env": f"{var}={v}", "sh": f'export {var}="{v}"'}[ftype]
    snippet_in(c, ftype, [line], [(0, rec(f"{ftype}:assign"))])


def fp_netrc(c: Corpus, kind: Kind) -> None:
    """Passwords in ~/.netrc entries, one line or one field a line."""
    r = c.r
    lines, marks = [], []
    for _ in range(r.randint(1, 2)):
        pw = secret_value(lambda: kind.gen(r))
        machine = r.choice([f"ftp.{r.word()}.net", f"artifactory.{r.word()}.corp", f"pypi.{r.word()}.corp", f"files.{r.word()}.io"])
        login = r.choice([f"{r.word()}-ci", "deploy", f"{r.word()}@{r.word()}.io"])
        if r.random() < 0.5:
            marks.append((len(lines), c.planted_record(kind, "netrc:one-line")))
            lines.append(f"machine {machine} login {login} password {pw}")
        else:
            marks.append((len(lines) + 2, c.planted_record(kind, "netrc:fields")))
            lines += [f"machine {machine}", f"  login {login}", f"  password {pw}"]
    c.raw(c.raw_path([".netrc", "home/{w}/.netrc", "ci/netrc", "_netrc"]), lines, marks)


def cli_password(r: Rand) -> str:
    """A password for a command line: one that does not start with `-` (it would read as a flag)."""
    pw = secret_value(lambda: pw_generated(r))
    return pw if not pw.startswith("-") else r.choice(UPPER) + pw[1:]


def fp_mysql(c: Corpus, kind: Kind) -> None:
    """Passwords on mysql, mysqldump and mysqladmin command lines: scripts, crontabs, shell history."""
    r = c.r
    pw, user, db = cli_password(r), r.choice(["root", "backup", f"{r.word()}_app"]), r.word()
    q1 = r.choice(["", "'"])
    cmd = r.choice([f"mysqldump --user={user} --password={q1}{pw}{q1} --single-transaction {db} | gzip > /backups/{db}-$(date +%F).sql.gz",
                    f"mysql -h db.internal -u {user} -p{q1}{pw}{q1} {db} < schema.sql",
                    f"mysqladmin -u {user} -p{q1}{pw}{q1} status"])
    style = r.randint(0, 2)
    if style == 0:
        return snippet_in(c, "sh", [cmd], [(0, c.planted_record(kind, "sh:mysql"))])
    if style == 1:
        lines = ["SHELL=/bin/bash", "MAILTO=ops@localhost", "", f"30 2 * * * {cmd}", f"0 * * * * /usr/local/bin/{r.word()}-rotate.sh"]
        return c.raw(c.raw_path(["ops/crontab", "deploy/{w}.cron", "etc/cron.d/{w}-backup"]), lines, [(3, c.planted_record(kind, "crontab:mysql"))])
    lines = ["ls -la", f"cd /var/www/{r.word()}", cmd, "exit"]
    c.raw(c.raw_path([".bash_history", "home/{w}/.bash_history"]), lines, [(2, c.planted_record(kind, "shell-history:mysql"))])


def fp_sshpass(c: Corpus, kind: Kind) -> None:
    """Passwords given to sshpass -p, PsExec -p or redis-cli -a on command lines."""
    r = c.r
    pw, host = cli_password(r), private_ip(r)
    q1 = r.choice(["", "'", '"'])
    style = r.randint(0, 3)
    if style <= 1:
        cmd = r.choice([f"sshpass -p {q1}{pw}{q1} ssh -o StrictHostKeyChecking=no deploy@{host} 'sudo systemctl restart {r.word()}'",
                        f"sshpass -p {q1}{pw}{q1} scp dist/{r.word()}.tar.gz deploy@{host}:/opt/releases/",
                        f"sshpass -p {q1}{pw}{q1} rsync -az -e ssh build/ deploy@{host}:/var/www/{r.word()}/"])
        return snippet_in(c, "sh", [cmd], [(0, c.planted_record(kind, "sh:sshpass"))])
    if style == 2:
        cmd = f"PsExec.exe \\\\{r.word()}-fs01 -u {r.word().upper()}\\svc_backup -p {pw} cmd /c \"robocopy D:\\data \\\\backup01\\data /MIR\""
        return snippet_in(c, "ps1", [cmd], [(0, c.planted_record(kind, "ps1:psexec"))])
    return snippet_in(c, "sh", [f"redis-cli -h cache.{r.word()}.internal -a {q1}{pw}{q1} --no-auth-warning FLUSHDB"], [(0, c.planted_record(kind, "sh:redis-cli"))])


def plant_command(c: Corpus, kind: Kind, commands: list[tuple[str, str]]) -> None:
    """One of `commands` ((command line, syntax) pairs) planted in a shell script."""
    cmd, syntax = c.r.choice(commands)
    snippet_in(c, "sh", [cmd], [(0, c.planted_record(kind, syntax))])


def fp_tool_password(c: Corpus, kind: Kind) -> None:
    """Passwords given to zip/unzip -P, 7z/rar -p, openssl -k or xfreerdp /p: in scripts."""
    r = c.r
    pw, host, w = cli_password(r), private_ip(r), r.word()
    q1 = r.choice(["", "'", '"'])
    plant_command(c, kind, [
        (f"zip -r -P {q1}{pw}{q1} /backups/{w}-$(date +%F).zip /var/lib/{w}", "sh:zip"),
        (f"unzip -o -P {q1}{pw}{q1} dist/{w}-release.zip -d /opt/{w}", "sh:unzip"),
        (f"7z a -p{pw} -mhe=on /backups/{w}.7z /srv/{w}/config", "sh:7z"),
        (f"openssl enc -aes-256-cbc -salt -pbkdf2 -k {q1}{pw}{q1} -in {w}.sql -out {w}.sql.enc", "sh:openssl-k"),
        (f"xfreerdp /v:{host} /u:Administrator /p:{pw} /cert:ignore +clipboard", "sh:xfreerdp"),
    ])


def fp_secret_store_set(c: Corpus, kind: Kind) -> None:
    """A secret on the command line that puts it in a store (gh, aws, az, gcloud, doppler,
    a keychain): a runbook's or a shell history's line."""
    r = c.r
    pw, w = cli_password(r), r.word()
    q1 = r.choice(["", "'", '"'])
    plant_command(c, kind, [
        (f"gh secret set {w.upper()}_TOKEN --body {q1}{pw}{q1} --repo acme/{w}", "sh:gh-secret-set"),
        (f"aws ssm put-parameter --name /prod/{w}/password --type SecureString --value {q1}{pw}{q1} --overwrite", "sh:ssm-put-parameter"),
        (f"aws secretsmanager create-secret --name prod/{w} --secret-string {q1}{pw}{q1}", "sh:secretsmanager"),
        (f"az keyvault secret set --vault-name kv-{w} --name {w}-password --value {q1}{pw}{q1}", "sh:az-keyvault"),
        (f"gcloud secrets versions add {w}-password --data-file=- <<< {q1}{pw}{q1}", "sh:gcloud-here-string"),
        (f"doppler secrets set {w.upper()}_PASSWORD {q1}{pw}{q1}", "sh:doppler"),
        (f"security add-generic-password -a deploy -s {w}-api -w {q1}{pw}{q1}", "sh:keychain"),
    ])


def fp_tf_variable(c: Corpus, kind: Kind) -> None:
    """A literal default of a secret-named Terraform variable (variables.tf)."""
    r = c.r
    name = r.choice(["db_password", "admin_password", "grafana_admin_password", f"{r.word()}_api_token", f"{r.word()}_api_key",
                     "registry_password", f"{r.word()}_webhook_secret", "vpn_psk_secret"])
    v = secret_value(lambda: pw_generated(r) if "password" in name else g_form_value(r, name.upper()))
    f = c.pick_file("tf")
    lines = [f'variable "{f.unique(name)}" {{', f'  description = "{name.replace("_", " ")} for the {r.word()} stack"', "  type        = string"]
    if r.random() < 0.5:
        lines.append("  sensitive   = true")
    lines += [f'  default     = "{v}"', "}"]
    c.add_to(f, Snippet(lines, [Mark(len(lines) - 2, c.planted_record(kind, "tf:variable-default"))]))


def fp_tfstate(c: Corpus, kind: Kind) -> None:
    """A random_password result in a committed Terraform state (version 4, or 3 as older
    Terraform wrote it); the resource's bcrypt hash beside it is the decoy a hash rule may
    take, and a random_string used as a name suffix is no password."""
    r = c.r
    v = secret_value(lambda: pw_generated(r))
    name = r.choice(["db", "admin", "grafana", f"{r.word()}_db", "master"])
    suffix = r.s(LOWER + DIGITS, 6)
    if r.random() < 0.7:
        attributes = {"bcrypt_hash": None, "id": "none", "keepers": None, "length": len(v), "lower": True,
                      "min_lower": 0, "min_numeric": 0, "min_special": 0, "min_upper": 0, "number": True,
                      "numeric": True, "override_special": "!#$%&*()-_=+[]{}<>:?", "result": v, "special": True, "upper": True}
        resource = {"mode": "managed", "type": "random_password", "name": name,
                    "provider": 'provider["registry.terraform.io/hashicorp/random"]',
                    "instances": [{"schema_version": 3, "attributes": attributes,
                                   "sensitive_attributes": [[{"type": "get_attr", "value": "result"}]]}]}
        naming = {"mode": "managed", "type": "random_string", "name": "suffix",
                  "provider": 'provider["registry.terraform.io/hashicorp/random"]',
                  "instances": [{"schema_version": 2, "attributes": {"id": suffix, "length": 6, "result": suffix,
                                                                      "special": False, "upper": False}}]}
        state = {"version": 4, "terraform_version": r.choice(["1.5.7", "1.7.4", "1.9.8"]), "serial": r.randint(3, 90),
                 "lineage": str(uuid.UUID(int=r.getrandbits(128))), "outputs": {}, "resources": [naming, resource]}
    else:
        state = {"version": 3, "terraform_version": "0.11.14", "serial": r.randint(3, 90),
                 "modules": [{"path": ["root"], "outputs": {}, "resources": {
                     f"random_password.{name}": {"type": "random_password", "depends_on": [],
                                                 "primary": {"id": "none", "attributes": {"id": "none", "length": str(len(v)),
                                                                                          "result": v, "special": "true"}}}}}]}
    lines = json.dumps(state, indent=2).split("\n")
    c.raw(c.raw_path(["terraform.tfstate", "infra/{w}/terraform.tfstate", "envs/prod/terraform.tfstate.backup"]), lines,
          [(line_of(lines, json.dumps(v)[1:-1]), c.planted_record(kind, "tfstate:random-password"))])


def fp_docker_identity(c: Corpus, kind: Kind) -> None:
    """A registry identity token in ~/.docker/config.json (az acr login, docker login with a token)."""
    r = c.r
    v = secret_value(lambda: kind.gen(r))
    reg = f"{r.word()}prod.azurecr.io" if v.startswith("eyJ") else r.choice([f"registry.{r.word()}.corp", f"{r.word()}.jfrog.io"])
    entry = {"auth": "MDAwMDAwMDAtMDAwMC0wMDAwLTAwMDAtMDAwMDAwMDAwMDAwOg==", "identitytoken": v}  # user 00000000-..., empty password
    lines = json.dumps({"auths": {reg: entry}, "HttpHeaders": {"User-Agent": "Docker-Client/24.0.7 (linux)"}}, indent=2).split("\n")
    marks = [(line_of(lines, v), c.planted_record(kind, "docker-config:identitytoken")),
             (line_of(lines, '"auth"'), c.decoy_record("identifier", "docker", "ACR's all-zero user name with an empty password"))]
    c.raw(c.raw_path([".docker/config.json", "home/{w}/.docker/config.json", "ci/docker-{w}/config.json"]), lines, marks)


def b64_pem(lines: list[str]) -> str:
    """A PEM block as one base64 line (how Kubernetes Secrets and env variables carry keys)."""
    return base64.b64encode(("\n".join(lines) + "\n").encode()).decode()


def fake_certificate(r: Rand) -> list[str]:
    """A PEM certificate of random DER (a public document, not a key)."""
    return pem("CERTIFICATE", der_seq(der_seq(der(0xA0, der_int(2)), der_int(r.getrandbits(120)), r.bytes(700))))


def fp_base64_pem(c: Corpus, kind: Kind) -> None:
    """Base64-encoded PEM private keys: a kubernetes.io/tls Secret, env variables, app config."""
    r = c.r
    which = r.choice(["ec", "ec", "openssh", "rsa"])
    key = b64_pem(private_key_lines(which, r))
    rec = lambda syn: c.planted_record(kind, syn)
    style = r.randint(0, 2)
    if style == 0:
        lines = ["apiVersion: v1", "kind: Secret", "metadata:", f"  name: {r.word()}-tls", f"  namespace: {r.word()}",
                 "type: kubernetes.io/tls", "data:", f"  tls.crt: {b64_pem(fake_certificate(r))}", f"  tls.key: {key}"]
        return c.raw(c.raw_path(["k8s/tls-secret.yaml", "manifests/{w}-tls.yaml", "deploy/{w}-ingress-tls.yaml"]), lines,
                     [(7, c.decoy_record("public_key", "private-key", "base64 PEM certificate (tls.crt)")), (8, rec("k8s:tls-secret"))])
    if style == 1:
        return assign_in(c, kind, key, ["env", "gha", "compose"], ["JWT_PRIVATE_KEY_B64", "GITHUB_APP_PRIVATE_KEY", "SSH_PRIVATE_KEY_BASE64", "SIGNING_KEY_B64"])
    assign_in(c, kind, key, ["yaml", "json"], ["privateKey", "signing_private_key", "PRIVATE_KEY"])


def fp_base64_der(c: Corpus, kind: Kind) -> None:
    """Private keys as the base64 of their DER bytes, no PEM armour: decoded in Java or C#,
    set in env files, kept in YAML (one line or a block) and JSON (lines joined by `\\n`)."""
    r = c.r
    which = r.choice(["ec", "pkcs8", "pkcs1"])
    if which == "ec":
        der_key = ec_key(r)
    else:
        pkcs1, spki, _ = rsa_key(r, r.choice([1024, 2048]))
        der_key = pkcs1 if which == "pkcs1" else pkcs8_rsa(pkcs1)
    key = base64.b64encode(der_key).decode()
    rec = lambda syn: c.planted_record(kind, syn)
    style = r.randint(0, 4)
    if style == 0:
        lines = ["KeyFactory factory = KeyFactory.getInstance(\"RSA\");",
                 f'byte[] encoded = Base64.getDecoder().decode("{key}");',
                 "PrivateKey signingKey = factory.generatePrivate(new PKCS8EncodedKeySpec(encoded));"]
        return snippet_in(c, "java", lines, [(1, rec("java:base64-decode"))])
    if style == 1:
        lines = ["using var rsa = RSA.Create();", f'rsa.ImportPkcs8PrivateKey(Convert.FromBase64String("{key}"), out _);']
        return snippet_in(c, "cs", lines, [(1, rec("cs:from-base64"))])
    if style == 2:
        wrapped = [key[i:i + 64] for i in range(0, len(key), 64)]
        lines = [f"{r.word()}:", "  signing:", "    privateKey: |"] + [f"      {line}" for line in wrapped] + [f"    issuer: {r.word()}"]
        if which != "ec":
            # the public half beside it is not a secret
            lines.append(f"    publicKey: {base64.b64encode(spki).decode()}")
        return snippet_in(c, "yaml", lines, [(3, rec("yaml:block"))])
    if style == 3:
        escaped = "\\n".join(key[i:i + 64] for i in range(0, len(key), 64))
        lines = ["{", f'  "keyId": "{r.hex(16)}",', f'  "privateKey": "{escaped}\\n"', "}"]
        return c.raw(c.raw_path(["config/signing-key.json", "keys/{w}-service.json", "secrets/{w}-jwt.json"]), lines,
                     [(2, rec("json:escaped-lines"))])
    assign_in(c, kind, key, ["env", "yaml", "toml"], ["SIGNING_KEY_DER", "APNS_PRIVATE_KEY", "JWT_PRIVATE_KEY"])


def fp_rsa_xml(c: Corpus, kind: Kind) -> None:
    """.NET's XML RSA keys (`RSA.ToXmlString(true)`): in a C# string, in an XML key file;
    the public half alone beside it is no secret."""
    r = c.r
    e = 65537
    while True:
        p, q = gen_prime(r, 512), gen_prime(r, 512)
        phi = (p - 1) * (q - 1)
        if p != q and phi % e:
            break
    n, d = p * q, pow(e, -1, phi)
    b = lambda x: base64.b64encode(x.to_bytes((x.bit_length() + 7) // 8, "big")).decode()
    parts = [("Modulus", n), ("Exponent", e), ("P", p), ("Q", q), ("DP", d % (p - 1)), ("DQ", d % (q - 1)),
             ("InverseQ", pow(q, -1, p)), ("D", d)]
    rec = lambda syn: c.planted_record(kind, syn)
    if r.random() < 0.5:
        xml = "<RSAKeyValue>" + "".join(f"<{t}>{b(v)}</{t}>" for t, v in parts) + "</RSAKeyValue>"
        lines = [f'private const string {r.choice(["SigningKeyXml", "PrivateKeyXml", "LicenseKey"])} = "{xml}";',
                 "using var rsa = RSA.Create();", f"rsa.FromXmlString({r.choice(['SigningKeyXml', 'PrivateKeyXml', 'LicenseKey'])});"]
        return snippet_in(c, "cs", lines, [(0, rec("cs:rsa-xml"))])
    lines = ['<?xml version="1.0" encoding="utf-8"?>', "<RSAKeyValue>"] + [f"  <{t}>{b(v)}</{t}>" for t, v in parts] + ["</RSAKeyValue>"]
    c.raw(c.raw_path(["keys/{w}-signing.xml", "App_Data/private-key.xml", "config/license-key.xml"]), lines,
          [(9, rec("xml:rsa-key-value"))])
    public = ["<RSAKeyValue>", f"  <Modulus>{b(n)}</Modulus>", "  <Exponent>AQAB</Exponent>", "</RSAKeyValue>"]
    c.raw(c.raw_path(["keys/{w}-public.xml", "wwwroot/public-key.xml"]), public,
          [(1, c.decoy_record("public_key", "private-key", "RSAKeyValue with modulus and exponent only"))])


def fp_tableau(c: Corpus, kind: Kind) -> None:
    """Tableau PAT secrets passed to tableauserverclient, or assigned as other credentials are."""
    r = c.r
    v = secret_value(lambda: kind.gen(r))
    if r.random() < 0.4:
        lines = [f'tableau_auth = TSC.PersonalAccessTokenAuth("{r.word()}-publisher", "{v}", site_id="{r.word()}")',
                 f'server = TSC.Server("https://{r.choice(["prod-useast-b", "10ax", "eu-west-1a"])}.online.tableau.com", use_server_version=True)']
        return snippet_in(c, "py", lines, [(0, c.planted_record(kind, "py:tableau-auth"))])
    c.plant_value(kind, v)


def fp_pwhash(c: Corpus, kind: Kind) -> None:
    """Password hashes where systems keep them: shadow, htpasswd, Cisco configs, cloud-init, SQL seeds, roasting output."""
    {"pwhash.md5-crypt": ph_md5, "pwhash.bcrypt": ph_bcrypt, "pwhash.sha-crypt": ph_sha, "pwhash.scrypt-family": ph_scrypt_family,
     "pwhash.scrypt": ph_scrypt, "pwhash.kerberos": ph_kerberos, "pwhash.mysql-native": ph_mysql_native}[kind.name](c, kind)


def ph_mysql_native(c: Corpus, kind: Kind) -> None:
    """MySQL native password hashes in a dump's CREATE USER and a legacy GRANT."""
    r = c.r
    h = "*" + r.s("0123456789ABCDEF", 40)
    user = r.choice(["app", "backup", "replica", r.word()])
    ftype, lines, at = r.choice([
        ("sql", [f"CREATE USER '{user}'@'%' IDENTIFIED WITH 'mysql_native_password' AS '{h}' REQUIRE NONE PASSWORD EXPIRE DEFAULT ACCOUNT UNLOCK;"], 0),
        ("sql", [f"GRANT ALL PRIVILEGES ON {r.word()}.* TO '{user}'@'localhost' IDENTIFIED BY PASSWORD '{h}';"], 0),
        # Ansible's mysql_user with an encrypted (hashed) password, Terraform's mysql_user
        ("yaml", ["- name: Create the application's database user", "  community.mysql.mysql_user:",
                  f"    name: {user}", "    host: '%'", f"    password: '{h}'", "    encrypted: yes"], 4),
        ("tf", [f'resource "mysql_user" "{user}" {{', f'  user               = "{user}"', '  host               = "%"',
                '  auth_plugin        = "mysql_native_password"', f'  plaintext_password = "{h}"', "}"], 4),
    ])
    snippet_in(c, ftype, lines, [(at, c.planted_record(kind, f"{ftype}:mysql-native-hash"))])


SYSTEM_USERS = ["daemon", "bin", "sys", "sync", "games", "man", "lp", "mail", "news", "www-data", "backup", "nobody", "systemd-network", "sshd"]


def shadow_file(c: Corpus, kind: Kind, hashes: list[str], syntax: str) -> None:
    """An /etc/shadow with `hashes` for root and a login user, system accounts locked (`*`, `!`)."""
    r = c.r
    day = r.randint(19000, 20100)
    users = ["root"] + r.sample(SYSTEM_USERS, r.randint(5, 9)) + [r.word() for _ in hashes[1:]]
    lines, marks = [], []
    for i, user in enumerate(users):
        if i == 0 or i >= len(users) - len(hashes) + 1:
            h = hashes[0] if i == 0 else hashes[i - len(users) + len(hashes)]
            marks.append((len(lines), c.planted_record(kind, syntax)))
            lines.append(f"{user}:{h}:{day + r.randint(0, 400)}:0:99999:7:::")
        else:
            lines.append(f"{user}:{r.choice(['*', '*', '!'])}:{day}:0:99999:7:::")
    c.raw(c.raw_path(["etc/shadow", "rootfs/etc/shadow", "images/{w}/etc/shadow", "backup/etc/shadow-"]), lines, marks)


def htpasswd_file(c: Corpus, kind: Kind, hashes: list[str]) -> None:
    """An .htpasswd file, one user:hash a line."""
    r = c.r
    lines = [f"{r.choice([r.word(), 'admin', 'deploy', 'monitor'])}{r.randint(1, 99) if r.random() < 0.3 else ''}:{h}" for h in hashes]
    c.raw(c.raw_path([".htpasswd", "nginx/.htpasswd", "deploy/{w}.htpasswd", "conf/htpasswd.users"]), lines,
          [(i, c.planted_record(kind, "htpasswd")) for i in range(len(lines))])


def sql_seed(c: Corpus, kind: Kind, h: str) -> None:
    """A users row with its password hash in a seed or migration."""
    r = c.r
    w = r.word()
    line = f"INSERT INTO users (email, password_hash, role) VALUES ('{w}@{r.word()}.io', '{h}', '{r.choice(['admin', 'staff'])}');"
    snippet_in(c, "sql", [line], [(0, c.planted_record(kind, "sql:seed"))])


def ph_md5(c: Corpus, kind: Kind) -> None:
    """MD5-crypt: Apache htpasswd ($apr1$), an old shadow file, Cisco `secret 5`."""
    r = c.r
    style = r.randint(0, 2)
    if style == 0:
        return htpasswd_file(c, kind, [md5_crypt(r, "apr1") for _ in range(r.randint(1, 3))])
    if style == 1:
        return shadow_file(c, kind, [md5_crypt(r) for _ in range(r.randint(1, 2))], "shadow")
    cisco_config(c, kind, f"enable secret 5 {md5_crypt(r, '1', 4)}", f"username {r.word()} privilege 15 secret 5 {md5_crypt(r, '1', 4)}")


def cisco_config(c: Corpus, kind: Kind, *secrets: str) -> None:
    """A Cisco IOS running-config with `secrets` (enable / username lines) planted."""
    r = c.r
    host = f"{r.word()}-{r.choice(['core', 'edge', 'access'])}-{r.randint(1, 9):02d}"
    lines = ["!", f"version 15.{r.randint(0, 9)}", "service timestamps log datetime msec", "service password-encryption", "!",
             f"hostname {host}", "!", "boot-start-marker", "boot-end-marker", "!"]
    marks = []
    for s in secrets:
        marks.append((len(lines), c.planted_record(kind, "cisco:config")))
        lines += [s, "!"]
    lines += ["interface GigabitEthernet0/0", f" ip address 10.{r.randint(0, 255)}.{r.randint(0, 255)}.1 255.255.255.0", "!", "line vty 0 4",
              " login local", " transport input ssh", "!", "end"]
    c.raw(c.raw_path(["network/{w}-running-config.txt", "configs/{w}-rtr.cfg", "netops/backups/{w}.conf"]), lines, marks)


def ph_bcrypt(c: Corpus, kind: Kind) -> None:
    """bcrypt: htpasswd -B, a users seed, an application's users file."""
    r = c.r
    style = r.randint(0, 2)
    if style == 0:
        return htpasswd_file(c, kind, [bcrypt_hash(r, "2y", r.choice([5, 10])) for _ in range(r.randint(1, 3))])
    if style == 1:
        return sql_seed(c, kind, bcrypt_hash(r, r.choice(["2a", "2b", "2y"]), r.choice([10, 12])))
    h = bcrypt_hash(r, "2a", 10)
    lines = ["users:", f"  - username: {r.word()}", f'    password: "{h}"', "    roles: [admin]"]
    c.raw(c.raw_path(["config/users.yml", "auth/{w}-users.yaml"]), lines, [(2, c.planted_record(kind, "yaml:users"))])


def ph_sha(c: Corpus, kind: Kind) -> None:
    """SHA-crypt: shadow, cloud-init `passwd`, an Ansible user password, kickstart rootpw."""
    r = c.r
    style = r.randint(0, 3)
    if style == 0:
        return shadow_file(c, kind, [sha_crypt(r, 6) for _ in range(r.randint(1, 2))], "shadow")
    if style == 1:
        lines = ["#cloud-config", "users:", f"  - name: {r.word()}", "    groups: [sudo]", "    shell: /bin/bash", "    lock_passwd: false",
                 f"    passwd: {sha_crypt(r, 6, r.choice([0, 4096]))}"]
        return c.raw(c.raw_path(["cloud-init/user-data.yaml", "infra/{w}-user-data.yml"]), lines, [(6, c.planted_record(kind, "cloud-init:passwd"))])
    if style == 2:
        lines = [f"{r.word()}_user: deploy", f'{r.word()}_user_password: "{sha_crypt(r, r.choice([5, 6]), r.choice([0, 656000]))}"']
        return c.raw(c.raw_path(["ansible/group_vars/{w}.yml", "ansible/host_vars/{w}01.yml"]), lines, [(1, c.planted_record(kind, "ansible:vars"))])
    lines = ["lang en_US.UTF-8", "keyboard us", "timezone UTC --utc", f"rootpw --iscrypted {sha_crypt(r, 6)}",
             f"user --name={r.word()} --groups=wheel --iscrypted --password={sha_crypt(r, 6)}", "reboot"]
    c.raw(c.raw_path(["kickstart/ks.cfg", "pxe/{w}-ks.cfg"]), lines, [(3, c.planted_record(kind, "kickstart")), (4, c.planted_record(kind, "kickstart"))])


def ph_scrypt_family(c: Corpus, kind: Kind) -> None:
    """yescrypt in a modern shadow file, Cisco type 8 / 9 secrets."""
    r = c.r
    if r.random() < 0.5:
        return shadow_file(c, kind, [yescrypt_hash(r) for _ in range(r.randint(1, 2))], "shadow")
    t = r.choice([8, 9])
    cisco_config(c, kind, f"enable secret 9 {cisco_secret(r, 9)}", f"username {r.word()} privilege 15 secret {t} {cisco_secret(r, t)}")


def ph_scrypt(c: Corpus, kind: Kind) -> None:
    """libsodium scrypt strings ($7$) in a seed or an application's account file."""
    r = c.r
    if r.random() < 0.5:
        return sql_seed(c, kind, scrypt_crypt(r))
    lines = json.dumps({"accounts": [{"name": r.word(), "password": scrypt_crypt(r), "admin": True}]}, indent=2).split("\n")
    c.raw(c.raw_path(["data/accounts.json", "config/{w}-accounts.json"]), lines, [(line_of(lines, '"$7$'), c.planted_record(kind, "json:accounts"))])


def ph_kerberos(c: Corpus, kind: Kind) -> None:
    """AS-REP and TGS-REP roasting output kept in an assessment's notes."""
    r = c.r
    realm = f"{r.word().upper()}.{r.choice(['LOCAL', 'CORP', 'INTERNAL'])}"
    hashes = []
    for _ in range(r.randint(1, 3)):
        user = f"svc_{r.word()}"
        spn = r.choice(["", f"MSSQLSvc/db{r.randint(1, 9):02d}.{realm.lower()}:1433", f"HTTP/web{r.randint(1, 9):02d}.{realm.lower()}"])
        hashes.append(krb5_roast(r, user, realm, spn))
    lines = [f"# {r.choice(['GetNPUsers.py', 'GetUserSPNs.py -request', 'Rubeus.exe kerberoast /nowrap'])} output, {realm}", ""] + hashes
    c.raw(c.raw_path(["pentest/{w}/roast-hashes.txt", "assessments/{w}/kerberoast.txt", "loot/asrep.txt"]), lines,
          [(2 + i, c.planted_record(kind, "roasting-output")) for i in range(len(hashes))])


def form_value(c: Corpus, key: str) -> str:
    """A fresh value for a generic name (see g_form_value)."""
    return secret_value(lambda: g_form_value(c.r, key))


def fp_makefile(c: Corpus, kind: Kind) -> None:
    """A Makefile's POSIX (::=) or GNU 4.4 (:::=) assignment of a quoted credential."""
    r = c.r
    key = r.choice(kind.keys)
    op = r.choice(["::=", ":::="])
    lines = ["SHELL := /bin/bash", f"IMAGE ::= registry.internal/{r.word()}", "VERSION ?= $(shell git describe --tags --always)",
             f'{key} {op} "{form_value(c, key)}"', "", ".PHONY: build deploy", "build:", "\tdocker build -t $(IMAGE):$(VERSION) .", "",
             "deploy: build", f"\t./scripts/deploy.sh --image $(IMAGE):$(VERSION) --{key.lower().replace('_', '-')} \"$({key})\""]
    c.raw(c.raw_path(["Makefile", "build/{w}.mk", "{w}/Makefile"]), lines,
          [(3, c.planted_record(kind, "make:" + op, key=key)), (10, c.decoy_record("reference", "generic", "make variable reference"))])


def fp_php_append(c: Corpus, kind: Kind) -> None:
    """PHP's concatenating assignment ($nameToken .= "v") of a credential."""
    r = c.r
    key = r.choice(kind.keys)
    var = key_style(key, "camel")
    cls = r.word().capitalize()
    lines = ["<?php", "", f"class {cls}Client", "{", "    public function headers(): array", "    {", f"        ${var} = '';",
             f'        ${var} .= "{form_value(c, key)}";', f"        return ['X-{cls}-Auth' => ${var}];", "    }", "}"]
    c.raw(c.raw_path(["src/{w}Client.php", "lib/{w}/Client.php"]), lines, [(7, c.planted_record(kind, "php:append", key=key))])


def fp_go_typed_var(c: Corpus, kind: Kind) -> None:
    """Go's typed variable declaration (var nameToken string = "v")."""
    r = c.r
    key = r.choice(kind.keys)
    f = c.pick_file("go")
    name = key_style(key, "camel")
    if name in f.used_names:  # another word in front, not a `_2` after: the name still ends in its secret word
        name = r.word() + key_style(key, "pascal")
    lines = [f'var {f.unique(name)} string = "{form_value(c, key)}"']
    c.add_to(f, Snippet(lines, [Mark(0, c.planted_record(kind, "go:typed-var", key=key))]))


def fp_wrapped_literal(c: Corpus, kind: Kind) -> None:
    """A literal wrapped in a pointer or secret helper: Go's `aws.String("v")` / `ptr.To("v")`
    in a struct literal, pydantic's `SecretStr("v")`."""
    r = c.r
    key = r.choice(kind.keys)
    v = form_value(c, key)
    if r.randint(0, 1) == 0:
        wrapper = r.choice(["aws.String", "ptr.To", "github.String", "proto.String"])
        lines = [f"\tcfg := &{r.word().capitalize()}Config{{", f'\t\t{key_style(key, "pascal")}: {wrapper}("{v}"),', "\t}"]
        ftype, syntax = "go", "go:pointer-helper"
    else:
        lines = [f'{key_style(key, "snake")}: SecretStr = SecretStr("{v}")']
        ftype, syntax = "py", "py:secret-str"
    f = c.pick_file(ftype)
    c.add_to(f, Snippet(lines, [Mark(line_of(lines, v), c.planted_record(kind, syntax, key=key))]))


def fp_json_env(c: Corpus, kind: Kind) -> None:
    """An env file kept as a JSON string (`{"app.env": "NAME=v\\nOTHER=1"}`), as ConfigMaps and provisioning files hold them."""
    r = c.r
    key = r.choice(kind.keys)
    env = [f"LOG_LEVEL={r.choice(['info', 'warn'])}", f"{key}={form_value(c, key)}", f"WORKERS={r.randint(2, 8)}"]
    r.shuffle(env)
    name = r.choice(["config.ini", "app.env", ".env", "settings.env"])
    if r.random() < 0.5:
        f = c.pick_file("json")
        return c.add_to(f, Snippet([f"{q(name)}: {json.dumps(chr(10).join(env) + chr(10))}"], [Mark(0, c.planted_record(kind, "json:embedded-env", key=key))]))
    doc = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": f"{r.word()}-config", "namespace": r.word()},
           "data": {name: "\n".join(env) + "\n"}}
    lines = json.dumps(doc, indent=4).split("\n")
    c.raw(c.raw_path(["k8s/{w}-configmap.json", "deploy/configmap.json"]), lines,
          [(line_of(lines, f"{key}="), c.planted_record(kind, "configmap-json:embedded-env", key=key))])


def fp_xml_block(c: Corpus, kind: Kind) -> None:
    """An XML element whose value a pretty-printer put on its own line."""
    r = c.r
    key = r.choice(kind.keys)
    tag = key_style(key, "camel")
    f = c.pick_file("xml")
    lines = [f"    <{tag}>", f"        {form_value(c, key)}", f"    </{tag}>"]
    c.add_to(f, Snippet(lines, [Mark(1, c.planted_record(kind, "xml:element-block", key=key))]))


def private_ip(r: Rand) -> str:
    """A host address in 10.0.0.0/8, as runbooks and tickets name servers."""
    return f"10.{r.randint(0, 255)}.{r.randint(0, 255)}.{r.randint(2, 250)}"


def label_value(r: Rand, alphabet: str) -> str:
    """A value to write after a short label inside a line: no quote, slash, colon, comma or
    other character that ends such a value, a letter and a digit, not a placeholder."""
    while True:
        v = r.s(alphabet, r.randint(16, 24))
        if any(ch.isdigit() for ch in v) and any(ch.isalpha() for ch in v) and v[0] not in "-_" and not looks_like_placeholder(v):
            return v


def fp_ticket_label(c: Corpus, kind: Kind) -> None:
    """A password or token after a short label inside a line of a ticket or wiki page
    (`ID:ops/PW:…`, `user=ops password=…`, `token:…`)."""
    r = c.r
    user, host = r.word(), private_ip(r)
    if kind.name == "generic.inline-password":
        pw = label_value(r, ALNUM + "!@#*-_")
        if r.random() < 0.25:
            # a README's bold label, or the value on the line after its label
            lines = r.choice([[f"- **Host**: `{host}`", f"- **Password**: `{pw}`"], [f"Host: {host}", "Password:", pw],
                              [f"{r.word().capitalize()} login: {user} / {pw}"], [f"Credentials for {host}: {user} / {pw}"],
                              [f"[10:02] {user}: pw for the {r.word()} panel is {pw}"], [f"DB password changed to {pw} yesterday"],
                              [f"creds are {user}:{pw}"], [f"Log in as {user} with password {pw}, then rotate it."],
                              [f"Connect to {user}:{pw}@{host}:5432 with psql"]])
            return snippet_in(c, "md", lines, [(len(lines) - 1, c.planted_record(kind, "md:prose-label"))])
        if r.random() < 0.3:
            # a wiki page exported as HTML, or Confluence's own markup
            label = r.choice(["Password", "DB password", "Admin password"])
            lines = r.choice([[f"<tr><td>Host</td><td>{host}</td></tr>", f"<tr><td>{label}</td><td>{pw}</td></tr>"],
                              [f"<tr><th>{label}</th><td><code>{pw}</code></td></tr>"],
                              [f"<p><strong>{label}:</strong> {pw}</p>"], [f"<li>{label}: <code>{pw}</code></li>"],
                              [f"||Host|{host}|", f"||{label}|{pw}|"]])
            ftype = "md" if lines[0].startswith("||") else "html"
            return snippet_in(c, ftype, lines, [(len(lines) - 1, c.planted_record(kind, f"{ftype}:html-label"))])
        line = r.choice([f"{host} ID:{user}/PW:{pw}", f"- vpn gateway {host} (user: {user}, pw:{pw})",
                         f"host={host} port=5432 user={user} password={pw} dbname={r.word()}",
                         f"ssh {user}@{host} pwd:{pw}", f"Login:{user} Pwd:{pw}"])
    else:
        tok = label_value(r, ALNUM)
        line = r.choice([f"support ticket {r.randint(1000, 9999)}: the customer pasted token:{tok}",
                         f"tenant={r.word()} api_key={tok} region=eu-west-1", f"(user={user}, access_key={tok})",
                         f"Hi team, use token {tok} for the sandbox.", f"Token for CI: {tok}", f"PAT: {tok}"])
    snippet_in(c, "md", [line], [(0, c.planted_record(kind, "md:ticket-label"))])


def fp_c_macro(c: Corpus, kind: Kind) -> None:
    """A credential defined as a C preprocessor macro in a header."""
    r = c.r
    name = r.choice(["DB_PASSWORD", "SMTP_PASS", "MQTT_PASSWORD", "API_TOKEN", f"{r.word().upper()}_API_KEY", "WIFI_PASSWORD"])
    v = label_value(r, ALNUM + "!@#*-_") if "PASS" in name else r.s(ALNUM, r.randint(24, 40))
    if r.random() < 0.25:
        # the same constant handed in by CMake
        return snippet_in(c, "cmake", [f'set({name} "{v}")'], [(0, c.planted_record(kind, "cmake:set", key=name))])
    snippet_in(c, "c", [f'#define {name} "{v}"'], [(0, c.planted_record(kind, "c:define", key=name))])


def fp_curl_option(c: Corpus, kind: Kind) -> None:
    """A password or bearer token handed to libcurl (C, PHP curl_setopt, Python pycurl)."""
    r = c.r
    user, pw = r.word(), label_value(r, ALNUM + "!@#*-_")
    style = r.randint(0, 2)
    if style == 0:
        option = r.choice(["CURLOPT_USERPWD", "CURLOPT_PROXYUSERPWD"])
        return snippet_in(c, "c", [f'    curl_easy_setopt(curl, {option}, "{user}:{pw}");'], [(0, c.planted_record(kind, "c:curl-option"))])
    if style == 1:
        return snippet_in(c, "php", [f"curl_setopt($ch, CURLOPT_USERPWD, '{user}:{pw}');"], [(0, c.planted_record(kind, "php:curl-option"))])
    return snippet_in(c, "py", [f"c.setopt(pycurl.USERPWD, '{user}:{pw}')"], [(0, c.planted_record(kind, "py:pycurl-option"))])


def fp_curl_credential(c: Corpus, kind: Kind) -> None:
    """A token in a curl command's credential-named header (`-H 'X-Auth-Token: …'`), or an
    API key as the user of `curl -u KEY:` (services that take the key as Basic user, no password)."""
    r = c.r
    host = f"https://api.{r.word()}.io/v1/{r.word()}"
    if r.random() < 0.5:
        header = r.choice(["X-Auth-Token", "X-Api-Key", "Token", f"X-{r.word().capitalize()}-Auth-Token", "Authorization"])
        v = secret_value(lambda: r.choice([r.s(ALNUM, r.randint(20, 40)), r.hex(32), r.uuid4()]))
        option = r.choice(["-H", "--header"])
        lines = [f"curl -fsS {option} '{header}: {v}' \\", f"  \"{host}\""]
        return snippet_in(c, r.choice(["sh", "md"]), lines, [(0, c.planted_record(kind, "sh:curl-named-header"))])
    v = secret_value(lambda: r.choice(["key_", "sk_", ""]) + r.s(ALNUM, r.randint(20, 32)))
    lines = [f"curl {host} \\", f"  -u {v}: \\", f"  -d {r.word()}={r.randint(1, 999)}"]
    return snippet_in(c, r.choice(["sh", "md"]), lines, [(1, c.planted_record(kind, "sh:curl-user-key"))])


def letters_token(r: Rand) -> str:
    """A random token drawn without a digit (about one 16-character base62 value in sixteen,
    one 24-character one in seventy): both letter cases, now and then a `_` or `-` inside."""
    def draw() -> str:
        value = r.s(LOWER + UPPER, r.randint(20, 40))
        if r.random() < 0.3:
            at = r.randint(3, len(value) - 3)
            value = value[:at] + r.choice("_-") + value[at + 1:]
        return value
    return secret_value(draw)


def fp_letters_token(c: Corpus, kind: Kind) -> None:
    """A token of random letters only, in the places a token with a digit is found: an
    assignment in code or config, a bearer header, a command-line flag, an XML pair, a make variable."""
    r = c.r
    v = letters_token(r)
    style = r.randint(0, 4)
    if style == 0:
        return assign_in(c, kind, v, ["env", "yaml", "json", "py", "js", "ts", "go", "java", "toml", "rb", "php"])
    if style == 1:
        lines = [f'curl -fsS -H "Authorization: Bearer {v}" \\', f'  "https://api.{r.word()}.io/v1/{r.word()}"']
        return snippet_in(c, r.choice(["sh", "md"]), lines, [(0, c.planted_record(kind, "sh:bearer-letters"))])
    if style == 2:
        flag = r.choice(["--api-key", "--token", "--auth-token", "--client-secret", f"--{r.word()}-token"])
        sep = r.choice([" ", "="])
        lines = [f"{r.word()}ctl deploy \\", f"  {flag}{sep}{v} \\", f"  --region {r.choice(['eu-west-1', 'us-east-2'])}"]
        return snippet_in(c, "sh", lines, [(1, c.planted_record(kind, "sh:flag-letters"))])
    if style == 3:
        name = r.choice(["ApiToken", "ClientSecret", f"{r.word().capitalize()}ApiKey", "WebhookSecret"])
        return snippet_in(c, "xml", [f'    <add key="{name}" value="{v}" />'], [(0, c.planted_record(kind, "xml:pair-letters"))])
    name = r.choice(["API_TOKEN", "WEBHOOK_SECRET", f"{r.word().upper()}_API_KEY"])
    op = r.choice(["=", ":=", "::=", ":::=", "?="])
    lines = [f"IMAGE ::= registry.internal/{r.word()}", f'{name} {op} "{v}"', "", "deploy:",
             f"\t./scripts/deploy.sh --image $(IMAGE)"]
    return c.raw(c.raw_path(["build/{w}.mk", "{w}/Makefile"]), lines, [(1, c.planted_record(kind, "make:letters"))])


def fp_vault_login_response(c: Corpus, kind: Kind) -> None:
    """A Vault login response recorded as a test fixture: its `auth.client_token`."""
    r = c.r
    token = r.choice([lambda: "hvs." + r.s(ALNUM, 24), lambda: g_vault_service(r), r.uuid4])()
    doc = {"request_id": r.uuid4(), "lease_id": "", "renewable": False, "lease_duration": 0, "data": None,
           "auth": {"client_token": token, "accessor": r.s(ALNUM, 24), "policies": ["default", r.word()],
                    "token_policies": ["default", r.word()], "lease_duration": 2764800, "renewable": True}}
    style = r.randint(0, 1)
    if style == 0:
        lines = json.dumps(doc).splitlines()
        path = c.raw_path(["testdata/vault/{w}-login.json", "test/fixtures/vault/approle-login-{w}.json"])
        return c.raw(path, lines, [(0, c.planted_record(kind, "json:vault-login-response"))])
    body = json.dumps(doc)
    lines = ["\thttp.HandleFunc(\"/v1/auth/approle/login\", func(w http.ResponseWriter, _ *http.Request) {",
             f"\t\tw.Write([]byte(`{body}`))", "\t})"]
    return snippet_in(c, "go", lines, [(1, c.planted_record(kind, "go:vault-login-response"))])


def fp_aws_transcript(c: Corpus, kind: Kind) -> None:
    """An AWS secret key where a recording keeps it: an STS `AssumeRole` XML response saved as
    a test fixture (`<SecretAccessKey>…</SecretAccessKey>`), or a tool's interactive set-up as
    its docs record it (`secret_access_key> …`)."""
    r = c.r
    key_id = "ASIA" + r.s(B32, 16)
    secret = secret_value(lambda: r.s(ALNUM + "+/", 40))
    if r.random() < 0.5:
        lines = ['<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">', "  <AssumeRoleResult>",
                 "    <Credentials>", f"      <AccessKeyId>{key_id}</AccessKeyId>",
                 f"      <SecretAccessKey>{secret}</SecretAccessKey>", "      <Expiration>2026-07-15T23:28:33.359Z</Expiration>",
                 "    </Credentials>", "  </AssumeRoleResult>", "</AssumeRoleResponse>"]
        path = c.raw_path(["testdata/sts/assume-role-{w}.xml", "tests/fixtures/aws/{w}_assume_role.xml"])
        return c.raw(path, lines, [(3, c.planted_record(KINDS["aws.access-key-id"], "xml:sts-response")),
                                   (4, c.planted_record(kind, "xml:sts-response"))])
    lines = ["```", "Option access_key_id.", "AWS Access Key ID.", f"access_key_id> AKIA{r.s(B32, 16)}",
             "Option secret_access_key.", "AWS Secret Access Key (password).", f"secret_access_key> {secret}", "```"]
    return c.raw(c.raw_path(["docs/{w}-setup.md", "docs/content/{w}.md"]), lines,
                 [(3, c.planted_record(KINDS["aws.access-key-id"], "md:config-prompt")), (6, c.planted_record(kind, "md:config-prompt"))])


def fp_inline_assignment(c: Corpus, kind: Kind) -> None:
    """A secret's name and value as one word where no line begins: inside backticks in a
    README's sentence, or a JVM system property (`-Dapp.api.token=…`) on a java command
    line or in JAVA_OPTS."""
    r = c.r
    v = secret_value(lambda: kind.gen(r))
    name = f"{r.word()}.{r.choice(['api.token', 'access-key.secret', 'client-secret', 'webhook.secret', 'auth-token'])}"
    env = r.choice(["GITHUB_API_TOKEN", "STRIPE_WEBHOOK_SECRET", "DEPLOY_ACCESS_TOKEN", "LEDGER_CLIENT_SECRET"])
    ftype, line = r.choice([
        ("md", f"Set `{env}={v}` in your shell before you run the import."),
        ("md", f"* In `application.properties`, add `{name}={v}`."),
        ("sh", f"java -D{name}={v} -jar {r.word()}-service.jar"),
        ("docker", f'ENV JAVA_OPTS="-Xmx512m -D{name}={v}"'),
    ])
    snippet_in(c, ftype, [line], [(0, c.planted_record(kind, f"{ftype}:inline-assignment"))])


def fp_android_signing(c: Corpus, kind: Kind) -> None:
    """An Android upload keystore's passwords: `android/key.properties` (Flutter's file) or
    a Gradle signing config in Groovy or Kotlin, the value a generated or a chosen password."""
    r = c.r
    v = secret_value(lambda: kind.gen(r))
    while not re.fullmatch(r"[^\s\"'$<>{}\\#]{4,128}", v):
        v = secret_value(lambda: kind.gen(r))
    style = r.choice(["properties", "groovy", "kts"])
    if style == "properties":
        lines = [f"storePassword={v}", f"keyPassword={v}", "keyAlias=upload", f"storeFile=/home/ci/{r.word()}-upload.jks"]
        c.raw(c.raw_path(["android/key.properties", "android/keystore.properties"]), lines,
              [(0, c.planted_record(kind, "properties:android-signing")), (1, c.planted_record(kind, "properties:android-signing"))])
        return
    quote = "'" if style == "groovy" else '"'
    if quote in v:
        quote = '"' if quote == "'" else "'"
    assign = " " if style == "groovy" else " = "
    lines = ["android {", "    signingConfigs {", "        release {", f"            storeFile file({quote}upload.jks{quote})",
             f"            storePassword{assign}{quote}{v}{quote}", "            keyAlias 'upload'", "        }", "    }", "}"]
    c.raw(c.raw_path(["android/app/build.gradle" if style == "groovy" else "android/app/build.gradle.kts"]), lines,
          [(4, c.planted_record(kind, f"{style}:android-signing"))])


def fp_qualified_name(c: Corpus, kind: Kind) -> None:
    """A credential's name followed by the version or the environment it is for
    (`STRIPE_SECRET_KEY_LIVE`, `api_key_old`, `dbPasswordProd`), in a shell script, Python
    code, a YAML sample or JavaScript."""
    r = c.r
    v = secret_value(lambda: kind.gen(r))
    stem = r.choice(["API_KEY", "SECRET_KEY", "DB_PASSWORD", "JWT_SECRET", "ACCESS_TOKEN", "ENCRYPTION_KEY"])
    # A version or an environment, or any word of the writer's (`_MAIN`, `_BOT`, `_EU`).
    qualifier = r.choice(["OLD", "NEW", "PREV", "BACKUP", "PROD", "DEV", "STAGING", "LIVE", "TEST", "SECONDARY",
                          "MAIN", "BOT", "EU", "REPLICA", "FALLBACK", "INTERNAL"])
    name = f"{r.word().upper()}_{stem}_{qualifier}"
    camel = "".join(w.capitalize() if i else w.lower() for i, w in enumerate(name.split("_")))
    ftype, line = r.choice([
        ("sh", f"export {name}={v}"),
        ("py", f'{name} = "{v}"'),
        ("js", f"const {camel} = '{v}';"),
        ("yaml-sample", f"{name.lower()}: {v}"),
    ])
    if ftype == "yaml-sample":
        c.raw(c.raw_path(["config/secrets.yaml.sample", "esphome/secrets.yaml.example"]), [line],
              [(0, c.planted_record(kind, "yaml-sample:qualified-name"))])
        return
    snippet_in(c, ftype, [line], [(0, c.planted_record(kind, f"{ftype}:qualified-name"))])


def fp_sk_client(c: Corpus, kind: Kind) -> None:
    """An `sk-` key as a client constructor's positional argument (Java, Python, Go): no
    name beside it, only its shape."""
    r = c.r
    v = secret_value(lambda: kind.gen(r))
    client = r.word().capitalize() + r.choice(["Client", "Api", "SearchClient", "ChatModel"])
    ftype, line = r.choice([
        ("java", f'    private final {client} client = new {client}("{v}");'),
        ("py", f'client = {client}("https://api.{r.word()}.example/v1", "{v}")'),
        ("go", f'\tclient := New{client}("{v}", nil)'),
    ])
    snippet_in(c, ftype, [line], [(0, c.planted_record(kind, f"{ftype}:sk-client"))])


def fp_http_variable(c: Corpus, kind: Kind) -> None:
    """A REST Client (VS Code) or JetBrains HTTP request file: variables at the top, `@name
    = value`, a password or token among them, then a request that uses them."""
    r = c.r
    name, v = r.choice([
        ("Password", secret_value(lambda: r.choice([chosen_password(r) + "!", pw_generated(r)]))),
        ("api_token", secret_value(lambda: kind.gen(r))),
        ("ACCESS_TOKEN", secret_value(lambda: kind.gen(r))),
    ])
    lines = [
        "@host = https://localhost:5001",
        f"@{name} = {v}" if r.random() < 0.5 else f"@{name}={v}",
        "",
        "### Sign in",
        "POST {{host}}/api/Users/login",
        "Content-Type: application/json",
    ]
    c.raw(c.raw_path(["src/Web/Web.http", "api/{w}.http", "requests/{w}.rest"]), lines,
          [(1, c.planted_record(kind, "http:variable"))])


def fp_dollar_password(c: Corpus, kind: Kind) -> None:
    """A password with `$$` among its symbols (`Pa$$4Vendor_1`): literal in Python, Java and
    YAML strings, not a shell's process id or an escaped interpolation."""
    r = c.r
    v = secret_value(lambda: r.word().capitalize()[:2] + "$$" + r.s(DIGITS, 1) + r.word().capitalize() + "_" + r.s(DIGITS, 1))
    name = f"{r.word().upper()}_PASSWORD"
    ftype, line = r.choice([
        ("py", f'{name} = "{v}"'),
        ("java", f'    private static final String {name} = "{v}";'),
    ])
    snippet_in(c, ftype, [line], [(0, c.planted_record(kind, f"{ftype}:dollar-password"))])


def fp_write_only_password(c: Corpus, kind: Kind) -> None:
    """A Terraform write-only argument (`password_wo`, Terraform 1.11): never stored in the
    state, written in the configuration all the same."""
    r = c.r
    v = secret_value(lambda: kind.gen(r))
    while '"' in v or "\\" in v:
        v = secret_value(lambda: kind.gen(r))
    lines = [
        f'resource "aws_db_instance" "{r.word()}" {{',
        '  engine              = "postgres"',
        f'  username            = "{r.word()}"',
        f'  password_wo         = "{v}"',
        "  password_wo_version = 1",
        "}",
    ]
    snippet_in(c, "tf", lines, [(3, c.planted_record(kind, "tf:write-only"))])


def fp_aws_beside_id(c: Corpus, kind: Kind) -> None:
    """An AWS secret key with no name of its own, right after its key id on the same line: a
    client's positional arguments, a credentials CSV without its header, `aws configure`."""
    r = c.r
    key_id = "AKIA" + r.s(B32, 16)
    secret = secret_value(lambda: r.s(ALNUM + "+/", 40))
    ftype, line = r.choice([
        ("py", f's3 = boto3.client("s3", "{key_id}", "{secret}")'),
        ("java", f'AWSCredentials credentials = new BasicAWSCredentials("{key_id}", "{secret}");'),
        ("sh", f"aws configure set aws_access_key_id {key_id} && aws configure set aws_secret_access_key {secret}"),
        ("csv", f"{r.word()},{key_id},{secret}"),
    ])
    marks = [(0, c.planted_record(KINDS["aws.access-key-id"], f"{ftype}:beside-id")), (0, c.planted_record(kind, f"{ftype}:beside-id"))]
    if ftype == "csv":
        return c.raw(c.raw_path(["ops/{w}-keys.csv", "backup/{w}_credentials.csv"]), [line], marks)
    return snippet_in(c, ftype, [line], marks)


def g_ceph_key(r: Rand) -> str:
    """A CephX secret key: base64 of type 1 (AES), a creation time, length 16, 16 random bytes."""
    header = struct.pack("<HIIH", 1, r.randint(1_500_000_000, 1_750_000_000), r.randint(0, 999_999_999), 16)
    return base64.b64encode(header + bytes(r.getrandbits(8) for _ in range(16))).decode()


def fp_ceph_key(c: Corpus, kind: Kind) -> None:
    """A Ceph secret key in a keyring file, a kernel mount's `secret=` option in fstab, or a
    Rook/CSI Kubernetes Secret's `stringData`."""
    r = c.r
    key = g_ceph_key(r)
    style = r.randint(0, 2)
    if style == 0:
        client = r.choice(["admin", r.word(), "bootstrap-osd"])
        lines = [f"[client.{client}]", f"\tkey = {key}", '\tcaps mon = "allow r"', '\tcaps osd = "allow rw pool=rbd"']
        return c.raw(c.raw_path(["ceph/ceph.client.{w}.keyring", "roles/ceph/files/{w}.keyring"]), lines,
                     [(1, c.planted_record(kind, "keyring:key"))])
    if style == 1:
        lines = ["# <device> <mount point> <type> <options>",
                 f"10.0.{r.randint(0, 9)}.{r.randint(10, 99)}:6789:/ /mnt/{r.word()} ceph name=admin,secret={key},noatime,_netdev 0 2"]
        return c.raw(c.raw_path(["hosts/{w}/fstab", "roles/{w}/files/fstab"]), lines, [(1, c.planted_record(kind, "fstab:ceph-secret"))])
    lines = ["apiVersion: v1", "kind: Secret", "metadata:", f"  name: csi-rbd-{r.word()}", "  namespace: ceph-csi",
             "stringData:", f"  userID: {r.word()}", f"  userKey: {key}"]
    return c.raw(c.raw_path(["deploy/ceph-csi/{w}-secret.yaml", "k8s/rook/{w}-secret.yaml"]), lines, [(7, c.planted_record(kind, "yaml:ceph-user-key"))])


def fp_credential_list(c: Corpus, kind: Kind) -> None:
    """Several credentials in one list named for them (`api_keys`, `validTokens`,
    `passwords`), as a service that rotates keys or accepts several reads them, in JSON or
    YAML; every element is planted."""
    r = c.r
    name = r.choice(["api_keys", "apiKeys", "valid_tokens", "accessTokens", "client_secrets", "passwords"])
    values = [secret_value(lambda: r.s(ALNUM, r.randint(24, 40))) for _ in range(r.randint(2, 3))]
    if r.random() < 0.5:
        lines = ["{", f'  "service": "{r.word()}",', f'  "{name}": [']
        lines += [f'    "{v}"' + ("," if i < len(values) - 1 else "") for i, v in enumerate(values)]
        lines += ["  ]", "}"]
        path = c.raw_path(["config/{w}.json", "deploy/{w}-keys.json"])
        return c.raw(path, lines, [(3 + i, c.planted_record(kind, "json:credential-list")) for i in range(len(values))])
    if r.random() < 0.5:
        lines = [f"{r.word()}:", f"  {name}:"] + [f"    - {v}" for v in values]
        path = c.raw_path(["config/{w}.yaml", "charts/{w}/values.yaml"])
        return c.raw(path, lines, [(2 + i, c.planted_record(kind, "yaml:credential-list")) for i in range(len(values))])
    # A map named for secrets whose members are named by provider or purpose only.
    holder = r.choice(["secrets", "credentials", "tokens", "apiKeys"])
    members = r.sample(["stripe", "github", "slack", "sendgrid", "openai", "billing", "search", "ledger"], len(values))
    lines = [f"{r.word()}:", f"  {holder}:"] + [f"    {m}: {v}" for m, v in zip(members, values)]
    path = c.raw_path(["config/{w}.yaml", "deploy/{w}-secrets.yaml"])
    return c.raw(path, lines, [(2 + i, c.planted_record(kind, "yaml:credential-map")) for i in range(len(values))])


def fp_keytab_base64(c: Corpus, kind: Kind) -> None:
    """A Kerberos keytab kept as base64 text: a Go test's constant or a Helm value."""
    r = c.r
    host = f"{r.word()}.corp.test"
    data = base64.b64encode(keytab_bytes(r.rng, [r.choice(["HTTP", "vault", "svc-" + r.word()]), host], "CORP.TEST", r.randint(1, 2))).decode()
    if r.random() < 0.5:
        lines = ["package kerberos", "", "const (", f'\ttestKeytab = "{data}"', f'\ttestServiceAccount = "{r.word()}"', ")"]
        return c.raw(c.raw_path(["internal/auth/kerberos/{w}_test.go"]), lines, [(3, c.planted_record(kind, "go:keytab-base64"))])
    lines = ["kerberos:", "  enabled: true", "  realm: CORP.TEST", f"  keytab: {data}"]
    return c.raw(c.raw_path(["charts/{w}/values-kerberos.yaml"]), lines, [(3, c.planted_record(kind, "yaml:keytab-base64"))])


def fp_jwk(c: Corpus, kind: Kind) -> None:
    """A JSON Web Key set holding a private key (`d`) or a symmetric key (`k`)."""
    r = c.r
    if r.random() < 0.5:
        key = {"kty": "EC", "crv": "P-256", "kid": f"{r.word()}-{r.randint(1, 9)}", "x": r.b64url(32), "y": r.b64url(32), "d": r.b64url(32)}
        secret = key["d"]
    else:
        key = {"kty": "oct", "kid": f"{r.word()}-hmac", "alg": "HS256", "k": r.b64url(32)}
        secret = key["k"]
    lines = json.dumps({"keys": [key]}, indent=2).splitlines()
    at = next(i for i, line in enumerate(lines) if secret in line)
    c.raw(c.raw_path(["config/jwks.json", "keys/{w}-jwks.json"]), lines, [(at, c.planted_record(kind, "json:jwk"))])


def fp_sql_password(c: Corpus, kind: Kind) -> None:
    """A password set in SQL: MySQL, PostgreSQL roles, MySQL's PASSWORD(), Oracle unquoted."""
    r = c.r
    user = r.choice(["svc_" + r.word(), r.word() + "_app", "replica", "reporting"])
    pw = label_value(r, ALNUM + "!#*-_")
    # Unquoted, a password is an identifier: a letter first, then letters, digits, `_ $ #`.
    bare = r.choice(LOWER + UPPER) + label_value(r, ALNUM + "_#")
    line = r.choice([f"ALTER USER '{user}'@'%' IDENTIFIED BY '{pw}';",
                     f"ALTER USER '{user}'@'localhost' IDENTIFIED WITH mysql_native_password BY '{pw}';",
                     f"ALTER ROLE {user} PASSWORD '{pw}';", f"CREATE ROLE {user} LOGIN PASSWORD '{pw}';",
                     f"CREATE ROLE {user} WITH LOGIN PASSWORD {bare};",
                     f"SET PASSWORD FOR '{user}'@'%' = PASSWORD('{pw}');", f"CREATE USER {user} IDENTIFIED BY {bare};"])
    snippet_in(c, "sql", [line], [(0, c.planted_record(kind, "sql:password"))])


def fp_xml_named_value(c: Corpus, kind: Kind) -> None:
    """A password or key set by name in a Spring, Hibernate, Jetty or Java properties XML element."""
    r = c.r
    pw = label_value(r, ALNUM + "!#*-_")
    key = r.s(ALNUM, r.randint(24, 36))
    line = r.choice([f'        <property name="password" value="{pw}"/>',
                     f'    <property name="hibernate.connection.password">{pw}</property>',
                     f'  <entry key="db.password">{pw}</entry>',
                     f'    <Set name="password">{pw}</Set>',
                     f'    <param name="apiKey" value="{key}"/>',
                     f'  <entry key="{r.word()}.api.token" value="{key}"/>'])
    snippet_in(c, "xml", [line], [(0, c.planted_record(kind, "xml:named-value"))])


def fp_xml_service_key(c: Corpus, kind: Kind) -> None:
    """A service's key in an XML element named for it (`<slackKey>`, `<GEOCODER_KEY>`)."""
    r = c.r
    w = r.word()
    while w == "sync":
        w = r.word()  # a sync key is a cursor (`syncKey`, like `NextToken`), not a credential
    tag = r.choice([f"{w}Key", f"{w.upper()}_KEY", f"{w}_license_key", f"{w.capitalize()}ServiceKey"])
    value = r.choice([r.s(ALNUM, r.randint(20, 40)), r.s(HEX, 32), r.s(LOWER + UPPER, r.randint(20, 40)),
                      "-".join(r.s(UPPER + DIGITS, 5) for _ in range(5))])
    snippet_in(c, "xml", [f"    <{tag}>{value}</{tag}>"], [(0, c.planted_record(kind, "xml:service-key"))])


def fp_otpauth(c: Corpus, kind: Kind) -> None:
    """A TOTP/HOTP seed in an otpauth URI (what an enrolment QR code holds), in a test or a config."""
    r = c.r
    seed = r.s(B32, r.choice([16, 26, 32]))
    if r.randint(0, 1):
        seed = seed.lower()
    label = f"{r.word().capitalize()}:{r.word()}%40{r.word()}.io"
    query = r.choice([f"secret={seed}&issuer={r.word()}", f"algorithm=SHA1&digits=6&period=30&secret={seed}",
                      f"secret={seed}"])
    uri = f"otpauth://{r.choice(['totp', 'hotp'])}/{label}?{query}"
    style = r.randint(0, 2)
    if style == 0:
        return snippet_in(c, "py", [f'    assert totp.provisioning_uri() == "{uri}"'], [(0, c.planted_record(kind, "py:otpauth"))])
    if style == 1:
        return snippet_in(c, "yaml", [f"{r.word()}:", f"  mfa_enrolment_uri: '{uri}'"], [(1, c.planted_record(kind, "yaml:otpauth"))])
    return snippet_in(c, "rb", [f"    expect(uri.to_s).to eq '{uri}'"], [(0, c.planted_record(kind, "rb:otpauth"))])


def fp_otp_library_seed(c: Corpus, kind: Kind) -> None:
    """A TOTP seed written into a one-time-password library's call, as tests of a login's
    second factor hold it (pyotp, otplib, ROTP)."""
    r = c.r
    seed = r.s(B32, r.choice([16, 26, 32]))
    style = r.randint(0, 2)
    if style == 0:
        return snippet_in(c, "py", [f"    totp = pyotp.TOTP('{seed}')"], [(0, c.planted_record(kind, "py:pyotp"))])
    if style == 1:
        line = f"      const totpToken = otplib.authenticator.generate('{seed}')"
        return snippet_in(c, "js", [line], [(0, c.planted_record(kind, "js:otplib"))])
    snippet_in(c, "rb", [f"  let(:otp) {{ ROTP::TOTP.new('{seed}', issuer: '{r.word()}') }}"], [(0, c.planted_record(kind, "rb:rotp"))])


def fp_env_fallback(c: Corpus, kind: Kind) -> None:
    """A literal fallback for a secret read from the environment (C#, Ruby, Spring) or an option default."""
    r = c.r
    v = r.s(ALNUM, r.randint(24, 40))
    name = r.choice(["API_TOKEN", "API_KEY", f"{r.word().upper()}_SECRET", f"{r.word().upper()}_API_TOKEN"])
    style = r.randint(0, 4)
    if style == 0:
        return snippet_in(c, "cs", [f'        var key = Environment.GetEnvironmentVariable("{name}") ?? "{v}";'], [(0, c.planted_record(kind, "cs:env-fallback"))])
    if style == 1:
        return snippet_in(c, "rb", [f'  config.{r.word()}_token = ENV.fetch("{name}") {{ "{v}" }}'], [(0, c.planted_record(kind, "rb:env-fallback"))])
    if style == 2:
        return snippet_in(c, "java", [f'    @Value("${{{r.word()}.api.key:{v}}}")', "    private String apiKey;"], [(0, c.planted_record(kind, "java:spring-default"))])
    if style == 3:
        return snippet_in(c, "py", [f'parser.add_argument("--api-token", default="{v}", help="{r.word()} API token")'], [(0, c.planted_record(kind, "py:option-default"))])
    return snippet_in(c, "yaml", [f"{r.word()}:", f"  password: ${{DB_PASSWORD:{label_value(r, ALNUM)}}}"], [(1, c.planted_record(kind, "yaml:spring-default"))])


def fp_setter_call(c: Corpus, kind: Kind) -> None:
    """A secret handed to a setter or builder method named for it."""
    r = c.r
    v = r.s(ALNUM, r.randint(24, 40))
    line = r.choice([f'        client.setApiKey("{v}");', f'            .withApiKey("{v}")', f'        builder.apiKey("{v}");',
                     f'        dataSource.setPassword("{label_value(r, ALNUM)}");'])
    snippet_in(c, "java", [line], [(0, c.planted_record(kind, "java:setter-call"))])


def fp_positional_password(c: Corpus, kind: Kind) -> None:
    """A password passed positionally to JDBC, a Python DB-API driver, Jedis, keyring or Net::SMTP."""
    r = c.r
    pw, user, host = label_value(r, ALNUM + "!#*_"), r.choice(["app", "svc_" + r.word(), "reporting"]), f"db.{r.word()}.internal"
    style = r.randint(0, 4)
    if style == 0:
        return snippet_in(c, "java", [f'        Connection conn = DriverManager.getConnection(url, "{user}", "{pw}");'], [(0, c.planted_record(kind, "java:jdbc"))])
    if style == 1:
        return snippet_in(c, "java", [f'        jedis.auth("{pw}");'], [(0, c.planted_record(kind, "java:jedis-auth"))])
    if style == 2:
        return snippet_in(c, "py", [f'db = pymysql.connect("{host}", "{user}", "{pw}", "{r.word()}")'], [(0, c.planted_record(kind, "py:db-api"))])
    if style == 3:
        return snippet_in(c, "py", [f'keyring.set_password("{r.word()}", "{user}", "{pw}")'], [(0, c.planted_record(kind, "py:keyring"))])
    snippet_in(c, "rb", [f'  Net::SMTP.start("smtp.{r.word()}.io", 587, "{r.word()}.io", "{user}", "{pw}", :login) do |smtp|', "  end"],
               [(0, c.planted_record(kind, "rb:net-smtp"))])


def fp_ldap_bind_password(c: Corpus, kind: Kind) -> None:
    """A directory password in an LDAP bind call, after the bind DN (PHP, python-ldap, ldap3, go-ldap)."""
    r = c.r
    pw = label_value(r, ALNUM + "!#*_")
    dn = f"{r.choice(['cn=admin', 'uid=svc-' + r.word() + ',ou=services', 'cn=' + r.word() + '-sync,ou=apps'])},dc={r.word()},dc=internal"
    ftype, line, syntax = [
        ("php", f'$bound = ldap_bind($ds, "{dn}", "{pw}");', "php:ldap-bind"),
        ("py", f'conn.simple_bind_s("{dn}", "{pw}")', "py:simple-bind"),
        ("py", f'conn = ldap3.Connection(server, "{dn}", "{pw}", auto_bind=True)', "py:ldap3"),
        ("go", f'\terr = l.Bind("{dn}", "{pw}")', "go:ldap-bind"),
    ][r.randint(0, 3)]
    snippet_in(c, ftype, [line], [(0, c.planted_record(kind, syntax))])


def fp_client_password(c: Corpus, kind: Kind) -> None:
    """Passwords on registry login, sqlcmd, mongo, ldap, smbclient, htpasswd, ipmitool and sqlplus command lines."""
    r = c.r
    pw, user, host = cli_password(r), r.choice(["svc", "admin", "deploy", r.word()]), f"{r.word()}.internal"
    q = r.choice(["", "'"])
    line = r.choice([f"docker login -u {user} -p {q}{pw}{q} registry.{host}",
                     f"helm registry login registry.{host} -u {user} -p {q}{pw}{q}",
                     f"sqlcmd -S {host} -U sa -P {q}{pw}{q} -i migrations/{r.word()}.sql",
                     f"mongosh --host {host} -u {user} -p {q}{pw}{q} --authenticationDatabase admin",
                     f"ldapsearch -x -H ldap://{host} -D cn={user},dc=acme,dc=test -w {q}{pw}{q} -b dc=acme,dc=test",
                     f"smbclient //{host}/share -U {user}%{pw} -c 'get report.csv'",
                     f"htpasswd -cb /etc/nginx/.htpasswd {user} {q}{pw}{q}",
                     f"ipmitool -I lanplus -H bmc-{r.randint(1, 9)}.{host} -U ADMIN -P {q}{pw}{q} chassis power status",
                     f"echo {q}{pw}{q} | docker login -u {user} --password-stdin registry.{host}",
                     # Oracle reads `/` and `@` as the connect string's own separators
                     f"sqlplus -s {user}/{''.join(ch if ch not in '/@' else 'x' for ch in pw)}@{host}:1521/ORCLPDB1 @migrations/{r.word()}.sql"])
    snippet_in(c, "sh", [line], [(0, c.planted_record(kind, "sh:client-password"))])


def fp_env_setter(c: Corpus, kind: Kind) -> None:
    """A key set as a key-named environment variable in code (Go os.Setenv, pytest monkeypatch)."""
    r = c.r
    v = r.s(HEX, 32) if r.random() < 0.5 else r.s(ALNUM, r.randint(24, 36))
    name = r.choice(["ERPNEXT", "MAPBOX_SECRET", "WEATHERSTACK", "GODADDY", "MANDRILL", "OPENCAGE", "SHIPPO_API"]) + "_KEY"
    if r.random() < 0.5:
        return snippet_in(c, "go", [f'\tos.Setenv("{name}", "{v}")'], [(0, c.planted_record(kind, "go:setenv", key=name))])
    return snippet_in(c, "py", [f'    monkeypatch.setenv("{name}", "{v}")'], [(0, c.planted_record(kind, "py:setenv", key=name))])


def fp_npmrc_registry(c: Corpus, kind: Kind) -> None:
    """A private registry's token in a project's .npmrc (GitHub Packages, Artifactory, GitLab)."""
    r = c.r
    tok = secret_value(lambda: r.s(ALNUM, r.randint(32, 48)))
    host = r.choice(["npm.pkg.github.com", f"{r.word()}.jfrog.io/artifactory/api/npm/npm-virtual",
                     f"gitlab.{r.word()}.io/api/v4/projects/{r.randint(10, 999)}/packages/npm"])
    lines = [f"@{r.word()}:registry=https://{host}/", f"//{host}/:_authToken={tok}", "always-auth=true"]
    c.raw(c.raw_path([".npmrc", "web/.npmrc", "packages/{w}/.npmrc"]), lines, [(1, c.planted_record(kind, "npmrc:registry-token"))])


def fp_postman_environment(c: Corpus, kind: Kind) -> None:
    """An API key in a Postman environment export: `{"key": "api_key", "value": "…"}` pairs."""
    r = c.r
    v = secret_value(lambda: r.s(ALNUM, r.randint(28, 40)))
    name = r.choice(["api_key", "apiKey", "access_token", "client_secret", "deploy_token", "partner_token"])
    doc = {"id": f"{r.s(HEX, 8)}-{r.s(HEX, 4)}-{r.s(HEX, 4)}-{r.s(HEX, 4)}-{r.s(HEX, 12)}", "name": r.word(),
           "values": [{"key": "base_url", "value": f"https://api.{r.word()}.io", "enabled": True},
                      {"key": name, "value": v, "type": "secret", "enabled": True}],
           "_postman_variable_scope": "environment"}
    lines = json.dumps(doc, indent=2).splitlines()
    path = c.raw_path(["postman/{w}.postman_environment.json", "docs/api/{w}-prod.postman_environment.json"])
    c.raw(path, lines, [(line_of(lines, v), c.planted_record(kind, "json:postman-environment", key=name))])


def fp_json_unnamed(c: Corpus, kind: Kind) -> None:
    """JSON under a name that does not say so: an API response saved as `.txt`, a
    `credentials` file, a `.json.bak` copy. Passwords hold symbols the text rules stop at."""
    r = c.r
    v = secret_value(lambda: r.s(ALNUM, 4) + r.choice("{(") + r.s(ALNUM, 3) + r.s("!#%&*", 1) + r.s(ALNUM, r.randint(6, 12)))
    name = r.choice(["password", "db_password", "client_secret", "secret", "smtpPassword"])
    doc = {r.word(): {"host": f"{r.word()}.internal", "user": r.word(), name: v, "port": r.randint(1000, 9999)}}
    lines = json.dumps(doc, indent=r.choice([2, 4])).splitlines()
    path = c.raw_path(["dumps/{w}-response.txt", "deploy/{w}/credentials", "config/{w}.json.bak", "notes/{w}.txt"])
    c.raw(path, lines, [(line_of(lines, v), c.planted_record(kind, "json:unnamed-file", key=name))])


def fp_named_key_label(c: Corpus, kind: Kind) -> None:
    """A service's key or token under a two-word label in a notes file: `aylien key: …`."""
    r = c.r
    service = r.choice(["aylien", "quillstack", "tallyforge", "weatherbit", "geonode", "pricefeed"])
    v = secret_value(lambda: r.s(r.choice([ALNUM, ALNUM.lower()]), r.randint(24, 40)))
    if not (any(ch.isdigit() for ch in v) and any(ch.isalpha() for ch in v)):
        v = v[:-2] + "7q"
    noun = r.choice(["key", "token", "secret", "api key", "secret token"])
    label = r.choice([f"{service} {noun}", f"{service.capitalize()} {noun.capitalize()}", f"{service.upper()} {noun.upper()}"])
    line = r.choice([f"{label}: {v}", f"  {label} = {v}", f"# {label}: {v}", f"- {label}: \"{v}\"",
                     # only a space before the value, or the keyword glued on in capitals
                     f"{label} {v}", f"{service}{noun.split()[-1].upper()} {v}"])
    lines = [f"{service} credentials (staging)", line, f"{service} account: {r.word()}@{r.word()}.io"]
    c.raw(c.raw_path(["notes/{w}-credentials.txt", "docs/{w}/access.txt", "ops/{w}-keys.txt"]), lines,
          [(1, c.planted_record(kind, "txt:named-key-label"))])


def fp_logged_private_key(c: Corpus, kind: Kind) -> None:
    """A private key printed into a CI or container log: a prefix on every line of the block."""
    r = c.r
    lines = private_key_lines(r.choice(["rsa", "pkcs8", "ec", "openssh"]), r)
    style = r.randint(0, 2)
    if style == 0:
        prefix = f"2026-{r.randint(1, 12):02}-{r.randint(1, 28):02} {r.randint(0, 23):02}:{r.randint(0, 59):02}:{r.randint(0, 59):02} "
    elif style == 1:
        prefix = f"2026-{r.randint(1, 12):02}-{r.randint(1, 28):02}T{r.randint(0, 23):02}:{r.randint(0, 59):02}:{r.randint(0, 59):02}.{r.randint(0, 9999999):07}Z "
    else:
        prefix = f"#{r.randint(3, 12)} {r.randint(0, 9)}.{r.randint(0, 999):03} "
    name = r.choice(["deploy_key", "id_ed25519", "signing.pem", "tls.key"])
    head = [prefix + f"+ cat /run/secrets/{name}"]
    tail = [prefix + f"{r.word()} step finished in {r.randint(1, 59)}s"]
    body = head + [prefix + line for line in lines] + tail
    rec = c.planted_record(kind, "log:prefixed-pem", multiline=True)
    c.raw(c.raw_path(["ci-logs/build-{w}.log", "logs/{w}-job.txt", "support/{w}-container.log"]), body, [(1, rec)])


def fp_dsl_keyword(c: Corpus, kind: Kind) -> None:
    """A password as a Chef resource's or Gradle block's keyword argument, alone on its line."""
    r = c.r
    pw = label_value(r, ALNUM + "!#*-_")
    if r.random() < 0.5:
        lines = [f"mysql_database_user '{r.word()}' do", "  connection mysql_connection", f"  password '{pw}'", "  action :create", "end"]
        return snippet_in(c, "rb", lines, [(2, c.planted_record(kind, "rb:chef-resource"))])
    lines = ["publishing {", "  repositories {", "    maven {", f'      url "https://maven.{r.word()}.io/releases"',
             "      credentials {", f'        username "{r.word()}"', f'        password "{pw}"', "      }", "    }", "  }", "}"]
    snippet_in(c, "kt", lines, [(6, c.planted_record(kind, "gradle:credentials-block"))])


def har_document(r: Rand, host: str, headers: list[dict], cookies: list[dict]) -> dict:
    """A one-entry HAR log (what a browser's developer tools save) with these request headers and cookies."""
    request = {"method": "GET", "url": f"https://{host}/api/{r.word()}", "httpVersion": "HTTP/1.1",
               "headers": [{"name": "Accept", "value": "application/json"}, *headers],
               "queryString": [], "cookies": cookies, "headersSize": -1, "bodySize": 0}
    response = {"status": 200, "statusText": "OK", "httpVersion": "HTTP/1.1", "headers": [], "cookies": [],
                "content": {"size": 2, "mimeType": "application/json", "text": "{}"}, "redirectURL": "",
                "headersSize": -1, "bodySize": 2}
    return {"log": {"version": "1.2", "creator": {"name": "WebInspector", "version": "537.36"},
                    "entries": [{"startedDateTime": "2026-03-02T10:15:00.000Z", "time": 41, "request": request,
                                 "response": response, "cache": {}, "timings": {"send": 1, "wait": 39, "receive": 1}}]}}


def fp_session_cookie(c: Corpus, kind: Kind) -> None:
    """A session cookie: in a curl command's Cookie header, in a HAR file's cookie list or
    Cookie header (name/value pairs), or in a saved cookie list (Puppeteer, Playwright)."""
    r = c.r
    name = r.choice(["session", "PHPSESSID", "_app_session", "connect.sid", "auth_token", "JSESSIONID"])
    v = secret_value(lambda: r.s(ALNUM, r.randint(26, 48)))
    style = r.randint(0, 3)
    if style == 0:
        line = f"curl -s -H 'Cookie: {name}={v}' https://admin.{r.word()}.io/api/{r.word()}"
        snippet_in(c, "sh", [line], [(0, c.planted_record(kind, "sh:cookie-header"))])
        return
    host = f"app.{r.word()}.io"
    analytics = {"name": "_ga", "value": f"GA1.2.{r.randint(10**8, 10**9)}.{r.randint(10**9, 2 * 10**9)}"}
    if style == 1:
        doc = har_document(r, host, [], [analytics, {"name": name, "value": v, "path": "/", "httpOnly": True}])
        syntax = "har:cookie-pair"
    elif style == 2:
        header = {"name": "Cookie", "value": f"theme=dark; {name}={v}; lang=en"}
        doc = har_document(r, host, [header], [])
        syntax = "har:cookie-header"
    else:
        doc = [{"name": "_ga", "value": analytics["value"], "domain": f".{host}", "path": "/"},
               {"name": name, "value": v, "domain": host, "path": "/", "httpOnly": True, "secure": True}]
        syntax = "json:cookie-export"
    lines = json.dumps(doc, indent=2).splitlines()
    path = c.raw_path(["tests/fixtures/{w}-login.har", "e2e/recordings/{w}.har"] if style < 3
                      else ["e2e/.auth/cookies.json", "tests/{w}/cookies.json"])
    c.raw(path, lines, [(line_of(lines, v), c.planted_record(kind, syntax))])


def fp_system_config(c: Corpus, kind: Kind) -> None:
    """A password in a server, network device or installer configuration file."""
    r = c.r
    pw = cli_password(r)
    while not (any(ch.isdigit() for ch in pw) and any(ch.isalpha() for ch in pw)) or any(ch in pw for ch in "\"'#$\\{}<>*"):
        pw = cli_password(r)
    style = r.randint(0, 25)
    if style == 22:
        lines = [f"IMAPAccount {r.word()}", f"Host imap.{r.word()}.test", f"User ops@{r.word()}.test", f"Pass {pw}", "SSLType IMAPS"]
        return c.raw(c.raw_path(["dotfiles/.mbsyncrc", "home/ops/.mbsyncrc"]), lines, [(3, c.planted_record(kind, "isync:pass"))])
    if style == 23:
        lines = ["set daemon 60", "set httpd port 2812 and", "    use address 0.0.0.0", f"    allow {r.choice(['admin', 'ops', 'monit'])}:{pw}"]
        return c.raw(c.raw_path(["monit/monitrc", "roles/monit/files/monitrc"]), lines, [(3, c.planted_record(kind, "monit:httpd-allow"))])
    if style == 24:
        lines = [f"connection bridge-{r.word()}", f"address mqtt.{r.word()}.test:8883", f"remote_username edge{r.randint(1, 99):02d}", f"remote_password {pw}"]
        return c.raw(c.raw_path(["mosquitto/conf.d/bridge.conf", "roles/mosquitto/files/mosquitto.conf"]), lines, [(3, c.planted_record(kind, "mosquitto:remote-password"))])
    if style == 25:
        lines = ["strict_chain", "[ProxyList]", f"socks5 10.{r.randint(0, 255)}.{r.randint(0, 255)}.9 1080 {r.word()} {pw}"]
        return c.raw(c.raw_path(["tools/proxychains.conf", "home/ops/.proxychains/proxychains.conf"]), lines, [(2, c.planted_record(kind, "proxychains:proxy"))])
    if style == 20:
        lines = ["<Location /reports>", "  AuthType Basic", "  AuthBasicProvider ldap", f'  AuthLDAPURL "ldap://ldap.{r.word()}.internal/ou=people,dc=acme,dc=test?uid"',
                 '  AuthLDAPBindDN "cn=apache,ou=services,dc=acme,dc=test"', f"  AuthLDAPBindPassword {pw}", "  Require valid-user", "</Location>"]
        return c.raw(c.raw_path(["apache/conf.d/reports.conf", "roles/httpd/files/ldap-auth.conf"]), lines, [(5, c.planted_record(kind, "apache:ldap-bind-password"))])
    if style == 21:
        lines = ["Server {", "  org.apache.zookeeper.server.auth.DigestLoginModule required", f'  user_super="{pw}";', "};"]
        return c.raw(c.raw_path(["zookeeper/conf/zookeeper_jaas.conf", "roles/kafka/files/kafka_server_jaas.conf"]), lines, [(2, c.planted_record(kind, "jaas:login-module-user"))])
    if style == 19:
        lines = [f'AuthInfo:smtp.{r.word()}.test "U:relay@{r.word()}.test" "P:{pw}" "M:PLAIN"']
        return c.raw(c.raw_path(["mail/authinfo", "roles/sendmail/files/authinfo"]), lines, [(0, c.planted_record(kind, "sendmail:authinfo"))])
    if style == 17:
        lines = ["# Sets $USER1$ to be the path to the plugins", "$USER1$=/usr/local/nagios/libexec", "",
                 f"# {r.word()} database account for check_mysql", f"$USER{r.randint(2, 32)}$={pw}"]
        return c.raw(c.raw_path(["nagios/etc/resource.cfg", "roles/nagios/files/resource.cfg"]), lines, [(4, c.planted_record(kind, "nagios:resource-macro"))])
    if style == 18:
        user = r.choice(["squid", f"{r.word()}_proxy", "*"])
        lines = ["http_port 3128", f"cache_peer proxy.{r.word()}.internal parent 3128 0 no-query default login={user}:{pw}",
                 "never_direct allow all"]
        return c.raw(c.raw_path(["squid/squid.conf", "roles/squid/files/squid.conf"]), lines, [(1, c.planted_record(kind, "squid:cache-peer-login"))])
    if style == 13:
        lines = ["<IfModule mod_sql.c>", "  SQLBackend mysql", f"  SQLConnectInfo proftpd@db.{r.word()}.internal proftpd {pw}", "</IfModule>"]
        return c.raw(c.raw_path(["ftp/proftpd/sql.conf", "roles/proftpd/files/sql.conf"]), lines, [(2, c.planted_record(kind, "proftpd:sql-connect-info"))])
    if style == 14:
        q = r.choice(["'", '"', ""])
        line, syn = r.choice([
            (f"echo {q}{pw}{q} | sudo -S systemctl restart {r.word()}", "sh:sudo-stdin"),
            (f"echo {q}{pw}{q} | passwd --stdin svc_{r.word()}", "sh:passwd-stdin"),
            (f"echo {q}{pw}{q} | kinit svc_{r.word()}@CORP.{r.word().upper()}.TEST", "sh:kinit"),
            (f"echo -n {q}{pw}{q} | cryptsetup luksOpen /dev/sdb1 {r.word()} -", "sh:cryptsetup"),
        ])
        return snippet_in(c, "sh", [line], [(0, c.planted_record(kind, syn))])
    if style == 15:
        token = str(uuid.UUID(int=r.getrandbits(128), version=4))
        if r.random() < 0.5:
            name = r.choice(["initial_management", "agent", "default", "agent_recovery"])
            lines = ['datacenter = "dc1"', "acl {", "  enabled = true", '  default_policy = "deny"', "  tokens {", f'    {name} = "{token}"', "  }", "}"]
            return c.raw(c.raw_path(["consul/config/acl.hcl", "roles/consul/files/consul.hcl"]), lines, [(5, c.planted_record(kind, "consul:acl-tokens"))])
        lines = json.dumps({"datacenter": "dc1", "acl_datacenter": "dc1", "acl_master_token": token, "acl_default_policy": "deny"}, indent=2).split("\n")
        return c.raw(c.raw_path(["consul/config/acl.json", "roles/consul/files/config.json"]), lines, [(line_of(lines, token), c.planted_record(kind, "consul:acl-master-token"))])
    if style == 16:
        key = r.b64(r.choice([32, 32, 16]))
        lines = ['data_dir = "/opt/consul"', 'server = true', f'encrypt = "{key}"', "bootstrap_expect = 3"]
        return c.raw(c.raw_path(["consul/config/server.hcl", "roles/consul/files/server.hcl"]), lines, [(2, c.planted_record(kind, "consul:gossip-key"))])
    if style == 10:
        # keepalived reads eight characters: a password cut there keeps a digit, or it
        # reads as a name (`Harbor.f`).
        short = pw[:8] if any(ch.isdigit() for ch in pw[:8]) else pw[:7] + r.choice(DIGITS)
        lines = ["vrrp_instance VI_1 {", "    state MASTER", "    authentication {", "        auth_type PASS", f"        auth_pass {short}", "    }", "}"]
        return c.raw(c.raw_path(["lb/keepalived.conf", "roles/keepalived/files/keepalived.conf"]), lines, [(4, c.planted_record(kind, "keepalived:auth-pass"))])
    if style == 11:
        lines = [f"- name: create the {r.word()} operator", "  ansible.builtin.user:", "    name: ops",
                 f"    password: \"{{{{ '{pw}' | password_hash('sha512') }}}}\""]
        return c.raw(c.raw_path(["ansible/roles/{w}/tasks/users.yml", "playbooks/{w}-users.yml"]), lines, [(3, c.planted_record(kind, "ansible:password-hash"))])
    if style == 12:
        lines = ["set daemon 300", f"poll imap.{r.word()}.test protocol imap user 'ops' password '{pw}' is 'ops' here"]
        return c.raw(c.raw_path(["dotfiles/.fetchmailrc", "roles/mail/files/fetchmailrc"]), lines, [(1, c.planted_record(kind, "fetchmailrc:password"))])
    if style == 0:
        lines = ["bind 0.0.0.0", "port 6379", f"requirepass {pw}", "appendonly yes"]
        return c.raw(c.raw_path(["redis/redis.conf", "deploy/redis.conf"]), lines, [(2, c.planted_record(kind, "redis:requirepass"))])
    if style == 1:
        lines = ["ctrl_interface=/var/run/wpa_supplicant", "network={", f'    ssid="{r.word()}-5g"', f'    psk="{pw}"', "}"]
        return c.raw(c.raw_path(["rootfs/etc/wpa_supplicant/wpa_supplicant.conf", "image/wpa_supplicant.conf"]), lines, [(3, c.planted_record(kind, "wpa:psk"))])
    if style == 2:
        lines = [f"hostname {r.word()}-sw01", f"username admin privilege 15 password 0 {pw}", "ip domain-name acme.test"]
        return c.raw(c.raw_path(["network/{w}-sw01.cfg", "configs/ios/{w}.cfg"]), lines, [(1, c.planted_record(kind, "ios:username"))])
    if style == 3:
        lines = ["agentAddress udp:161", f"rocommunity {pw} 10.0.0.0/8", "sysLocation rack-4"]
        return c.raw(c.raw_path(["snmp/snmpd.conf", "roles/snmp/files/snmpd.conf"]), lines, [(1, c.planted_record(kind, "snmpd:community"))])
    if style == 4:
        lines = ["# ipsec.secrets", f'{r.randint(1, 254)}.0.0.1 vpn.{r.word()}.test : PSK "{pw}"']
        return c.raw(c.raw_path(["vpn/ipsec.secrets", "roles/vpn/files/ipsec.secrets"]), lines, [(1, c.planted_record(kind, "ipsec:psk"))])
    if style == 5:
        lines = ["d-i netcfg/get_hostname string unassigned", f"d-i passwd/root-password password {pw}", f"d-i passwd/root-password-again password {pw}"]
        return c.raw(c.raw_path(["installer/preseed.cfg", "pxe/{w}-preseed.cfg"]), lines, [(1, c.planted_record(kind, "preseed:root-password")), (2, c.planted_record(kind, "preseed:root-password"))])
    if style == 6:
        lines = ["lang en_US.UTF-8", "keyboard us", f"rootpw --plaintext {pw}", "timezone UTC"]
        return c.raw(c.raw_path(["kickstart/ks.cfg", "pxe/{w}-ks.cfg"]), lines, [(2, c.planted_record(kind, "kickstart:rootpw"))])
    if style == 7:
        lines = ["FROM debian:12-slim", "RUN apt-get update && apt-get install -y openssh-server", f"RUN echo 'root:{pw}' | chpasswd"]
        return c.raw(c.raw_path(["docker/{w}-ssh.Dockerfile", "images/sshd/Dockerfile"]), lines, [(2, c.planted_record(kind, "docker:chpasswd"))])
    if style == 8:
        lines = ["<UserAccounts>", "  <AdministratorPassword>", f"    <Value>{pw}</Value>", "    <PlainText>true</PlainText>", "  </AdministratorPassword>", "</UserAccounts>"]
        return c.raw(c.raw_path(["windows/autounattend.xml", "packer/{w}/unattend.xml"]), lines, [(2, c.planted_record(kind, "unattend:password"))])
    lines = ["account default", f"host smtp.{r.word()}.test", "auth on", f"user alerts@{r.word()}.test", f"password {pw}"]
    c.raw(c.raw_path(["dotfiles/.msmtprc", "roles/mail/files/msmtprc"]), lines, [(4, c.planted_record(kind, "msmtprc:password"))])


def fp_openvpn_static(c: Corpus, kind: Kind) -> None:
    """An OpenVPN static key inline in a client profile."""
    r = c.r
    key = [r.s(HEX, 32) for _ in range(16)]
    lines = ["client", "dev tun", f"remote vpn.{r.word()}.test 1194", "key-direction 1", "<tls-auth>", "-----BEGIN OpenVPN Static key V1-----",
             *key, "-----END OpenVPN Static key V1-----", "</tls-auth>"]
    c.raw(c.raw_path(["vpn/{w}-client.ovpn", "clients/{w}.ovpn"]), lines, [(5, c.planted_record(kind, "ovpn:static-key"))])


def fp_form_password(c: Corpus, kind: Kind) -> None:
    """A password in an OAuth password-grant form body or a login URL's query."""
    r = c.r
    pw = label_value(r, ALNUM + "!*-_")
    user = r.choice(["svc", "ops", r.word()])
    if r.random() < 0.5:
        line = f"curl -s -X POST https://auth.{r.word()}.io/oauth/token -d 'grant_type=password&client_id={r.word()}&username={user}&password={pw}'"
        return snippet_in(c, "sh", [line], [(0, c.planted_record(kind, "sh:form-password"))])
    line = f'LOGIN_URL = "https://legacy.{r.word()}.io/login.php?user={user}&pwd={pw}"'
    snippet_in(c, "py", [line], [(0, c.planted_record(kind, "py:query-password"))])


def fp_nodemailer(c: Corpus, kind: Kind) -> None:
    """An SMTP password in a nodemailer transport's `auth: { user, pass }`."""
    r = c.r
    pw = label_value(r, ALNUM + "!#*-_")
    lines = ["const transport = nodemailer.createTransport({", f"  host: 'smtp.{r.word()}.io',", "  port: 587,",
             f"  auth: {{ user: 'alerts@{r.word()}.io', pass: '{pw}' }},", "});"]
    snippet_in(c, "js", lines, [(3, c.planted_record(kind, "js:nodemailer-auth"))])


def fp_cfn_parameter_default(c: Corpus, kind: Kind) -> None:
    """A CloudFormation template whose secret parameter has a literal Default."""
    r = c.r
    name = r.choice(["DBPassword", "MasterUserPassword", "ApiKey", f"{r.word().capitalize()}ApiToken", "AdminPassword"])
    v = label_value(r, ALNUM) if "Password" in name else secret_value(lambda: r.s(ALNUM, r.randint(24, 36)))
    lines = ["AWSTemplateFormatVersion: '2010-09-09'", f"Description: {r.word()} stack", "Parameters:", "  Environment:", "    Type: String",
             "    Default: production", f"  {name}:", "    Type: String", "    NoEcho: true", f"    Default: {v}"]
    c.raw(c.raw_path(["infra/cloudformation/{w}.yaml", "cfn/{w}-stack.yaml"]), lines, [(9, c.planted_record(kind, "cfn:parameter-default", key=name))])


def fp_jwt_settings_key(c: Corpus, kind: Kind) -> None:
    """An ASP.NET Core appsettings.json whose `Jwt` section holds the signing key under a bare `Key`."""
    r = c.r
    v = secret_value(lambda: r.s(ALNUM, r.randint(32, 48)))
    section = r.choice(["Jwt", "JwtSettings", "Encryption"])
    doc = {"Logging": {"LogLevel": {"Default": "Information"}}, section: {"Key": v, "Issuer": f"https://{r.word()}.io"},
           "AllowedHosts": "*"}
    lines = json.dumps(doc, indent=2).splitlines()
    c.raw(c.raw_path(["src/{w}Api/appsettings.json", "api/appsettings.Production.json"]), lines,
          [(line_of(lines, v), c.planted_record(kind, "json:jwt-settings-key", key=f"{section}.Key"))])


def fp_jwt_signing(c: Corpus, kind: Kind) -> None:
    """A JWT HMAC secret written into the call that signs or verifies tokens."""
    r = c.r
    v = r.choice([r.s(ALNUM, r.randint(24, 40)), r.b64url(32), r.hex(32), r.s(LOWER + UPPER, r.randint(24, 40))])
    rec = lambda syn: c.planted_record(kind, syn)
    style = r.randint(0, 5)
    if style == 0:
        f = c.pick_file("py")
        lines = [f"def {f.unique('issue_token')}(user_id, expires):",
                 f'    return jwt.encode({{"sub": user_id, "exp": expires}}, "{v}", algorithm="HS256")']
        return c.add_to(f, Snippet(lines, [Mark(1, rec("py:jwt-encode"))]))
    if style == 1:
        verb = r.choice(["sign", "verify"])
        line = (f"  return jwt.sign({{ sub: user.id }}, '{v}', {{ expiresIn: '1h' }});" if verb == "sign"
                else f"  return jwt.verify(token, '{v}');")
        return snippet_in(c, "js", [f"function {r.word()}Token(user, token) {{", line, "}"], [(1, rec(f"js:jwt-{verb}"))])
    if style == 2:
        return snippet_in(c, "php", [f"$token = JWT::encode($payload, '{v}', 'HS256');"], [(0, rec("php:jwt-encode"))])
    if style == 3:
        f = c.pick_file("java")
        lines = [f"    public String {f.unique('issueToken')}(String user) {{",
                 f'        return Jwts.builder().setSubject(user).signWith(SignatureAlgorithm.HS256, "{v}").compact();', "    }"]
        return c.add_to(f, Snippet(lines, [Mark(1, rec("java:jjwt-signwith"))]))
    if style == 4:
        f = c.pick_file("cs")
        lines = [f"        public static SymmetricSecurityKey {f.unique('SigningKey')}()", "        {",
                 f'            return new SymmetricSecurityKey(Encoding.UTF8.GetBytes("{v}"));', "        }"]
        return c.add_to(f, Snippet(lines, [Mark(2, rec("cs:symmetric-security-key"))]))
    f = c.pick_file("go")
    lines = [f"func {f.unique('sign' + r.word().capitalize())}(token *jwt.Token) (string, error) {{",
             f'\treturn token.SignedString([]byte("{v}"))', "}"]
    c.add_to(f, Snippet(lines, [Mark(1, rec("go:signed-string"))]))


def code_key(r: Rand, shortest: int) -> str:
    """A key as code holds it literally: letters and digits (`shortest` to 40), 32 hex
    digits or base64url of 24 bytes, never placeholder-like."""
    return secret_value(lambda: r.choice([r.s(ALNUM, r.randint(shortest, 40)), r.hex(32), r.b64url(24)]))


def fp_crypto_key(c: Corpus, kind: Kind) -> None:
    """An HMAC or cipher key written into the call that MACs or encrypts with it, or handed to
    a cipher object's key setter."""
    r = c.r
    v = code_key(r, 20)
    rec = lambda syn: c.planted_record(kind, syn)
    style = r.randint(0, 6)
    if style == 0:
        line = f"  return crypto.createHmac('sha256', '{v}').update(body).digest('hex');"
        return snippet_in(c, "js", [f"function {r.word()}Signature(body) {{", line, "}"], [(1, rec("js:create-hmac"))])
    if style == 1:
        f = c.pick_file("py")
        lines = [f"def {f.unique('sign')}(payload):",
                 f"    return hmac.new(b'{v}', payload, hashlib.sha256).hexdigest()"]
        return c.add_to(f, Snippet(lines, [Mark(1, rec("py:hmac-new"))]))
    if style == 2:
        f = c.pick_file("go")
        lines = [f"func {f.unique('sign' + r.word().capitalize())}(body []byte) []byte {{",
                 f'\tmac := hmac.New(sha256.New, []byte("{v}"))', "\tmac.Write(body)", "\treturn mac.Sum(nil)", "}"]
        return c.add_to(f, Snippet(lines, [Mark(1, rec("go:hmac-new"))]))
    if style == 3:
        f = c.pick_file("java")
        lines = [f"    private static final SecretKeySpec {f.unique('SIGNING_KEY')} =",
                 f'        new SecretKeySpec("{v}".getBytes(StandardCharsets.UTF_8), "HmacSHA256");']
        return c.add_to(f, Snippet(lines, [Mark(1, rec("java:secret-key-spec"))]))
    if style == 4:
        return snippet_in(c, "php", [f"$signature = hash_hmac('sha256', $payload, '{v}');"], [(0, rec("php:hash-hmac"))])
    if style == 5:
        f = c.pick_file("java")
        lines = [f"    void {f.unique('initCipher')}() {{", f'        aesCipher.setKey("{v}".getBytes(StandardCharsets.UTF_8));', "    }"]
        return c.add_to(f, Snippet(lines, [Mark(1, rec("java:cipher-set-key"))]))
    f = c.pick_file("cs")
    lines = [f"        public static byte[] {f.unique('Sign')}(byte[] body)", "        {",
             f'            using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes("{v}"));',
             "            return hmac.ComputeHash(body);", "        }"]
    c.add_to(f, Snippet(lines, [Mark(2, rec("cs:hmacsha256"))]))


def fp_php_serialized(c: Corpus, kind: Kind) -> None:
    """A plugin's or payment module's settings as PHP serializes them into the database:
    a WordPress `wp_options` row of a dump (quotes escaped) or a migration's literal."""
    r = c.r
    v = code_key(r, 16)
    name = r.choice(["smtp_password", "api_key", "app_secret", "secret_key", "access_token", "merchant_password"])
    host = f"smtp.{r.word()}.com"
    pairs = f's:4:"host";s:{len(host)}:"{host}";s:{len(name)}:"{name}";s:{len(v)}:"{v}";'
    if r.randint(0, 1) == 0:
        escaped = pairs.replace('"', '\\"')
        line = f"INSERT INTO `wp_options` VALUES ({r.randint(100, 999)},'{r.word()}_settings','a:2:{{{escaped}}}','yes');"
        return snippet_in(c, "sql", [line], [(0, c.planted_record(kind, "sql:wp-options"))])
    line = f"        $this->insert('{r.word()}_config', ['value' => 'a:2:{{{pairs}}}']);"
    snippet_in(c, "php", [line], [(0, c.planted_record(kind, "php:migration"))])


def fp_cpp_string_constructor(c: Corpus, kind: Kind) -> None:
    """A C++ string built from the secret: `std::string api_key("…")`, `QString password{"…"}`."""
    r = c.r
    v = code_key(r, 16)
    name = r.choice(["api_key", "apiSecret", "auth_token", "db_password", "signing_key"])
    if r.randint(0, 1) == 0:
        line = f'static const std::string {name}("{v}");'
    else:
        line = f'const QString {name}{{"{v}"}};'
    snippet_in(c, "c", [line], [(0, c.planted_record(kind, "c:string-constructor"))])


def fp_secret_comparison(c: Corpus, kind: Kind) -> None:
    """A request or login checked against a credential written into the comparison."""
    r = c.r
    v = code_key(r, 16)
    rec = lambda syn: c.planted_record(kind, syn)
    style = r.randint(0, 4)
    if style == 0:
        line = f"  if (req.headers['x-api-key'] !== '{v}') return res.status(401).end();"
        return snippet_in(c, "js", [f"function {r.word()}Guard(req, res, next) {{", line, "  next();", "}"],
                          [(1, rec("js:header-comparison"))])
    if style == 1:
        f = c.pick_file("py")
        name = r.choice(["api_key", "token", "auth_token", "admin_password"])
        lines = [f"def {f.unique('authorized')}({name}):", f'    return {name} == "{v}"']
        return c.add_to(f, Snippet(lines, [Mark(1, rec("py:comparison"))]))
    if style == 2:
        f = c.pick_file("java")
        name = r.choice(["apiKey", "token", "password"])
        lines = [f"    boolean {f.unique('accepts')}(String {name}) {{", f'        return "{v}".equals({name});', "    }"]
        return c.add_to(f, Snippet(lines, [Mark(1, rec("java:reverse-equals"))]))
    if style == 3:
        f = c.pick_file("go")
        lines = [f"func {f.unique('valid' + r.word().capitalize())}(token string) bool {{",
                 f'\treturn "{v}" == token', "}"]
        return c.add_to(f, Snippet(lines, [Mark(1, rec("go:reverse-comparison"))]))
    f = c.pick_file("cs")
    lines = [f"        public bool {f.unique('Accepts')}(string apiKey)", "        {",
             f'            return apiKey.Equals("{v}");', "        }"]
    c.add_to(f, Snippet(lines, [Mark(2, rec("cs:equals"))]))


JOINED_PASSWORD_NAMES = ["dbpass", "adminpass", "rootpass", "mysqlpass", "smtppass", "ldappass", "bindpw", "rootpw",
                         "DBPass", "AdminPass", "SMTPPass", "dbpw"]


def fp_joined_password(c: Corpus, kind: Kind) -> None:
    """A password whose name joins it to its owner in one word (`$dbpass`, `$CFG->dbpass`, `rootpw=`)."""
    r = c.r
    pw = label_value(r, ALNUM + "!#*-_")
    name = r.choice(JOINED_PASSWORD_NAMES)
    rec = lambda syn: c.planted_record(kind, syn, key=name)
    style = r.randint(0, 4)
    if style == 0:
        return snippet_in(c, "php", [f"${name} = '{pw}';"], [(0, rec("php:joined-password"))])
    if style == 1:
        return snippet_in(c, "php", [f"$CFG->{name.lower()} = '{pw}';"], [(0, rec("php:moodle-config"))])
    if style == 2:
        return snippet_in(c, "yaml", [f"{r.word()}:", f"  {name}: {pw}"], [(1, rec("yaml:joined-password"))])
    if style == 3:
        return snippet_in(c, "ini", [f"[{r.word()}]", f"{name} = {pw}"], [(1, rec("ini:joined-password"))])
    snippet_in(c, "env", [f"{name.upper()}={pw}"], [(0, rec("env:joined-password"))])


def fp_xml_name_value_pair(c: Corpus, kind: Kind) -> None:
    """A property list, .NET resource file or web.xml: a name element, then its value element."""
    r = c.r
    pw = label_value(r, ALNUM + "!#*-_")
    token = r.s(ALNUM, r.randint(24, 40))
    rec = lambda syn: c.planted_record(kind, syn)
    style = r.randint(0, 2)
    if style == 0:
        name, value = r.choice([("ApiSecret", token), ("APIToken", token), ("DBPassword", pw), ("ClientSecret", token)])
        lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">',
                 '<plist version="1.0">', "<dict>", "\t<key>CFBundleName</key>", f"\t<string>{r.word().capitalize()}</string>",
                 f"\t<key>{name}</key>", f"\t<string>{value}</string>", "</dict>", "</plist>"]
        return c.raw(c.raw_path(["ios/{w}/Info.plist", "ios/Config.plist", "{w}/Secrets.plist"]), lines, [(7, rec("plist:key-string"))])
    if style == 1:
        name = r.choice(["SmtpPassword", "ServicePassword", "ApiSecret", "ApiToken"])
        value = pw if "Password" in name else token
        lines = ['<?xml version="1.0" encoding="utf-8"?>', "<root>", f'  <data name="{name}" xml:space="preserve">',
                 f"    <value>{value}</value>", "  </data>", "</root>"]
        return c.raw(c.raw_path(["src/{w}/Properties/Settings.resx", "src/{w}/Resources.resx"]), lines, [(3, rec("resx:data-value"))])
    name = r.choice(["smtp.password", "ldap.bindPassword", "api.secret", "jdbc.password"])
    value = token if "secret" in name else pw
    lines = ['<web-app xmlns="http://xmlns.jcp.org/xml/ns/javaee" version="4.0">', "  <context-param>",
             f"    <param-name>{name}</param-name>", f"    <param-value>{value}</param-value>", "  </context-param>", "</web-app>"]
    c.raw(c.raw_path(["src/main/webapp/WEB-INF/web.xml", "{w}/WEB-INF/web.xml"]), lines, [(3, rec("webxml:context-param"))])


def fp_service_secret_file(c: Corpus, kind: Kind) -> None:
    """Files whose name says each line holds a password: Postfix sasl_passwd, rsyncd.secrets,
    PgBouncer userlist.txt, PPP chap-secrets, an OpenVPN profile's inline `<auth-user-pass>`,
    curl's .curlrc."""
    r = c.r
    pw = cli_password(r)
    while not (any(ch.isdigit() for ch in pw) and any(ch.isalpha() for ch in pw)) or any(ch in pw for ch in "\"'#$\\{}<>*"):
        pw = cli_password(r)
    rec = lambda syn: c.planted_record(kind, syn)
    style = r.randint(0, 5)
    if style == 0:
        relay = r.choice(["[smtp.gmail.com]:587", "[email-smtp.eu-west-1.amazonaws.com]:587", f"[smtp.{r.word()}.test]:submission"])
        lines = ["# SMTP relay credentials; run postmap after editing", f"{relay} alerts@{r.word()}.test:{pw}"]
        return c.raw(c.raw_path(["roles/postfix/files/sasl_passwd", "etc/postfix/sasl_passwd"]), lines, [(1, rec("postfix:sasl-passwd"))])
    if style == 1:
        lines = [f"{r.word()}:{pw}"]
        return c.raw(c.raw_path(["roles/rsync/files/rsyncd.secrets", "etc/rsyncd.secrets"]), lines, [(0, rec("rsync:secrets"))])
    if style == 2:
        lines = [f'"{r.word()}" "md5{r.hex(32)}"', f'"{r.word()}_app" "{pw}"']
        return c.raw(c.raw_path(["pgbouncer/userlist.txt", "deploy/pgbouncer/userlist.txt"]), lines, [(1, rec("pgbouncer:userlist"))])
    if style == 3:
        lines = ["# Secrets for authentication using CHAP", "# client\tserver\tsecret\t\t\tIP addresses", f"{r.word()}\t*\t{pw}\t*"]
        return c.raw(c.raw_path(["vpn/ppp/chap-secrets", "roles/l2tp/files/chap-secrets"]), lines, [(2, rec("ppp:chap-secrets"))])
    if style == 4:
        lines = ["client", "dev tun", f"remote vpn.{r.word()}.test 1194", "<auth-user-pass>", r.word(), pw, "</auth-user-pass>"]
        return c.raw(c.raw_path(["vpn/{w}-client.ovpn", "profiles/{w}.ovpn"]), lines, [(5, rec("openvpn:auth-user-pass"))])
    lines = ["# defaults for every curl run", "silent", f'user = "{r.word()}:{pw}"']
    c.raw(c.raw_path(["home/{w}/.curlrc", "dotfiles/.curlrc"]), lines, [(2, rec("curl:curlrc"))])


def fp_password_export(c: Corpus, kind: Kind) -> None:
    """A password manager's CSV export committed by mistake: LastPass, Bitwarden or Chrome columns."""
    r = c.r
    style = r.randint(0, 2)
    rows, marks = [], []
    header = ["url,username,password,totp,extra,name,grouping,fav",
              "folder,favorite,type,name,notes,fields,reprompt,login_uri,login_username,login_password,login_totp",
              "name,url,username,password,note"][style]
    for i in range(r.randint(2, 4)):
        site = f"{r.word()}.{r.choice(['com', 'io', 'net'])}"
        user = f"{r.word()}@{r.word()}.test"
        pw = label_value(r, ALNUM + "!#*-_")
        rows.append([f"https://{site}/login,{user},{pw},,,{site},Work,0",
                     f",0,login,{site},,,0,https://{site}/,{user},{pw},",
                     f"{site},https://{site}/,{user},{pw},"][style])
        marks.append((i + 1, c.planted_record(kind, "csv:" + ["lastpass", "bitwarden", "chrome"][style])))
    name = ["lastpass_export.csv", "bitwarden_export.csv", "Chrome Passwords.csv"][style]
    c.raw(c.raw_path([f"backup/{name}", f"home/{{w}}/{name}", f"docs/{name}"]), [header] + rows, marks)


def fp_wrapped_assignment(c: Corpus, kind: Kind) -> None:
    """A long secret a formatter moved to the line after its assignment (Prettier, Java, C#),
    or into parentheses (Python)."""
    r = c.r
    v = r.choice([r.s(ALNUM, r.randint(48, 80)), r.b64url(48), r.hex(64)])
    name = r.choice(["apiKey", "apiSecret", "accessToken", "webhookSecret", "signingKey", "clientSecret"])
    rec = lambda syn: c.planted_record(kind, syn, key=name)
    style = r.randint(0, 3)
    if style == 0:
        ftype = r.choice(["js", "ts"])
        const = f"export const {r.word()}{name[0].upper()}{name[1:]}"
        return snippet_in(c, ftype, [f"{const} =", f'  "{v}";'], [(1, rec(f"{ftype}:prettier-wrapped"))])
    upper = "".join("_" + ch if ch.isupper() else ch.upper() for ch in name)
    if style == 3:
        lines = [f"{r.word().upper()}_{upper} = (", f'    "{v}"', ")"]
        return snippet_in(c, "py", lines, [(1, rec("py:parenthesised"))])
    if style == 1:
        f = c.pick_file("java")
        lines = [f"    private static final String {r.word().upper()}_{upper} =", f'            "{v}";']
        return c.add_to(f, Snippet(lines, [Mark(1, rec("java:wrapped-constant"))]))
    f = c.pick_file("cs")
    lines = [f"        private const string {r.word().capitalize()}{name[0].upper()}{name[1:]} =", f'            "{v}";']
    c.add_to(f, Snippet(lines, [Mark(1, rec("cs:wrapped-constant"))]))


def fp_lisp_definition(c: Corpus, kind: Kind) -> None:
    """A credential bound to a string in Lisp: a Clojure `def`, an Emacs init file's `setq` or
    `setenv`, a Common Lisp `defparameter`."""
    r = c.r
    v = label_value(r, ALNUM)
    style = r.randint(0, 3)
    if style == 0:
        line = f'(def {r.word()}-{r.choice(["api-token", "db-password", "api-key", "client-secret"])} "{v}")'
        path, syn = ["src/{w}/config.clj", "src/{w}/secrets.clj", "dev/user.clj"], "clj:def"
    elif style == 1:
        line = f'(setq {r.word()}-{r.choice(["api-key", "auth-token", "password", "openai-key"])} "{v}")'
        path, syn = ["home/{w}/.emacs.d/init.el", "home/{w}/.emacs", "dotfiles/emacs/{w}.el"], "el:setq"
    elif style == 2:
        line = f'(setenv "{r.word().upper()}_{r.choice(["API_KEY", "TOKEN", "PASSWORD", "SECRET"])}" "{v}")'
        path, syn = ["home/{w}/.emacs.d/init.el", "dotfiles/emacs/{w}.el"], "el:setenv"
    else:
        line = f'(defparameter *{r.word()}-{r.choice(["password", "secret", "api-key"])}* "{v}")'
        path, syn = ["src/{w}.lisp", "{w}/config.lisp"], "lisp:defparameter"
    c.raw(c.raw_path(path), [f";; {r.word()} settings", line], [(1, c.planted_record(kind, syn))])


def fp_spaced_password(c: Corpus, kind: Kind) -> None:
    """A password written after the word with only a blank between, in a note or ticket."""
    r = c.r
    pw = label_value(r, ALNUM + "!#*-_")
    host = private_ip(r)
    line = r.choice([
        f"SSH: root@{host} password {pw}",
        f"Jump host {host}, user {r.word()} password {pw}",
        f"VPN: vpn.{r.word()}.io (password {pw}, rotate monthly)",
        f"- {r.word()} console: admin password {pw}",
    ])
    c.raw(c.raw_path(["docs/{w}-access.txt", "notes/{w}.md", "ops/handover-{w}.txt"]),
          [f"{r.word().capitalize()} access", "", line], [(2, c.planted_record(kind, "note:spaced"))])


def fp_sql_insert_password(c: Corpus, kind: Kind) -> None:
    """A seed script's INSERT with a plain-text password in its second or third column, next
    to a row whose password is an MD5 or SHA-1 digest (a decoy the rule must leave)."""
    r = c.r
    pw = label_value(r, ALNUM + "!#*-_")
    user = r.word()
    digest = r.hex(32)
    if r.random() < 0.5:
        lines = ["-- seed users", f"INSERT INTO users (username, password, email) VALUES ('{user}', '{pw}', '{user}@{r.word()}.test');",
                 f"INSERT INTO users (username, password, email) VALUES ('{r.word()}', '{digest}', 'ops@{r.word()}.test');"]
        syn = "sql:insert-second"
    else:
        lines = ["-- seed accounts", f"insert into `accounts` (`id`, `login`, `password`) values ({r.randint(1, 99)}, '{user}', '{pw}');",
                 f"insert into `accounts` (`id`, `login`, `password`) values ({r.randint(100, 999)}, '{r.word()}', '{r.hex(40)}');"]
        syn = "sql:insert-third"
    c.raw(c.raw_path(["db/seed.sql", "sql/{w}_seed.sql", "migrations/{w}_users.sql"]), lines, [(1, c.planted_record(kind, syn))])


FORMAT_PLANTERS = {
    "appsync": fp_appsync, "entra-refresh": fp_entra_refresh, "kubeadm": fp_kubeadm, "truenas": fp_truenas,
    "thingsboard": fp_thingsboard, "query-credential": fp_query_credential, "windows-password": fp_windows_password,
    "jenkins-setup": fp_jenkins_setup, "jenkins-credentials": fp_jenkins_credentials, "django": fp_django,
    "wordpress": fp_wordpress, "filezilla": fp_filezilla, "winscp": fp_winscp, "jetbrains-webservers": fp_jetbrains_webservers, "rails": fp_rails, "laravel": fp_laravel, "shiro": fp_shiro, "bluecat": fp_bluecat, "sidekiq": fp_sidekiq,
    "netrc": fp_netrc, "mysql-cli": fp_mysql, "sshpass": fp_sshpass, "tool-password": fp_tool_password, "secret-store-set": fp_secret_store_set, "tf-variable": fp_tf_variable,
    "docker-identity": fp_docker_identity, "base64-pem": fp_base64_pem, "base64-der": fp_base64_der, "rsa-xml": fp_rsa_xml, "tfstate": fp_tfstate, "tableau": fp_tableau, "pwhash": fp_pwhash,
    "makefile": fp_makefile, "php-append": fp_php_append, "go-typed-var": fp_go_typed_var, "wrapped-literal": fp_wrapped_literal, "json-env": fp_json_env,
    "xml-block": fp_xml_block, "ticket-label": fp_ticket_label, "c-macro": fp_c_macro, "curl-option": fp_curl_option, "curl-credential": fp_curl_credential, "letters-token": fp_letters_token, "vault-login-response": fp_vault_login_response, "aws-transcript": fp_aws_transcript, "aws-beside-id": fp_aws_beside_id, "inline-assignment": fp_inline_assignment, "qualified-name": fp_qualified_name, "sk-client": fp_sk_client, "http-variable": fp_http_variable, "dollar-password": fp_dollar_password, "write-only-password": fp_write_only_password, "android-signing": fp_android_signing, "ceph-key": fp_ceph_key, "credential-list": fp_credential_list, "keytab-base64": fp_keytab_base64,
    "jwk": fp_jwk, "sql-password": fp_sql_password, "xml-named-value": fp_xml_named_value, "xml-service-key": fp_xml_service_key, "otpauth": fp_otpauth, "otp-library-seed": fp_otp_library_seed,
    "env-fallback": fp_env_fallback, "setter-call": fp_setter_call, "positional-password": fp_positional_password, "php-app-secret": fp_php_app_secret, "duo-config": fp_duo_config, "ldap-bind-password": fp_ldap_bind_password,
    "client-password": fp_client_password, "env-setter": fp_env_setter, "npmrc-registry": fp_npmrc_registry,
    "postman-environment": fp_postman_environment, "json-unnamed": fp_json_unnamed, "named-key-label": fp_named_key_label, "logged-private-key": fp_logged_private_key, "dsl-keyword": fp_dsl_keyword, "session-cookie": fp_session_cookie,
    "system-config": fp_system_config, "openvpn-static": fp_openvpn_static, "form-password": fp_form_password,
    "nodemailer": fp_nodemailer, "cfn-parameter-default": fp_cfn_parameter_default, "jwt-settings-key": fp_jwt_settings_key,
    "jwt-signing": fp_jwt_signing, "crypto-key": fp_crypto_key, "secret-comparison": fp_secret_comparison, "joined-password": fp_joined_password, "xml-name-value-pair": fp_xml_name_value_pair,
    "php-serialized": fp_php_serialized, "cpp-string-constructor": fp_cpp_string_constructor,
    "service-secret-file": fp_service_secret_file, "password-export": fp_password_export,
    "wrapped-assignment": fp_wrapped_assignment,
    "lisp-definition": fp_lisp_definition, "spaced-password": fp_spaced_password, "sql-insert-password": fp_sql_insert_password,
}


# Decoys of these formats: each function writes one decoy (a file or a snippet) in the
# place its format lives, under one of the existing decoy categories.


def decoy_line(c: Corpus, ftype: str, line: str, category: str, provider: str, note: str) -> None:
    """One decoy line in a file of `ftype`."""
    snippet_in(c, ftype, [line], [(0, c.decoy_record(category, provider, note))])


def fd_wp_sample(c: Corpus) -> None:
    """wp-config-sample.php: the eight defines with WordPress's placeholder phrase."""
    lines = ["<?php", "/**#@+", " * Authentication unique keys and salts.", " */"]
    marks = [(len(lines) + i, c.decoy_record("placeholder", "wordpress", "put your unique phrase here")) for i in range(len(WP_NAMES))]
    lines += [wp_define(n, "put your unique phrase here") for n in WP_NAMES] + ["/**#@-*/"]
    c.raw(c.raw_path(["wp-config-sample.php", "public_html/wp-config-sample.php"]), lines, marks)


def fd_wp_env(c: Corpus) -> None:
    """The Docker image's wp-config: keys read from the environment, the phrase as fallback."""
    lines = ["<?php"]
    marks = [(1 + i, c.decoy_record("reference", "wordpress", "getenv_docker reference")) for i in range(len(WP_NAMES))]
    lines += [f"define( '{n}',{' ' * (17 - len(n))}getenv_docker('WORDPRESS_{n}', 'put your unique phrase here') );" for n in WP_NAMES]
    c.raw(c.raw_path(["docker/wordpress/wp-config-docker.php", "wordpress/wp-config-docker.php"]), lines, marks)


def fd_filezilla_empty(c: Corpus) -> None:
    """A FileZilla site whose password is not saved (<Pass />)."""
    r = c.r
    w = r.word()
    server = filezilla_server(r, f"sftp.{w}.net", f"{w}_ro", r.choice(["            <Pass />", '            <Pass encoding="base64" />']), f"{w} mirror")
    lines = ['<?xml version="1.0" encoding="UTF-8" standalone="yes" ?>', '<FileZilla3 version="3.66.4" platform="*nix">', "    <Servers>"] + server + [
        "    </Servers>", "</FileZilla3>"]
    c.raw(c.raw_path(["tools/filezilla/sitemanager.xml", "home/{w}/.config/filezilla/sitemanager.xml"]), lines,
          [(9, c.decoy_record("placeholder", "filezilla", "no saved password (<Pass />)"))])


def fd_htpasswd_short(c: Corpus) -> None:
    """An $apr1$ htpasswd entry one character short."""
    r = c.r
    h = md5_crypt(r, "apr1")[:-1]
    c.raw(c.raw_path(["nginx/htpasswd.example", "docs/{w}.htpasswd"]), [f"{r.word()}:{h}"],
          [(0, c.decoy_record("near_miss", "password-hash", "$apr1$ hash one character short"))])


def fd_bcrypt_short(c: Corpus) -> None:
    """A bcrypt hash one character short in a seed."""
    r = c.r
    decoy_line(c, "sql", f"-- truncated by the export: '{bcrypt_hash(r)[:-1]}'", "near_miss", "password-hash", "bcrypt hash one character short")


def fd_sha_wrong_length(c: Corpus) -> None:
    """A shadow line with a SHA-256-length digest under the SHA-512 scheme."""
    r = c.r
    h = "$6$" + r.s(CRYPT64, 16) + "$" + crypt_b64(r.bytes(32))
    c.raw(c.raw_path(["tests/fixtures/shadow-bad", "docs/{w}-shadow.txt"]), [f"root:{h}:19800:0:99999:7:::"],
          [(0, c.decoy_record("near_miss", "password-hash", "SHA-256 digest under $6$"))])


def fd_cisco_short_salt(c: Corpus) -> None:
    """A Cisco type 8 secret whose salt is one character short."""
    r = c.r
    decoy_line(c, "md", f"    enable secret 8 $8${r.s(CRYPT64, 13)}${crypt_b64(r.bytes(32))}", "near_miss", "password-hash",
               "type 8 salt one character short")


def fd_shadow_locked(c: Corpus) -> None:
    """A shadow file of locked accounts: no hash anywhere."""
    r = c.r
    lines = [f"{u}:{r.choice(['*', '!', '!!', '!*'])}:{r.randint(19000, 20000)}:0:99999:7:::" for u in ["root"] + r.sample(SYSTEM_USERS, 5)]
    c.raw(c.raw_path(["images/{w}/etc/shadow", "rootfs-{w}/etc/shadow"]), lines,
          [(i, c.decoy_record("placeholder", "password-hash", "locked account, no hash")) for i in range(len(lines))])


def fd_dollar_args(c: Corpus) -> None:
    """Shell positional parameters that read like hash prefixes."""
    r = c.r
    decoy_line(c, "sh", r.choice(['echo "$1$2$3"', 'printf "%s $5$ %s $6$\\n" "$a" "$b"', 'NAME="$1$2$7$8$9"']),
               "code_token", "password-hash", "positional parameters")


def fd_hashcat_table(c: Corpus) -> None:
    """hashcat's mode table: hash shapes with slot names."""
    decoy_line(c, "md", "| 18200 | Kerberos 5, etype 23, AS-REP | `$krb5asrep$23$user@domain.com:<checksum>$<edata2>` |",
               "example", "password-hash", "hashcat mode table")


def fd_curl_user_ref(c: Corpus) -> None:
    """curl -u with shell variables."""
    r = c.r
    decoy_line(c, "sh", f'curl -fsS -u "$USER:$PASS" https://nexus.{r.word()}.corp/service/rest/v1/status', "reference", "generic", "curl -u $USER:$PASS")


def fd_sshpass_ref(c: Corpus) -> None:
    """sshpass, PsExec and redis-cli reading the password from a variable."""
    r = c.r
    if r.random() < 0.3:
        return decoy_line(c, "ps1", f"PsExec.exe \\\\{r.word()}01 -u User -p $Password -i -d calc.exe", "reference", "shell", "PsExec -p $Password")
    decoy_line(c, "sh", r.choice([f'sshpass -p "$SSH_PASS" ssh deploy@{r.word()}.internal uptime', 'redis-cli -h cache.internal -a "$REDIS_PASSWORD" ping']),
               "reference", "shell", "password from a variable")


def fd_tool_password_ref(c: Corpus) -> None:
    """Archive, OpenSSL, sudo, kinit and secret-store passwords read from variables or files."""
    r = c.r
    w = r.word()
    line, note = r.choice([
        (f'zip -r -P "$BACKUP_PASSWORD" /backups/{w}.zip /var/lib/{w}', "zip -P from a variable"),
        (f"openssl enc -d -aes-256-cbc -pbkdf2 -k $DECRYPT_KEY -in .env.enc -out .env", "openssl -k from a variable"),
        (f"7z x -p%ARCHIVE_PASSWORD% {w}.7z", "7z -p from a batch variable"),
        (f'echo "$SUDO_PASSWORD" | sudo -S systemctl restart {w}', "sudo -S fed from a variable"),
        (f"echo $KRB_PASSWORD | kinit svc_{w}@CORP.TEST", "kinit fed from a variable"),
        (f'gh secret set {w.upper()}_TOKEN --body "$TOKEN"', "gh secret set from a variable"),
        (f"aws ssm put-parameter --name /prod/{w}/password --type SecureString --value file://pw.txt", "ssm from a file"),
    ])
    decoy_line(c, "sh", line, "reference", "shell", note)


def fd_mysql_prompt(c: Corpus) -> None:
    """mysql asking for the password, or reading it from a variable."""
    r = c.r
    db = r.word()
    if r.random() < 0.5:
        return decoy_line(c, "sh", f"mysql -u root -p {db} < dump.sql", "config", "mysql", "-p alone: mysql prompts")
    decoy_line(c, "sh", f'mysqldump -u backup -p"$MYSQL_PASSWORD" {db} > {db}.sql', "reference", "mysql", "-p\"$MYSQL_PASSWORD\"")


def fd_netrc_ref(c: Corpus) -> None:
    """A .netrc template whose password is a variable."""
    r = c.r
    c.raw(c.raw_path(["ci/netrc.template", "templates/{w}.netrc"]), [f"machine github.com login {r.word()}-bot password $GITHUB_TOKEN"],
          [(0, c.decoy_record("reference", "netrc", "password $GITHUB_TOKEN"))])


def fd_django(c: Corpus) -> None:
    """Django settings reading SECRET_KEY from the environment, or the x-filled sample."""
    r = c.r
    if r.random() < 0.5:
        return decoy_line(c, "py", "SECRET_KEY = os.environ['DJANGO_SECRET_KEY']", "reference", "django", "os.environ lookup")
    decoy_line(c, "py", "SECRET_KEY = 'django-insecure-" + "x" * 50 + "'", "placeholder", "django", "x-filled key")


def fd_rails(c: Corpus) -> None:
    """secret_key_base from ERB, or zeros."""
    r = c.r
    if r.random() < 0.5:
        f = c.pick_file("yaml")
        lines = [f"{f.unique('production')}:", '  secret_key_base: <%= ENV["SECRET_KEY_BASE"] %>']
        return c.add_to(f, Snippet(lines, [Mark(1, c.decoy_record("reference", "rails", "ERB reference"))]))
    decoy_line(c, "env", "SECRET_KEY_BASE=" + "0" * 128, "placeholder", "rails", "zeros")


def fd_laravel(c: Corpus) -> None:
    """.env.example with APP_KEY not yet generated."""
    r = c.r
    lines = [f"APP_NAME={r.word().capitalize()}", "APP_ENV=local", "APP_KEY=", "APP_DEBUG=true", "APP_URL=http://localhost"]
    c.raw(c.raw_path([".env.example", "laravel/.env.example"]), lines, [(2, c.decoy_record("placeholder", "laravel", "empty APP_KEY"))])


def fd_sidekiq(c: Corpus) -> None:
    """Sidekiq gem server without credentials, or with a variable."""
    r = c.r
    if r.random() < 0.5:
        return decoy_line(c, "docker", "ARG BUNDLE_ENTERPRISE__CONTRIBSYS__COM=${SIDEKIQ_CREDENTIALS}", "reference", "sidekiq", "build-arg reference")
    c.raw(c.raw_path(["Gemfile.oss", "{w}/Gemfile"]), ['source "https://rubygems.org"', "source 'https://gems.contribsys.com/' do", '  gem "sidekiq-pro"', "end"],
          [(1, c.decoy_record("config", "sidekiq", "gem source without credentials"))])


def fd_kubeadm(c: Corpus) -> None:
    """kubeadm's documented sample token, or a join command built from variables."""
    r = c.r
    if r.random() < 0.5:
        return decoy_line(c, "md", "    kubeadm join 10.0.12.4:6443 --token abcdef.0123456789abcdef --discovery-token-ca-cert-hash sha256:<hash>",
                          "example", "kubernetes", "kubeadm's documented token")
    decoy_line(c, "sh", 'kubeadm join "$API_ENDPOINT" --token "$(kubeadm token create --ttl 1h)" --discovery-token-ca-cert-hash "$CA_HASH"',
               "reference", "kubernetes", "token from a command")


def fd_truenas(c: Corpus) -> None:
    """A TrueNAS login message with a slot name, or a variable."""
    r = c.r
    if r.random() < 0.5:
        return decoy_line(c, "md", '`{"msg": "method", "method": "auth.login_with_api_key", "params": ["<api key>"]}`', "placeholder", "truenas", "slot name")
    decoy_line(c, "env", "TRUENAS_API_KEY=${TRUENAS_API_KEY}", "reference", "truenas", "env reference")


def fd_thingsboard(c: Corpus) -> None:
    """A ThingsBoard telemetry URL with a variable or a slot name in the token's place."""
    r = c.r
    tok = r.choice(["$ACCESS_TOKEN", "YOUR_ACCESS_TOKEN", "${DEVICE_TOKEN}"])
    decoy_line(c, "sh", f"curl -X POST --data '{{\"t\": 21}}' https://tb.{r.word()}.io/api/v1/{tok}/telemetry", "reference", "thingsboard", "token slot")


def fd_query(c: Corpus) -> None:
    """Query strings holding a variable, a page cursor or a word."""
    r = c.r
    style = r.randint(0, 2)
    if style == 0:
        return decoy_line(c, "sh", 'curl "https://blynk.cloud/external/api/get?token=${BLYNK_TOKEN}&V1"', "reference", "generic", "query ${VAR}")
    if style == 1:
        return decoy_line(c, "md", f"Next page: `https://api.{r.word()}.io/v1/items?page_token={r.b64url(24)}`", "identifier", "generic", "page cursor")
    decoy_line(c, "md", f"The link `https://accounts.{r.word()}.io/reset?token=expired` shows the expiry page.", "prose", "generic", "a word in a query")


def fd_windows(c: Corpus) -> None:
    """PowerShell and .NET credentials from variables."""
    r = c.r
    style = r.randint(0, 2)
    if style == 0:
        return decoy_line(c, "ps1", "$secure = ConvertTo-SecureString $plain -AsPlainText -Force", "reference", "windows", "variable")
    if style == 1:
        return decoy_line(c, "ps1", 'Connect-VIServer "$endpoint" -User "$username" -Password "$password" | Out-Null', "reference", "windows", "variables")
    f = c.pick_file("cs")
    lines = [f"        public static ICredentials {f.unique('Credentials')}(string user, string password) =>", "            new NetworkCredential(user, password);"]
    c.add_to(f, Snippet(lines, [Mark(1, c.decoy_record("code_token", "windows", "NetworkCredential of parameters"))]))


def fd_jenkins(c: Corpus) -> None:
    """A Jenkins secret shortened in docs, a JCasC reference, the setup banner without its password."""
    r = c.r
    style = r.randint(0, 2)
    if style == 0:
        return decoy_line(c, "md", "Encrypted values look like `<secret>{AQAAABAAAA...}</secret>` in credentials.xml.", "near_miss", "jenkins", "truncated")
    if style == 1:
        f = c.pick_file("yaml")
        lines = [f"{f.unique('nexus_credentials')}:", "  username: deploy", '  password: "${NEXUS_DEPLOY_PASSWORD}"']
        return c.add_to(f, Snippet(lines, [Mark(2, c.decoy_record("reference", "jenkins", "JCasC reference"))]))
    f = c.pick_file("md")
    lines = ["Please use the following password to proceed to installation:", "", "<see the container log>"]
    c.add_to(f, Snippet(lines, [Mark(2, c.decoy_record("placeholder", "jenkins", "no password in the banner"))]))


def fd_identity_token(c: Corpus) -> None:
    """A Docker config whose identity token is empty or a variable."""
    r = c.r
    v = r.choice(["", "${ACR_REFRESH_TOKEN}"])
    lines = json.dumps({"auths": {f"{r.word()}.azurecr.io": {"identitytoken": v}}}, indent=2).split("\n")
    c.raw(c.raw_path(["docs/docker-config.example.json", "ci/{w}-docker-config.json"]), lines,
          [(line_of(lines, "identitytoken"), c.decoy_record("placeholder", "docker", "empty or variable identity token"))])


def fd_tf_variable(c: Corpus) -> None:
    """Secret-named Terraform variables whose defaults are names, aliases or references."""
    r = c.r
    w = r.word()
    name, default, cat = r.choice([("kms_key", "alias/prod-data", "config"), ("db_secret", f"prod/{w}/database", "config"),
                                   ("key_vault_name", f"kv-{w}-prod-01", "config"), ("token_rotated", "2024-08-14T10:21:00Z", "config")])
    f = c.pick_file("tf")
    lines = [f'variable "{f.unique(name)}" {{', "  type    = string", f'  default = "{default}"', "}"]
    c.add_to(f, Snippet(lines, [Mark(2, c.decoy_record(cat, "generic", f"variable {name}: a name, not a credential"))]))


def fd_base64_public(c: Corpus) -> None:
    """Base64 PEM certificates and public keys in variables."""
    r = c.r
    if r.random() < 0.5:
        return decoy_line(c, "env", f"CA_CERT_B64={b64_pem(fake_certificate(r))}", "public_key", "private-key", "base64 PEM certificate")
    spki = der_seq(der_seq(OID_EC, OID_P256), der(0x03, b"\x00\x04" + r.bytes(64)))
    decoy_line(c, "env", f"JWT_PUBLIC_KEY_B64={b64_pem(pem('PUBLIC KEY', spki))}", "public_key", "private-key", "base64 PEM public key")


def fd_near_formats(c: Corpus) -> None:
    """Near misses of the new provider formats (lengths and shapes just off), where tests show rejected samples."""
    r = c.r
    c.near_miss_decoy(*r.choice([
        (f"{r.b64(16)}:{r.s(ALNUM, 40)}", "tableau", "base64:40 characters (a salted hash, not a Tableau secret)"),
        (f"xoxs-{r.digits(10)}-{r.digits(10)}", "slack", "Slack legacy token fragment"),
        ("da2-" + r.s(LOWER + DIGITS, 20), "aws", "AppSync key too short"),
        ("0.A.AgAB", "azure", "refresh token shape without a body"),
        (f"{r.randint(1, 9)}-{r.s(ALNUM, 40)}", "truenas", "TrueNAS key too short"),
    ]))


def fd_segment_id(c: Corpus) -> None:
    """A Segment id (not a write key) in code."""
    decoy_line(c, "py", f"segment_id = '{c.r.s(ALNUM, 32)}'", "identifier", "segment", "an id, not a write key")


def fd_makefile(c: Corpus) -> None:
    """Makefile assignments of references and commands."""
    r = c.r
    key = r.choice(FORM_KEYS)
    value = r.choice([f'"$({key})"', f"$(shell cat .secrets/{key.lower()})", f'"$${{{key}}}"'])
    lines = [f"{key} {r.choice(['::=', ':::='])} {value}", "", "all:", "\t@echo building"]
    c.raw(c.raw_path(["tools/{w}.mk", "mk/{w}.mk"]), lines, [(0, c.decoy_record("reference", "generic", "make reference"))])


def fd_php_append(c: Corpus) -> None:
    """PHP appending a request header or a config lookup to a token variable."""
    r = c.r
    value = r.choice(["$request->header('X-Auth-Token')", "config('services.erp.token')", "getenv('API_TOKEN')"])
    decoy_line(c, "php", f"    $authToken .= {value};", "code_token", "generic", "code expression")


def fd_go_typed_var(c: Corpus) -> None:
    """Go typed variables read from the environment."""
    key = c.r.choice(FORM_KEYS)
    f = c.pick_file("go")
    lines = [f'var {f.unique(key_style(key, "camel"))} string = os.Getenv("{key}")']
    c.add_to(f, Snippet(lines, [Mark(0, c.decoy_record("code_token", "generic", "os.Getenv"))]))


def fd_wrapped_lookup(c: Corpus) -> None:
    """A pointer helper around an environment lookup, not a literal."""
    r = c.r
    key = r.choice(FORM_KEYS)
    line = f'\t\t{key_style(key, "pascal")}: aws.String(os.Getenv("{key}")),'
    decoy_line(c, "go", line, "reference", "generic", "pointer helper around os.Getenv")


def fd_json_env(c: Corpus) -> None:
    """An env file inside a JSON string whose values are references."""
    r = c.r
    key = r.choice(FORM_KEYS)
    f = c.pick_file("json")
    c.add_to(f, Snippet([f'"app.env": {json.dumps(f"{key}=${{{key}}}" + chr(10) + "LOG_LEVEL=info" + chr(10))}'],
                        [Mark(0, c.decoy_record("reference", "generic", "${VAR} in an embedded env file"))]))


def fd_har_cookies(c: Corpus) -> None:
    """A HAR file whose cookies log no one in: analytics ids, an anti-forgery token, a short session flag."""
    r = c.r
    host = f"www.{r.word()}.org"
    cookies = [{"name": "_ga", "value": f"GA1.2.{r.randint(10**8, 10**9)}.{r.randint(10**9, 2 * 10**9)}"},
               {"name": "csrftoken", "value": r.s(ALNUM, 32)},
               {"name": "session_seen", "value": "1"}]
    doc = har_document(r, host, [{"name": "Cookie", "value": f"_ga={cookies[0]['value']}; csrftoken={cookies[1]['value']}"}],
                       cookies)
    lines = json.dumps(doc, indent=2).splitlines()
    path = c.raw_path(["tests/fixtures/{w}-anonymous.har"])
    c.raw(path, lines, [(line_of(lines, cookies[1]["value"]), c.decoy_record("identifier", "generic", "anti-forgery cookie in a HAR file"))])


def fd_pgp_fingerprint(c: Corpus) -> None:
    """An OpenPGP fingerprint or long key id under a key's name: a pom's release manager's
    key, an apt repository's key, a git signing key. It names a public key."""
    r = c.r
    fingerprint = r.s("0123456789ABCDEF", r.choice([16, 40]))
    ftype, line = r.choice([
        ("xml", f"    <commons.releaseManagerKey>{fingerprint}</commons.releaseManagerKey>"),
        # Apache poms write it in lowercase too, under a name that says whose key it is
        ("xml", f"    <commons.releaseManagerKey>{fingerprint.lower()}</commons.releaseManagerKey>"),
        ("yaml", f"{r.word()}_gpg_key: '{fingerprint.lower()}'"),
        ("yaml", f"docker_{r.word()}_repo_repokey: '{fingerprint}'"),
        ("json", f'  "signingKey": "{fingerprint}",'),
    ])
    decoy_line(c, ftype, line, "public_key", "generic", "OpenPGP fingerprint under a key name")


def fd_otpauth_example(c: Corpus) -> None:
    """The TOTP secret of Google Authenticator's Key Uri Format page, or a template, in an
    otpauth URI: what OTP libraries' READMEs and tests copy."""
    r = c.r
    secret = r.choice(["JBSWY3DPEHPK3PXP", "${TOTP_SECRET}", "{secret}", "XXXXXXXXXXXXXXXX"])
    line = f'uri = f"otpauth://totp/{r.word().capitalize()}:{r.word()}@example.com?secret={secret}&issuer=Example"'
    decoy_line(c, "py", line, "placeholder", "otp", "documented otpauth example")


def fd_xml_block(c: Corpus) -> None:
    """Pretty-printed XML elements holding a property reference or a nested element."""
    r = c.r
    key = r.choice(FORM_KEYS)
    tag = key_style(key, "camel")
    inner = r.choice([f"${{env.{key}}}", f"<value>${{{key.lower()}}}</value>"])
    f = c.pick_file("xml")
    c.add_to(f, Snippet([f"    <{tag}>", f"        {inner}", f"    </{tag}>"], [Mark(0, c.decoy_record("reference", "generic", "reference in an element block"), 2)]))


def fd_i18n_label(c: Corpus) -> None:
    """A translation file's labels for credentials, under keys that name a token or a key:
    UI words (of any language) and an acronym's digit (`2FA-Token`), never a secret."""
    r = c.r
    lang = r.choice(["de", "fr", "es", "nb_NO", "sv_SE"])
    token_label = r.choice(["2FA-Token", "2FA-token", "MFA-Code", "OTP-Code", "Auth-Token"])
    key_label = r.choice(["API-Schlüssel", "Clé-API", "Clave-de-API", "API-nøkkel"])
    if r.random() < 0.5:
        path = c.raw_path([f"src/i18n/{lang}.json", f"public/locales/{lang}/translation.json"])
        lines = ["{", f'  "LABEL_TWO_FACTOR_AUTH_TOKEN": "{token_label}",', f'  "api_key": "{key_label}"', "}"]
    else:
        path = c.raw_path([f"src/i18n/{lang}.ts", f"frontend/src/locales/{lang}.ts"])
        lines = [f"export const {lang.replace('_', '')} = {{", f'  LABEL_TWO_FACTOR_AUTH_TOKEN: "{token_label}",',
                 f'  API_KEY: "{key_label}",', "};"]
    marks = [(i, c.decoy_record("placeholder", "generic", "i18n label for a credential")) for i in (1, 2)]
    c.raw(path, lines, marks)



def fd_described_value(c: Corpus) -> None:
    """A value that says what belongs there instead of holding it: a scanner README's
    table with the value's middle masked (`hub2XXXoeu`), a chart's Secret holding the
    base64 of a placeholder, lowercase words naming the secret (`new_backups_s3_secret`),
    a Google Sheets document id under `spreadsheet_key`, a locale file's term opening
    with an acronym (`SMTP-Authentifizierung`)."""
    r = c.r
    lower = "abcdefghijklmnopqrstuvwxyz0123456789"
    placeholder = f"example-{r.word()}-secret"
    options = [
        ("md", f"| {r.word().capitalize()} password | `{r.s(lower, 4)}XXX{r.s(lower, 3)}` | {r.randint(1, 5)} |",
         "placeholder", "value masked in a README table"),
        ("yaml", f"        secret: {base64.b64encode(placeholder.encode()).decode()}",
         "placeholder", "base64 of a placeholder"),
        ("json", f'  "secret": "new_{r.word()}_s3_secret",', "placeholder", "lowercase words naming the secret"),
        ("py", f'        test_spreadsheet_key = "1{r.s(ALNUM + "-_", 43)}"', "identifier", "Google Sheets document id"),
        ("ini", r.choice(["auth = SMTP-Authentifizierung", "auth = SMTP-authenticatietype", "auth = LDAP-Gruppenzuordnung"]),
         "placeholder", "translated term opening with an acronym"),
    ]
    for ftype, line, category, note in options:
        decoy_line(c, ftype, line, category, "generic", note)


def fd_tree_lookalike(c: Corpus) -> None:
    """Lines of real trees under names that mention credentials, none a credential: a lock
    file's scoped package and its version range, a Basic header with an empty password
    (recorded HTTP cassettes), a Puppet module's checksum table keyed by file paths, a
    PowerShell manifest's cmdlet list, a constant's name in prose, a WebLogic Deploy
    Tooling token, a meeting's join link with its passcode, Postman's request id."""
    r = c.r
    version = f"^{r.randint(1, 9)}.{r.randint(0, 999)}.{r.randint(0, 99)}"
    meeting = r.randint(10**9, 10**11)
    options = [
        ("json", f'        "@aws-sdk/credential-provider-{r.choice(["node", "ini", "sso", "http"])}": "{version}",',
         "identifier", "scoped package and its version range"),
        ("yaml", "      - Basic YXBpOg==", "placeholder", "Basic credential with an empty password"),
        ("json", f'    "spec/unit/{r.word()}_password_spec.rb": "{r.s("0123456789abcdef", 32)}",',
         "identifier", "checksum keyed by a file path"),
        ("ini", f"token = Export-{r.choice(['Lsa', 'Win32', 'Nt'])}AuthToken", "identifier", "PowerShell cmdlet name"),
        ("md", f"password: `{r.choice(['ARGON2', 'SCRYPT', 'BCRYPT'])}_FLAG_CLEAR_PASSWORD`", "identifier", "constant name in prose"),
        ("yaml", f"    AdminPassword: '@@FILE:/u01/oracle/properties/{r.word()}.properties@@'", "reference", "WebLogic Deploy Tooling token"),
        ("md", f"* Weekly sync: [Tuesdays](https://zoom.us/j/{meeting}?pwd={r.s(ALNUM, 32)})", "identifier", "meeting join link"),
        ("json", f'    "postman-token": "{r.uuid4()}",', "identifier", "Postman request id"),
        ("json", f'        "symfony/password-hasher": "^{r.randint(5, 7)}.{r.randint(0, 4)}|^{r.randint(7, 8)}.0",',
         "identifier", "composer package and its version constraint"),
        ("json", f'        "next-auth": "{r.randint(4, 5)}.0.0-beta.{r.randint(1, 40)}",', "identifier", "pre-release version"),
        ("go", f"\tToken       apiv{r.randint(1, 3)}.Token", "identifier", "struct field and its qualified type"),
        ("cs", f'command.Parameters.Add("@{r.word()}Password", MySqlDbType.VarString, 255).Value = password;',
         "identifier", "SQL parameter and its type"),
        ("c", f"/* Creates a copy of the region identified by hrgn{r.word().capitalize()}1. */", "identifier", "prose: identified by"),
        ("md", '<pre>{&#34;message&#34;:&#34;password updated!&#34;}</pre>', "identifier", "HTML-escaped response text"),
        ("java", 'String body = "oauth_token=hh5s93j4hdidpola&oauth_token_secret=hdhd0244k9j7ao03";',
         "placeholder", "RFC 5849 sample credentials"),
        ("go", f'\tlinodeDriverChecksum := "{r.s("0123456789abcdef", 64)}"', "identifier", "checksum under a provider's name"),
        ("yaml", f'azureCredentialSecret: "cattle-global-data:cc-{r.s("bcdfghjklmnpqrstvwxz2456789", 5)}"',
         "reference", "Kubernetes Secret's generated name"),
        ("yaml", f'          value: "{r.word()}-pull-secret,{r.word()}-pull-secret"', "reference", "list of pull secrets' names"),
    ]
    for ftype, line, category, note in options:
        decoy_line(c, ftype, line, category, "generic", note)

def fd_code_and_syntax(c: Corpus) -> None:
    """Names and syntax where a credential's name leads a rule to expect its value: a
    variable assigned in code (unquoted, in Ruby, Go and TypeScript), a base class after a
    provider's name and `(`, a table of renamed settings, a URN, HTTP headers a proxy
    forwards, a list of PHP extensions under a cache key's name, a form library's
    constraints, a command-line option's name."""
    r = c.r
    w = r.word()
    options = [
        ("rb", f"    password = {w}_oauth2_access_token", "identifier", "variable assigned in code"),
        ("go", f"\tconfig.PrivateKey = key{r.choice(['RSA', 'EC', 'Ed'])}{r.choice([2048, 4096, 256])}",
         "identifier", "variable assigned in code"),
        ("ts", f"  secret: {r.choice(['Uint8Array', 'ArrayBuffer', 'KeyObject'])},", "identifier", "TypeScript type annotation"),
        ("py", f"class LinkedIn{w.capitalize()}Tests(OAuth2TestsMixin, TestCase):", "identifier", "base class after a provider's name"),
        ("md", f"|   notifier.smtp.{w}_verify_cert   |   notifier.smtp.tls.skip_{w}   |", "identifier", "renamed setting in a table"),
        ("yaml", "      grant_type: urn:ietf:params:oauth:grant-type:device_code", "identifier", "URN"),
        ("yaml", "        traefik.http.middlewares.auth.forwardAuth.authResponseHeaders: 'Remote-User,Remote-Groups,Remote-Email'",
         "identifier", "header names"),
        ("yaml", "          EXTENSIONS_KEY: phar-filter-tokenizer-mbstring-ctype-zlib-curl-openssl", "identifier", "list of extensions"),
        ("js", f"  password: 'required|min:{r.randint(6, 12)}|max:{r.randint(32, 128)}',", "identifier", "validation rules"),
        ("go", f'\t"--{w}-auth.datadog.apiKey",', "identifier", "command-line option's name"),
        ("ts", "const alchemyEnvVarExists = checkIfEnvironmentVariableExists('ALCHEMY_API_KEY')", "identifier", "function called"),
        ("ts", f"  .send({{ privateKey: '0x{r.s('0123456789abcdefABCDEF', 40)}' }})", "identifier", "Ethereum address"),
        ("env", "DROPBOX_OAUTH_KEY=dropboxoauthkey", "placeholder", "value repeating its name"),
        ("md", f"    {r.word()}_secret VARCHAR(256),", "identifier", "SQL column type"),
        ("md", f"      Sec-WebSocket-Key: {base64.b64encode(bytes(r.randint(0, 255) for _ in range(16))).decode()}",
         "identifier", "WebSocket handshake nonce"),
        ("js", f"  const secretKey = await jose.generateSecret('{r.choice(['A192CBC-HS384', 'HS512', 'A256GCM', 'PBES2-HS256+A128KW'])}')",
         "identifier", "JOSE algorithm name"),
        ("md", f"| `token` | [Flattened{r.choice(['JWE', 'JWSInput'])}](types.flattened{w}.md) |", "identifier", "link in an API table"),
        ("rb", "    `openssl enc -des-cbc -in #{unencrypted_file} -out #{encrypted_file} -k #{options[:encrypt]}`",
         "reference", "Ruby interpolation"),
        ("yaml", "      MERCURE_JWT_SECRET: '!ChangeThisMercureHubJWTSecretKey!'", "placeholder", "change-this placeholder"),
        ("md", "试一下：mysql -h localhost -u root -p，然后输入密码，输入：select 1;", "identifier", "flag before full-width punctuation"),
        ("go", f"\t{r.choice(['secret', 'token', 'key'])} {r.choice(['', '*'])}[{r.choice([16, 32])}]byte", "identifier", "Go array type"),
        ("md", f'  "accessToken": "auth{r.s(ALNUM, 2)}xxxx{r.s(ALNUM, 14)}",', "placeholder", "value masked in docs"),
        ("c", f"    // derived = pbkdf2-hmac-sha256 (pass=md4_hash, salt=utf16le({w}))", "identifier", "names joined after a password's name"),
        ("py", f"    password = {w}1+{w}2", "identifier", "expression after a password's name"),
        ("sql", f"  attr ({r.randint(1, 9)}) := attributeinfo('PASSWORD','{r.choice(['varchar2', 'nvarchar2'])}',1,1,0,1);",
         "identifier", "type name beside a password column"),
        ("py", f"    password = r'([a-f0-9]{{{r.choice([32, 40, 48])}}})'", "identifier", "regular expression"),
        ("go", f'\tsecret "github.com/{w}/{w}/tests/v2/actions/secrets"', "identifier", "Go import path"),
        ("json", f'    "illuminate/auth": "^5.2|^6|^7|^{r.randint(8, 11)}",', "identifier", "version constraints"),
        ("docker", f"ENV DOCKER_MACHINE_LINODE_CHECKSUM_{r.choice(['amd64', 'arm64'])}={r.hex(64)}", "identifier",
         "digest named for a platform"),
        ("md", f"[roadmap]: https://docs.google.com/spreadsheet/ccc?key=0A{r.s(ALNUM, 40)}&usp=sharing", "identifier",
         "shared document's id"),
        ("yaml", f"    command: etcd --name {w}1 --initial-cluster-token etcd-cluster-{r.randint(1, 9)} --initial-cluster-state new",
         "identifier", "etcd cluster label"),
        ("json", '    "whs:pw": "white-space:pre-wrap;",', "identifier", "CSS declaration"),
        ("js", f'var {w}=`${{Km}}.14`,lw="brainpoolP160r1",hw="brainpoolP160t1",pw="brainpoolP{r.choice([192, 224, 256])}t1";',
         "identifier", "elliptic curve's name"),
        ("js", "    SSECustomerKey: 'x-amz-server-side-encryption-customer-key-MD5',", "identifier", "header's name"),
        ("go", f'\tprivateKeyFile := envy.Get("JWT_PRIVATE_KEY", "test_certs/{w}-private.pem")', "identifier", "key file's path"),
        ("docker", "RUN ((find /usr/local/mysql -type f -print | xargs strip --strip-all) || true)", "identifier",
         "find action after a mysql directory"),
        ("toml", '  packages = ["aws","aws/credentials","aws/credentials/ec2rolecreds","aws/credentials/endpointcreds"]',
         "identifier", "lock file's package list"),
        ("ts", "  const assetsInChunkOrGroup = getNamesOfAssetsInChunkOrGroup(", "identifier", "called function's name"),
        ("md", "with the variables `OAUTH2_GENERIC_APP_SECRET`, `OAUTH2_GENERIC_CLIENT_SITE`, and", "identifier", "constants' names"),
        ("yaml", "      - GITLAB_SECRETS_DB_KEY_BASE=[\"long-and-random-alphanumeric-string\"]", "placeholder", "slot in brackets"),
        ("php", f"        ] = self::generateV3Key($password, '{r.choice(['Argon2id', 'Argon2i', 'PBKDF2'])}', 8192, 13, $salt);",
         "identifier", "algorithm name"),
        ("props", r.choice(["newPassword=\\u65b0\\u5bc6\\u7801", "oldPassword=\\u65e7\\u5bc6\\u7801", "MailPassword=\\u90ae\\u7bb1\\u767b\\u5f55\\u5bc6\\u7801"]),
         "identifier", "translation in a properties bundle"),
        ("json", f'    "Microsoft.AspNetCore.Authentication.OAuth": "1.0.0-rc{r.randint(1, 3)}-*",', "identifier", "version with a wildcard"),
        ("cs", '        public const string PhoneticLastName = "urn:linkedin:phoneticlastname";', "identifier", "URN"),
        ("ps1", '    Write-Host "git clone https://dnceng:`$AzureDevOpsAccessToken@dev.azure.com/dnceng/internal/_git/sdl $dir"',
         "reference", "PowerShell escaped variable"),
        ("js", "    /*if (lychee.publicMode&&password==undefined) {", "identifier", "comparison"),
        ("php", f"$db = new wpdb({w}_DB_USER, {w}_DB_PASS, {w}_DB_NAME, {w}_DB_HOST);", "identifier",
         "plugin's constants passed as arguments"),
        ("js", f"    password: '@{r.choice(['word', 'string', 'name'])}({r.randint(4, 12)})',", "placeholder", "Mock.js generator"),
        ("php", "        $request->withAddedHeader('Authorization', 'Basic fakeauthdetails');", "placeholder",
         "lowercase word after Basic"),
        ("sh", f"#mysqladmin -uroot -password {r.s(ALNUM, 4)}", "identifier", "password option with one dash"),
        ("json", f'["server/util/mkpasswd","server/v{r.randint(2, 9)}","server/vendor/github.com/{w}"]', "identifier",
         "search index's module paths"),
        ("yaml", f'  - {{not: {{have-key: "{w}{r.randint(1, 9)}"}}}}', "identifier", "matcher asking for a key"),
        ("go", f"\t\tSecret:        *{w}ScanSecret,", "reference", "dereferenced name"),
        ("go", f'\tinput: "A {w} domain without a secret: project-one-{r.randint(10000, 99999)}.{w}.app",', "identifier",
         "host's name in prose"),
        ("go", f'\tw.Header().Set("x-subject-token", "sample-header-token-{r.randint(100, 999)}")', "placeholder",
         "value saying it is a sample"),
        ("rb", "    let(:url) { 'http://Aladdin:open%20sesame@httpbingo.org/fish' }", "placeholder",
         "RFC 7617's sample credential, percent-encoded"),
        ("go", '\t\tAddHeader("Authorization", "Basic BASE64ENCODE_CLIENT_ID:CLIENT_SECRET"),', "placeholder",
         "constants' names after Basic"),
        ("md", f"<li>warns you when a {w} password can&#x27;t apply to existing data.</li>", "identifier",
         "contraction escaped in HTML prose"),
        ("c", f'#define CURRENT_PACKAGE_KEY "{w}-1.{r.randint(0, 9)}.{r.randint(0, 9)}-inplace"', "identifier", "Cabal package id"),
        ("md", f"    {w} hash-password --iterations={r.randint(2, 9)} -- 'mypass'", "identifier", "long option after a command's name"),
        ("sh", f"{w} generate --file.private-key='rsa.{r.choice([1024, 2048, 4096])}.pkcs8.pem' --sans='example.com'", "identifier",
         "key file's bare name"),
        ("go", '\t{"@collection.profiles.tokenKey", "@collection.users.tokenKey2"},', "identifier", "record's field in a filter"),
        ("js", "function f(){xa0=plotinfo.xaxis;ya0=plotinfo.yaxis;pw=xa0._length;ph=ya0._length;}", "identifier",
         "minified member"),
        ("py", f'headers = {{"Authorization": "Token wrong_token_{r.randint(100, 999)}"}}', "placeholder", "deliberately wrong token"),
        ("md", "clientSecret: AUTH_AZURE_AD_B2C_CLIENT_SECRET", "identifier", "constant's name with an acronym"),
        ("sh", f"# {w.upper()}_JWT_SECRET=super-secret-jwt-token-with-at-least-{r.choice([32, 48, 64])}-characters-long", "placeholder",
         "value stating its length"),
        ("md", f"curl -u 'http://localhost:{r.randint(3000, 9999)}/api/public/{w}' \\", "identifier", "URL after curl -u"),
        ("go", "\tSET password = ENCODE(DIGEST(password, 'sha256'), 'hex')", "identifier", "digest's name"),
        ("ts", f"  'linkedin-page': Linkedin{w.capitalize()},", "identifier", "component named for its provider"),
        ("go", f"\t\tSecret:     t{w.capitalize()}PBKDF2ClientSecret,", "identifier", "variable named for a credential"),
        ("py", f"__all__ = ['OAuth2AccessToken', '{w.capitalize()}Application']", "identifier", "list of class names"),
        ("py", f"    sp_id=settings.{w.upper()}2_SP_ID, sp_secret=settings.{w.upper()}2_SP_SECRET,", "identifier",
         "module's constant"),
        ("cs", f'    filters.Add("overlay=eof_action=pass:repeatlast={r.randint(0, 1)}");', "identifier", "FFmpeg's nested option"),
        ("cs", f'    var {w}FilterFirstPass = "vpp_rkrga=format=bgra:afbc={r.randint(0, 1)}";', "identifier", "encoder's pass"),
        ("ts", f'    placeholder: "gloas-{r.hex(64)}",', "placeholder", "form field's placeholder"),
        ("md", "Authorization: Basic ZXhhbXBsZTpleGFtcGxl # example:example", "placeholder", "Basic pair of placeholder words"),
        ("yaml", f"{w}_client_secret: bogus_secret_{r.hex(16)}", "placeholder", "value called bogus"),
        ("json", f'  "password": "ghp_FakeSeeder{w.capitalize()}2026",', "placeholder", "value called fake in camel case"),
        ("md", f'#   {w}_api_key: "AbC-dEf{r.randint(1, 9)}"', "placeholder", "alphabet typed as filler"),
        ("yaml", "SECRET_KEY_BASE: generate-with-openssl-rand-hex-64", "placeholder", "how to make the value"),
        ("yaml", f'{w}_secrets: "{w.upper()}-GHAPP-ID,{w.upper()}-GHAPP-KEY"', "identifier", "list of secrets' names"),
        ("yaml", f'rbac.authorization.{w}.run/ui-permissions: \'["system:{w}s:manage"]\'', "identifier",
         "annotation named after its domain"),
        ("toml", f"twofactor-auth = 'com.{w}.two-factor-auth:two-factor-auth:1.{r.randint(0, 9)}'", "identifier",
         "Maven coordinates"),
        ("md", f"=== TEST {r.randint(2, 9)}: set route with incorrect password - SCRAM-SHA-{r.choice([256, 512])}", "identifier",
         "SASL mechanism's name"),
        ("js", f"var {w}={{withXSRFToken:defaultToConfig2,adapter:defaultToConfig2}};", "identifier", "minified helper's name"),
        ("ts", f"    provider = create{w.capitalize()}Provider('test-api-key', 'claude-sonnet-4-{r.randint(1, 9)}')", "identifier",
         "model's name after a key"),
        ("env", "APP_KEY=SomeRandomStringOf32CharsExactly", "placeholder", "value saying what it should be"),
        ("yaml", f'initialClusterToken: "etcd-cluster-{r.choice(["k8s", "01", "v3"])}"', "identifier", "etcd's cluster label"),
        ("py", f'    ("GEMINI_API_KEY", "gemini/gemini-2.{r.randint(0, 9)}-pro-exp-0{r.randint(1, 9)}-2{r.randint(0, 9)}"),', "identifier",
         "model's name paired with a key's name"),
        ("ts", f"export function convertApiConfigurationTo{w.capitalize()}(config: ApiConfiguration): {w.capitalize()} {{", "identifier",
         "type annotation after a provider's name"),
        ("yaml", f'repo_secrets: "PUBLIC_KEY={w}-signing-key:public_key"', "identifier",
         "one assignment naming a public value under a secrets' key"),
        ("ini", f"dns_{w}_token = {''.join(ch * 4 for ch in '0123456789abcdef')}", "placeholder", "counting in runs"),
        ("env", f"{w.upper()}_SECRET=ch4n63m31fy0uc4n", "placeholder", "placeholder in look-alike digits"),
        ("sql", f"CREATE USER '{w}'@'localhost' IDENTIFIED BY 'YourPwdShouldBeLongAndSecure!';", "placeholder",
         "value addressing its reader"),
    ]
    for ftype, line, category, note in options:
        decoy_line(c, ftype, line, category, "generic", note)


def fd_tables_and_manifests(c: Corpus) -> None:
    """A Helm chart's README parameter table (dotted parameters whose last part names no
    credential), a package manifest's and a pnpm lock file's dependency tables (package
    names that say `auth`), SonarQube's rule and resource keys, a Compose file's
    passwords that are sentences telling to change them."""
    r = c.r
    w = r.word()
    identifier = lambda note: c.decoy_record("identifier", "generic", note)
    readme = ["## Parameters", "", "| Name | Description | Value |", "| ---- | ----------- | ----- |",
              "| `auth.sasl.mechanisms` | SASL mechanisms | `plain,scram-sha-256,scram-sha-512` |",
              f"| `authProxy.image.repository` | OAuth2 Proxy image repository | `bitnami/{w}-proxy` |",
              f"| `auth.sasl.jaas.clientUsers` | Client users | `[\"{w}\"]` |"]
    c.raw(c.raw_path(["charts/{w}/README.md"]), readme,
          [(i, identifier("Helm parameter table")) for i in (4, 5, 6)])
    manifest = ["{", f'  "name": "{w}",', '  "dependencies": {', f'    "{w}-auth-core": "workspace:^0.{r.randint(0, 9)}.{r.randint(1, 9)}",',
                f'    "next-auth-token": "link:../../packages/{w}"', "  }", "}"]
    c.raw(c.raw_path(["packages/{w}/package.json"]), manifest,
          [(3, identifier("workspace dependency")), (4, identifier("linked dependency"))])
    peer = "".join(r.choice("abcdefghijklmnopqrstuvwxyz234567") for _ in range(26))
    lock = ["importers:", "  apps/dev:", "    dependencies:", "      next-auth-core: link:../../packages/core",
            f"      next-auth: 4.{r.randint(10, 24)}.{r.randint(0, 9)}_{peer}"]
    c.raw(c.raw_path(["pnpm-lock.yaml"]), lock,
          [(3, identifier("pnpm linked dependency")), (4, identifier("pnpm version with peer hash"))])
    sonar = [f"sonar.projectKey={w}", "sonar.issue.ignore.multicriteria.e1.ruleKey=go:S2068",
             f"sonar.issue.ignore.multicriteria.e1.resourceKey=**/internal/{w}/**/*"]
    c.raw(c.raw_path(["sonar-project.properties"]), sonar,
          [(1, identifier("linter rule key")), (2, identifier("linter resource glob"))])
    compose = ["services:", "  db:", "    environment:", "      - MYSQL_PASSWORD=You_Should_Probably_Override_This",
               "      - MYSQL_ROOT_PASSWORD=Unencrypted_Credentials_At_Rest"]
    c.raw(c.raw_path(["docker-compose.yml", "deploy/docker-compose.yml"]), compose,
          [(3, c.decoy_record("placeholder", "generic", "sentence telling to override")),
           (4, c.decoy_record("placeholder", "generic", "sentence naming credentials"))])
    digest = lambda: "".join(r.choice("0123456789abcdef") for _ in range(32))
    lock = ["version: 1", "checksums:", f"  {digest()}:", f"    forgot_password: {digest()}",
            f"    label_api_key: {digest()}", f"    update_credentials: {digest()}"]
    c.raw(c.raw_path(["i18n.lock", "apps/web/i18n.lock"]), lock,
          [(i, c.decoy_record("hash", "generic", "message digest in a lock file")) for i in (3, 4, 5)])
    bundle = ["{", '  "settings.media.s3.secret": "AWS-toegangssleutelgeheim",',
              '  "settings.mailserver.authProtocol": "Autentifizierungsprotokoll",', "}"]
    c.raw(c.raw_path(["i18n/nl.json", "frontend/src/locales/de.json"]), bundle,
          [(1, identifier("translated message")), (2, identifier("translated message"))])
    legacy = ["| Legacy key | Environment variable |", "| ---------- | -------------------- |",
              "| `secret` | `APP_SECRET` |", f"| `{w}_*` | `{w.upper()}_URL` |"]
    c.raw(c.raw_path(["docs/admin/parameters.md"]), legacy, [(3, identifier("glob of settings' names"))])


def fd_apple_metadata(c: Corpus) -> None:
    """App Store Connect's asset tokens (a media file's path under a token's name) and an
    Xcode workspace's source-control blueprint (UUIDs under keys named `…IdentifierKey`)."""
    r = c.r
    token = (f"Purple{r.randint(1, 99)}/v4/{r.hex(2)}/{r.hex(2)}/{r.uuid4()}"
             f"/mzl.{r.s(LOWER, 8)}.{r.choice(['png', 'jpg', 'mov'])}")
    fixture = ["{", f'  "assetToken": "{token}",', f'  "sortOrder": {r.randint(0, 9)}', "}"]
    c.raw(c.raw_path(["spec/fixtures/app_summary.json", "spec/tunes/fixtures/{w}_version.json"]), fixture,
          [(1, c.decoy_record("identifier", "generic", "media file's path under a token's name"))])
    ident = r.uuid4().upper()
    blueprint = ["{", f'  "DVTSourceControlWorkspaceBlueprintIdentifierKey" : "{ident}",',
                 '  "DVTSourceControlWorkspaceBlueprintNameKey" : "Example",', '  "DVTSourceControlWorkspaceBlueprintVersion" : 204', "}"]
    c.raw(c.raw_path(["Example.xcodeproj/project.xcworkspace/xcshareddata/Example.xcscmblueprint"]), blueprint,
          [(1, c.decoy_record("identifier", "generic", "dictionary key naming an identifier"))])


def fd_test_snapshot(c: Corpus) -> None:
    """A cloud emulator's test snapshot: numbered slots where tokens were (`<token:1>`), a
    generated map of numbered keys, a CloudFormation parameter list whose secret is a value
    that names itself, and a template's value typed three times."""
    r = c.r
    w = r.word()
    n = r.randint(1, 9)
    snapshot = ["{", f'  "test_{w}_subscription": {{', f'    "Token": "<token:{n}>",',
                f'    "AWS_SECRET_KEY": "<aws-secret-access-key:{n}>",', f'    "{n}_key": "{n}_value",',
                '    "Parameters": [', f'      {{"ParameterKey": "Topic{n}Name", "ParameterValue": "{w}-topic"}},',
                f'      {{"ParameterKey": "SecretParameter", "ParameterValue": "NewSecretValue{n}"}}', "    ]", "  }", "}"]
    slot = lambda note: c.decoy_record("placeholder", "generic", note)
    c.raw(c.raw_path(["tests/aws/services/{w}/test_{w}.snapshot.json"]), snapshot,
          [(2, slot("numbered slot in a test snapshot")), (3, slot("numbered slot in a test snapshot")),
           (4, c.decoy_record("identifier", "generic", "numbered key of a generated map")),
           (6, c.decoy_record("identifier", "generic", "CloudFormation parameter's name")),
           (7, slot("value naming itself"))])
    unit = f"test{r.randint(100, 999)}"
    template = ["Resources:", "  ApiKey:", "    Type: AWS::ApiGateway::ApiKey", "    Properties:",
                f"      Value: {unit * 3}"]
    c.raw(c.raw_path(["tests/aws/templates/{w}_api_key.yml"]), template, [(4, slot("unit typed three times"))])


def ident_decoy(c: Corpus, note: str):
    """A decoy record for a name or an identifier where a value was expected."""
    return c.decoy_record("identifier", "generic", note)


def fd_mobile_and_shop_tests(c: Corpus) -> None:
    """A mobile client's and a shop plugin's code and tests: a provider's name read across
    camelCase words (`queryPostsInChannel` holds `sInCh`), SASL's OAUTHBEARER response, a
    character set beside a password, a purchase key, a test hash pasted twice, a mock value
    naming itself, a documented TOTP seed in lowercase, a Firebase Storage download link and a
    tokenizer's special tokens in a notebook."""
    r = c.r
    w = r.word()
    ts = [f"import {{queryPostsInChannel, queryPostsInThread}} from '@queries/servers/{w}';",
          f"const usersInChannel = await fetchProfilesInChannel(serverUrl, channelId);",
          f'expect("AUTH OAUTHBEARER {base64.b64encode(f"n,a=user,{chr(1)}auth=Bearer {w}-token{chr(1)}{chr(1)}".encode()).decode()}")',
          "const header = HttpCredentialEncoder.encode(username, password, \"ISO-8859-1\");"]
    c.raw(c.raw_path(["app/actions/remote/{w}.test.ts"]), ts,
          [(0, ident_decoy(c, "provider name across camelCase words")), (1, ident_decoy(c, "provider name across camelCase words")),
           (2, ident_decoy(c, "SASL OAUTHBEARER mechanism")), (3, ident_decoy(c, "character set beside a password"))])
    digest = r.hex(32)
    php = ["<?php", f"class Tests_{w.capitalize()}_Orders extends EDD_UnitTestCase {{", "    public function test_order() {",
           f"        $order = edd_add_order( array( 'purchase_key' => '{r.hex(32)}', 'status' => 'complete' ) );",
           f"        $log = edd_add_api_request_log( array( 'api_key' => '{digest}{digest}' ) );",
           f"        $method = new PaymentMethod( array( 'token' => '{r.choice(['card', 'paypal', 'new_card'])}_token_{r.randint(100, 999)}' ) );",
           f"        $secret = base64_decode( '{base64.b64encode(b'password' + chr(10).encode()).decode()}' );", "    }", "}"]
    c.raw(c.raw_path(["tests/orders/tests-{w}-orders.php"]), php,
          [(3, ident_decoy(c, "an order's purchase key")), (4, c.decoy_record("placeholder", "generic", "test hash pasted twice")),
           (5, c.decoy_record("placeholder", "generic", "words and a test's counter")),
           (6, c.decoy_record("placeholder", "generic", "base64 of a word and echo's line break"))])
    src = ["from transformers import PreTrainedTokenizerFast\n", "wrapped = PreTrainedTokenizerFast(\n", "    tokenizer_object=tokenizer,\n",
           "    bos_token=\"<|endoftext|>\",\n", "    eos_token=\"<|endoftext|>\",\n", "    pad_token=\"[PAD]\",\n", ")\n"]
    lines = notebook_lines([{"cell_type": "code", "execution_count": r.randint(1, 9), "metadata": {}, "outputs": [], "source": src}])
    c.raw(c.raw_path(["notebooks/{w}-tokenizer.ipynb"]), lines,
          [(next(i for i, l in enumerate(lines) if "bos_token" in l), ident_decoy(c, "a tokenizer's special token"))])
    kt = [f"    private const val SIGNING_KEY: String = \"mockWrappedSigningKey-{r.randint(1, 9)}\"",
          f"    val validCode = \"otpauth://totp/Test:me?secret=JBSWY3dpeHPK3PXP\"",
          f'    imageUrl: "https://firebasestorage.googleapis.com/v0/b/{w}-demo.appspot.com/o/movie%2F{w}.jpeg?alt=media&token={r.uuid4()}"']
    c.raw(c.raw_path(["app/src/test/kotlin/com/acme/{w}/SettingsViewModelTest.kt"]), kt,
          [(0, c.decoy_record("placeholder", "generic", "mock value naming itself")),
           (1, c.decoy_record("placeholder", "otp", "documented seed in lowercase")),
           (2, ident_decoy(c, "Firebase Storage download link"))])


def fd_proxy_and_iac_configs(c: Corpus) -> None:
    """A proxy's and an infrastructure repository's configs: Kubernetes Secrets named under
    `secret:` in a list of CA bundles, an error listing the variables a program reads, a
    sample object whose values are named for their keys, and a CLI's test fixture tokens
    spelled from a user's name."""
    r = c.r
    w = r.word()
    yml = ["apiVersion: traefik.io/v1alpha1", "kind: ServersTransportTCP", "metadata:", f"  name: {w}-transport",
           "spec:", "  tls:", "    rootCAs:", f"      - secret: root-ca{r.randint(1, 9)}", f"      - secret: {w}-ca-{r.randint(1, 9)}"]
    c.raw(c.raw_path(["pkg/provider/kubernetes/crd/fixtures/{w}_transport.yml"]), yml,
          [(7, ident_decoy(c, "Kubernetes Secret's name")), (8, ident_decoy(c, "Kubernetes Secret's name"))])
    go = ["package main", "", "func main() {", "\tif os.Getenv(\"OVH_APPLICATION_KEY\") == \"\" {",
          '\t\tlog.Fatal("OVH_APPLICATION_SECRET, OVH_APPLICATION_KEY, OVH_SERVICE_NAME, OVH_CONSUMER_KEY must be set")', "\t}", "}"]
    c.raw(c.raw_path(["ovhcloud-go-{w}/main.go"]), go, [(4, ident_decoy(c, "constants' names after a provider's keyword"))])
    stem = f"part{r.randint(1, 9)}{r.choice('abc')}"
    pulumi = [f"name: {w}-objects", "runtime: yaml", "variables:", "  sample:", f"    {stem}Key: \"{stem}Value\""]
    c.raw(c.raw_path(["yaml-{w}-objects/Pulumi.yaml"]), pulumi, [(4, c.decoy_record("placeholder", "generic", "value named for its key"))])
    push = ["apiVersion: external-secrets.io/v1alpha1", "kind: PushSecret", "spec:", "  data:", "    - match:",
            f"        secretKey: source-key{r.randint(1, 9)}", "        remoteRef:", f"          remoteKey: {w}/remote-key"]
    c.raw(c.raw_path(["docs/snippets/{w}-pushsecret.yaml"]), push, [(5, ident_decoy(c, "a Secret's key named"))])
    user = f"{r.word()}{r.randint(2, 9)}"
    test = ["\twant := map[string]string{", f'\t\t"oauth_token": "{user}-token",', f'\t\t"active_token": "inactive-user-{r.randint(2, 9)}-token",', "\t}"]
    c.raw(c.raw_path(["pkg/cmd/auth/{w}/{w}_test.go"]), test,
          [(1, c.decoy_record("placeholder", "generic", "fixture user's token")), (2, c.decoy_record("placeholder", "generic", "fixture user's token"))])


def fd_training_app_code(c: Corpus) -> None:
    """A training application's and an Elixir app's code: a Java object serialized in base64
    beside a token's name, a value naming itself in capitals with a counter, and a password
    set to a function capture."""
    r = c.r
    w = r.word()
    payload = base64.b64encode(bytes.fromhex("aced0005740056") + f"If you deserialize me down, {w} shall rise".encode()).decode()
    java = [f"class {w.capitalize()}DeserializeTest {{", "  @Test", "  void success() {",
            f'    String token = "{payload}";', f'    static final String LEAKED_API_KEY = "INTERNAL-API-KEY-{r.randint(100, 999)}";', "  }", "}"]
    c.raw(c.raw_path(["src/test/java/org/acme/{w}/DeserializeTest.java"]), java,
          [(3, ident_decoy(c, "Java serialized object")),
           (4, c.decoy_record("placeholder", "generic", "value naming itself in capitals"))])
    exs = ["password = &Bcrypt.hash_pwd_salt/1", "", f"{w} = insert(:user, username: \"{w}\", password: password.(\"{w}\"))"]
    c.raw(c.raw_path(["priv/repo/{w}_seeds.exs"]), exs, [(0, ident_decoy(c, "function capture"))])
    pages = [json.dumps([{"name": f"{w.capitalize()}Table", "searchKeys": [f"{w.capitalize()}Table", f"org.acme.{w}.{w.capitalize()}Table",
                                                                           f"org.acme.{w}.{w.capitalize()}Table.{r.word()}Column"]}])]
    c.raw(c.raw_path(["docs/api/scripts/{w}-pages.json"]), pages, [(0, ident_decoy(c, "a documentation index's search keys"))])


def fd_admin_app_tests(c: Corpus) -> None:
    """An admin application's and a password manager's tests: passwords typed from
    metasyntactic words and counting digits (`fooBarFoo123`, `asdf1234`, `test123TEST`), a
    vault item's field encrypted in Bitwarden's notation, and a recovery code's description
    with a test's counter."""
    r = c.r
    w = r.word()
    typed = [r.choice(["foo", "Foo", "FOO"]) + r.choice(["bar", "Bar", "BAR"]) + r.choice(["", "foo", "Baz"]) + "123",
             "asdf" + "1234"[: r.randint(3, 4)], "test123" + r.choice(["TEST", "test", "abc"]), "qwerty" + "12345"[: r.randint(3, 5)]]
    py = [f"class {w.capitalize()}ViewTestCase(TestCase):", "    def test_change_password(self):",
          f"        data['password'] = '{typed[0]}'", f"        data['confirm_password'] = '{typed[0]}'",
          f"        bearer_token = \"{typed[1]}\"", f"        TEST_PASS = \"{typed[2]}\"", f"        self.client.login(password='{typed[3]}')"]
    c.raw(c.raw_path(["{w}/tests/test_views.py"]), py,
          [(i, c.decoy_record("placeholder", "generic", "metasyntactic words and counting digits")) for i in range(2, 7)])
    def b64(n: int) -> str:
        return base64.b64encode(r.bytes(n)).decode()
    cs = [f"public class {w.capitalize()}ControllerTests", "{",
          f"    private const string _masterPasswordWrappedKey = \"2.{b64(16)}|{b64(32)}|{b64(32)}\";",
          f"    private const string _userKey = \"2.{b64(16)}|{b64(48)}|{b64(32)}\";",
          f"    tokenRequest.Raw[\"TwoFactorToken\"] = \"valid-recovery-code-{'12345'[: r.randint(3, 5)]}\";", "}"]
    c.raw(c.raw_path(["test/Api.Test/{w}/ControllerTests.cs"]), cs,
          [(2, ident_decoy(c, "ciphertext in Bitwarden's notation")), (3, ident_decoy(c, "ciphertext in Bitwarden's notation")),
           (4, c.decoy_record("placeholder", "generic", "a recovery code's description with a counter"))])



def fd_object_store_tests(c: Corpus) -> None:
    """An object store's and an SDK's tests and a notebook: a presigned request's credential
    scope, a signed request's query string whose credential is a word, a sealed (encrypted)
    object key, a test's word and counter as an API key, and an audio clip in base64 that
    holds a refresh token's opening."""
    r = c.r
    w = r.word()
    key_id = "".join(r.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") for _ in range(20))
    sealed = base64.b64encode(b" \x00\x1f" + r.bytes(61)).decode()
    go = [f"func Test{w.capitalize()}PostPolicy(t *testing.T) {{",
          f'\tformVals.Set("X-Amz-Credential", "{key_id}/2016{r.randint(10, 12)}{r.randint(10, 28)}/us-east-1/s3/aws4_request")',
          '\t{"", "X-Amz-Credential=random&X-Amz-Content-Sha256=" + unsignedPayload, unsignedPayload},',
          f'\t"X-Minio-Internal-Server-Side-Encryption-Sealed-Key": "{sealed}",', "}"]
    c.raw(c.raw_path(["cmd/{w}_test.go"]), go,
          [(1, ident_decoy(c, "a presigned request's credential scope")), (2, ident_decoy(c, "a query string's next parameter")),
           (3, ident_decoy(c, "a sealed object key"))])
    py = ["client = StripeClient(", f'    api_key="{r.choice(["keyinfo", "account", "client"])}_test_{r.randint(100, 999)}",', ")"]
    c.raw(c.raw_path(["tests/test_{w}_client.py"]), py, [(1, c.decoy_record("placeholder", "generic", "a test's word and counter"))])
    letters = "".join(r.choice(string.ascii_letters + string.digits) for _ in range(56))
    audio = base64.b64encode(b"RIFF" + r.bytes(56)).decode() + "AAA+1//0" + letters + base64.b64encode(r.bytes(30)).decode()
    nb = [json.dumps({"cells": [{"cell_type": "code", "outputs": [{"data": {"text/html": [f'<audio controls><source src="data:audio/x-wav;base64,{audio}" type="audio/x-wav"></audio>']}}]}]})]
    c.raw(c.raw_path(["notebooks/{w}_live_api.ipynb"]), nb, [(0, ident_decoy(c, "an audio clip in base64"))])



def fd_workflow_tool_configs(c: Corpus) -> None:
    """A workflow tool's project and tests: entry points naming the settings that hold
    secrets, a task's computed key, a value saying where the key goes, a credential's words
    in look-alike digits parted by `-`, and a passphrase's description with a count."""
    r = c.r
    w = r.word()
    toml = ["[project.entry-points.\"%s.state_backends\"]" % w,
            f's3_aws_secret_access_key = "{w}.core.state_store.s3.settings:AWS_SECRET_ACCESS_KEY"',
            f'google_application_credentials = "{w}.core.state_store.google.settings:APPLICATION_CREDENTIALS"']
    c.raw(c.raw_path(["pyproject.toml"]), toml, [(1, ident_decoy(c, "an entry point")), (2, ident_decoy(c, "an entry point"))])
    py = [f"def test_{w}_recorder():", f'    run = {{"dynamic_key": "add-{r.hex(8)}-{r.hex(32)}"}}',
          f'    PREFECT_API_KEY = "{r.choice(["123abc", "abc123", "xyz"])}_my_api_key_goes_here"',
          f'    store.set("password", ["password"], "{r.choice(["s3cret-value", "t0ken-value", "s3cret_key"])}", setting_def)',
          f'    passphrase = "randompassphrase{"123456"[: r.randint(3, 6)]}"']
    c.raw(c.raw_path(["tests/test_{w}_recorder.py"]), py,
          [(1, ident_decoy(c, "a task's computed key")), (2, c.decoy_record("placeholder", "generic", "where the value goes")),
           (3, c.decoy_record("placeholder", "generic", "a credential's words in look-alike digits")),
           (4, c.decoy_record("placeholder", "generic", "a passphrase's description with a count"))])



def fd_messaging_server_code(c: Corpus) -> None:
    """A messaging server's and a mail suite's code: a JCA algorithm's name beside a key, a
    test key that spells its size, an OAuth server's error pointing at an RFC section, and
    a translation bundle named `lang.<tag>.json`."""
    r = c.r
    w = r.word()
    java = [f"final class {w.capitalize()}Checksum {{",
            f'  mac.init(new SecretKeySpec(accessKey, "{r.choice(["HmacSHA256", "HmacSHA1", "HmacSHA512"])}"));',
            f'  private static final byte[] ACCESS_KEY = "{r.choice(["sixteenbytes", "thirtytwobytes"])}1234".getBytes(UTF_8);', "}"]
    c.raw(c.raw_path(["src/main/java/org/acme/{w}/Checksum.java"]), java,
          [(1, ident_decoy(c, "a JCA algorithm's name")), (2, c.decoy_record("placeholder", "generic", "a key that spells its size"))])
    php = ["<?php", f"class {w.capitalize()}TokenController {{",
           "    $response->setError(405, 'invalid_request', 'The request method must be POST when requesting an access token', '#section-3.2');", "}"]
    c.raw(c.raw_path(["src/OAuth2/Controller/{w}TokenController.php"]), php, [(2, ident_decoy(c, "an RFC section's anchor"))])
    lang = [json.dumps({"fido2_auth": "使用FIDO2登录", "api_key_label": "API 密钥 v2"}, ensure_ascii=False, indent=2)]
    c.raw(c.raw_path(["data/web/lang/lang.zh-cn.json"]), lang[0].split("\n"), [(1, ident_decoy(c, "a translation bundle's text"))])


def fd_device_and_lab_configs(c: Corpus) -> None:
    """A monitoring server's MySQL dump, a Salt formula, a vulnerable-lab compose file, an
    Ethereum project's config and a home-automation device's: a SQL column list naming
    passphrases, a debconf question's name, a word typed over and over to make a secret
    long, a failed login's `-pwrong` and Hardhat's first development key; and, planted, a
    Xiaomi sensor's bindkey in an ESPHome config."""
    r = c.r
    w = r.word()
    esphome = ["sensor:", "  - platform: xiaomi_lywsd03mmc", f'    mac_address: "A4:C1:38:{r.hex(2).upper()}:{r.hex(2).upper()}:{r.hex(2).upper()}"',
               f"    bindkey: {r.hex(32)}"]
    c.raw(c.raw_path(["esphome/{w}-sensor.yaml"]), esphome, [(3, c.planted_record(KINDS["generic.api-key"], "yaml"))])
    sql = ["INSERT INTO `items` (`itemid`,`snmpv3_securitylevel`,`snmpv3_authpassphrase`,`snmpv3_privpassphrase`,`formula`,`password`,`publickey`) "
           f"values ('{r.randint(10000, 99999)}','0','','','1','','');"]
    c.raw(c.raw_path(["database/{w}/003_data.sql"]), sql, [(0, ident_decoy(c, "a SQL statement's column names"))])
    sls = ["{%- if mysql.serverpkg.startswith('percona') %}",
           f"{{%-     set debconf_root_password = '{r.choice(['percona-server-server-5.7', 'percona-server-server', 'mysql-server'])}/root-pass' %}}",
           "{%- endif %}"]
    c.raw(c.raw_path(["{w}/server.sls"]), sls, [(1, ident_decoy(c, "a debconf question's name"))])
    word = r.choice(["long", "very", "super"])
    compose = ["services:", "  gitlab:", "    environment:", f"      - GITLAB_SECRETS_OTP_KEY_BASE={'-'.join([word] * r.randint(3, 6))}-secret-key-is-her3",
               f"      - GITLAB_SECRETS_DB_KEY_BASE={word}_{word}_{word}_{word}_db_key"]
    c.raw(c.raw_path(["gitlab/{w}/docker-compose.yml"]), compose,
          [(3, c.decoy_record("placeholder", "generic", "a word typed over and over")),
           (4, c.decoy_record("placeholder", "generic", "a word typed over and over"))])
    md = ["```", "for i in `seq 1 1000`; do mysql -uroot -pwrong -h your-ip -P3306 ; done", "```"]
    c.raw(c.raw_path(["mysql/{w}/README.md"]), md, [(1, c.decoy_record("placeholder", "generic", "a failed login's wrong password"))])
    ts = ["const deployerPrivateKey =",
          f'  process.env.DEPLOYER_PRIVATE_KEY ?? "{r.choice(["0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80", "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d"])}";']
    c.raw(c.raw_path(["packages/hardhat/hardhat.config.ts"]), ts, [(1, c.decoy_record("placeholder", "generic", "a development chain's published key"))])


def fd_vault_guides(c: Corpus) -> None:
    """A Vault tutorial's files: an audit log, where every secret value is written as its
    HMAC (`hmac-sha256:…`), and a policy test's client secret counting in runs of one
    letter (`AAAAbbbb-cccc-…`); and, planted, the token a runbook revokes with the CLI and
    a dev root token read from the environment with a UUID as its fallback; a Spring
    authorization server's `{noop}` client secrets, one a name of words (a decoy), one
    generated (planted)."""
    r = c.r
    w = r.word()
    hmac = lambda: "hmac-sha256:" + r.hex(64)
    log = ['{"time":"2020-04-30T14:27:10.6656485Z","type":"request","auth":{"client_token":"' + hmac() + '","accessor":"' + hmac()
           + '","display_name":"root","policies":["root"]},"request":{"operation":"update","path":"auth/userpass/users/' + w
           + '","data":{"password":"' + hmac() + '"},"remote_address":"10.10.42.222"}}']
    c.raw(c.raw_path(["monitoring-troubleshooting/{w}/vault-audit.log"]), log, [(0, c.decoy_record("hash", "vault", "a Vault audit log's HMAC of a secret"))])
    start = r.randint(0, 18)
    letters = [chr(ord("a") + start + i) for i in range(8)]
    runs = letters[0].upper() * 4 + letters[1] * 4 + "-" + "-".join(ch * 4 for ch in letters[2:5]) + "-" + "".join(ch * 4 for ch in letters[5:])
    test = ["{", '  "data": {', f'    "client_id": "{r.uuid4()}",', f'    "client_secret": "{runs}"', "  }", "}"]
    c.raw(c.raw_path(["governance/test/{w}/fail-kv-v2.json"]), test, [(3, c.decoy_record("placeholder", "generic", "a client secret counting in runs of one letter"))])
    md = ["```shell", "$ vault token revoke " + secret_value(lambda: KINDS["vault.legacy-token"].gen(r)), "Success! Revoked token (if it existed)", "```"]
    c.raw(c.raw_path(["identity/{w}/README.md"]), md, [(1, c.planted_record(KINDS["vault.legacy-token"], "md"))])
    ts = [f"const vaultDevRootTokenId = process.env.VAULT_DEV_ROOT_TOKEN_ID || '{r.uuid4()}';"]
    c.raw(c.raw_path(["src/clients/{w}-vault.ts"]), ts, [(0, c.planted_record(KINDS["vault.uuid-token"], "ts:assign"))])
    # Spring Authorization Server's registered clients: `{noop}` marks a password stored
    # as typed, and what follows is judged (a name of words, or a generated secret).
    spring = ["spring:", "  security:", "    oauth2:", "      authorizationserver:", "        client:", "          oidc-client:",
              "            registration:", f'              client-id: "{w}-client"',
              f'              client-secret: "{{noop}}{r.choice(["openid-connect", "with-messages", "secret"])}"',
              "          messaging-client:", "            registration:", '              client-id: "messaging-client"',
              f'              client-secret: "{{noop}}{secret_value(lambda: r.s(ALNUM, 24))}"']
    c.raw(c.raw_path(["authorization-server/src/main/resources/{w}-application.yml"]), spring,
          [(8, c.decoy_record("placeholder", "generic", "a {noop} client secret that is a name of words")),
           (12, c.planted_record(KINDS["generic.password"], "yaml"))])


def fd_quickstarts_and_dumps(c: Corpus) -> None:
    """An identity server's quickstart and a web app's database dump: planted, an HMAC
    secret after a long option whose name holds a cursor's name before the secret's, in a
    script's quoted argument list ending in `;`; decoys, a password read by a command
    substitution (`redis-cli -a \`kubectl get secret …\``), a dump's applied migrations
    (`'credentials','0004_…'`) and an HTTP header's name in mixed-case words."""
    r = c.r
    w = r.word()
    key = secret_value(lambda: r.b64(32))
    script = ["#!/bin/bash", 'SERVER_ARGS="--http-port=8180"',
              f'SERVER_ARGS="$SERVER_ARGS --spi-action-token-handler--external-app-notification--hmac-secret={key}";',
              'exec ./bin/kc.sh start-dev $SERVER_ARGS']
    c.raw(c.raw_path([".github/scripts/start-{w}-server.sh"]), script, [(2, c.planted_record(KINDS["generic.token"], "sh:flag"))])
    md = ["```shell", "kubectl exec statefulset/redis-master -c redis -- redis-cli -a "
          f"`kubectl get secret {w}-redis -o go-template='{{{{index .data \"redis-password\" | base64decode}}}}'` llen celery", "```"]
    c.raw(c.raw_path(["docs/upgrading/{w}.md"]), md, [(1, c.decoy_record("reference", "generic", "a password read by a command substitution"))])
    app = r.choice(["credentials", "secrets", "tokens"])
    name = f"000{r.randint(2, 9)}_{r.choice(['notify', 'remove', 'alter'])}{app}{r.choice(['config', '_field', '_index'])}"
    dump = [f"INSERT INTO `django_migrations` VALUES (421,'{app}','0001_initial','2023-02-21 13:28:08.094382'),"
            f"(422,'{app}','{name}','2023-02-21 13:28:09.009955');"]
    c.raw(c.raw_path(["{w}app.sql"]), dump, [(0, c.decoy_record("identifier", "generic", "a dump's applied migration under an app named for credentials"))])
    java = [f"public class {w.capitalize()}Renderer {{",
            f'    public static final String CONSOLE_WIDTH_HEADER_KEY = "X-{w.capitalize()}Mock-Console-Width";', "}"]
    c.raw(c.raw_path(["src/main/java/com/{w}/ConsoleRenderer.java"]), java,
          [(1, c.decoy_record("identifier", "generic", "an HTTP header's name in capitalised words"))])


def fd_scrubbed_events_and_lookups(c: Corpus) -> None:
    """An SDK's tests of its event scrubber and a Vault runbook: planted, the token `vault
    token lookup` prints as its table's `id` row; decoys, what a scrubber leaves in a
    value's place (`[Filtered]` as a URL's user info, `%5BFiltered%5D` in a query)."""
    r = c.r
    w = r.word()
    token = secret_value(lambda: KINDS["vault.legacy-token"].gen(r))
    lookup = ["```", "$ vault token lookup", "Key                 Value", "---                 -----",
              f"accessor            {r.uuid4()}", f"creation_time       {r.randint(1500000000, 1700000000)}",
              "display_name        token", f"id                  {token}", "ttl                 767h59m49s", "```"]
    c.raw(c.raw_path(["runbooks/{w}/token-lookup.md"]), lookup, [(7, c.planted_record(KINDS["vault.legacy-token"], "md:table"))])
    scrubbed = [f"def test_{w}_scrubs_urls():",
                '    assert sanitize("ftp://user:pw@ftp.example.com") == "ftp://[Filtered]:[Filtered]@ftp.example.com"',
                f'    assert event["query_string"] == "token=%5BFiltered%5D&theme=dark&session=%5BFiltered%5D"']
    c.raw(c.raw_path(["tests/test_{w}_scrubber.py"]), scrubbed,
          [(1, c.decoy_record("placeholder", "generic", "a scrubber's mask as a URL's user info")),
           (2, c.decoy_record("placeholder", "generic", "a scrubber's mask in a query string"))])


FORMAT_DECOYS = [fd_wp_sample, fd_wp_env, fd_filezilla_empty, fd_htpasswd_short, fd_bcrypt_short, fd_sha_wrong_length, fd_cisco_short_salt,
                 fd_shadow_locked, fd_dollar_args, fd_hashcat_table, fd_curl_user_ref, fd_sshpass_ref, fd_tool_password_ref, fd_mysql_prompt, fd_netrc_ref,
                 fd_django, fd_rails, fd_laravel, fd_sidekiq, fd_kubeadm, fd_truenas, fd_thingsboard, fd_query, fd_windows, fd_jenkins,
                 fd_identity_token, fd_tf_variable, fd_base64_public, fd_near_formats, fd_segment_id, fd_makefile, fd_php_append, fd_go_typed_var,
                 fd_json_env, fd_wrapped_lookup, fd_xml_block, fd_har_cookies, fd_pgp_fingerprint, fd_otpauth_example, fd_i18n_label,
                 fd_described_value, fd_tree_lookalike, fd_code_and_syntax, fd_tables_and_manifests,
                 fd_apple_metadata, fd_test_snapshot, fd_mobile_and_shop_tests, fd_proxy_and_iac_configs, fd_training_app_code,
                 fd_admin_app_tests, fd_object_store_tests, fd_workflow_tool_configs,
                 fd_messaging_server_code, fd_device_and_lab_configs, fd_vault_guides, fd_quickstarts_and_dumps,
                 fd_scrubbed_events_and_lookups]


# ---------------------------------------------------------------------------------------
# Rules: enumerate ids/providers and map them to generators
# ---------------------------------------------------------------------------------------


# Rules for keys that are public by design (shipped to browsers / apps): the corpus plants
# them as decoys, never as secrets.
PUBLIC_KEY_RULES = r"publishable-key|posthog\.project|mailgun\.public|newrelic\.browser"


def load_rules(rules_dir: Path) -> list[dict]:
    rules = []
    if not rules_dir.is_dir():
        return rules
    for path in sorted(rules_dir.glob("*.toml")):
        try:
            data = tomllib.loads(path.read_text())
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
            print(f"warning: {path}: {e}", file=sys.stderr)
            continue
        for rule in data.get("rules", []):
            rules.append({"id": rule.get("id", ""), "provider": rule.get("provider", ""), "kind": rule.get("kind", "provider_secret"),
                          "file": path.name})
    return rules


def kind_matches_rule(kind: Kind, rule_id: str) -> bool:
    hint = kind.rule_hint or rf"^vp\.{re.escape(kind.provider)}\."
    return re.search(hint, rule_id) is not None


def check_structured(out: Path, truth: dict) -> None:
    """Warns about generated structured files that do not parse (a corpus bug: the
    scanner would fall back to plain text on them)."""
    try:
        import yaml  # optional
    except ImportError:
        yaml = None
    paths = {e["path"] for e in truth["planted"]} | {e["path"] for e in truth["decoys"]}
    for rel in sorted(paths):
        path = out / rel
        try:
            text = path.read_text()
        except (OSError, UnicodeDecodeError):
            continue  # an archive member (`a.jar!/x`) or a binary keytab
        try:
            if rel.endswith((".json", ".ipynb")):
                json.loads(text)
            elif rel.endswith(".toml"):
                tomllib.loads(text)
            elif rel.endswith((".yaml", ".yml")) and yaml is not None:
                list(yaml.safe_load_all(text))
        except Exception as e:  # noqa: BLE001 - report any parser's error
            print(f"warning: {rel} does not parse: {str(e).splitlines()[0]}", file=sys.stderr)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("outdir", type=Path)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--planted", type=int, default=560, help="approximate number of planted secrets")
    ap.add_argument("--decoys", type=int, default=640, help="approximate number of decoys")
    ap.add_argument("--rules", type=Path, default=Path(__file__).resolve().parent.parent / "rules" / "secrets")
    ap.add_argument("--min-per-kind", type=int, default=2)
    ap.add_argument("--encodings", type=int, default=4, help="credentials per encoded or multi-line file kind")
    args = ap.parse_args(argv)

    r = Rand(random.Random(args.seed))
    corpus = Corpus(r, args.outdir)
    corpus.seed = args.seed

    rules = load_rules(args.rules)
    secret_rules = [x for x in rules if x["kind"] not in ("endpoint", "posture")]
    key_file_rules = {rule for rule, _, _ in KEY_FILE_RULES.values()}
    uncovered = [x["id"] for x in secret_rules
                 if x["id"] not in key_file_rules and not any(kind_matches_rule(k, x["id"]) for k in K)]
    decoy_only = [rid for rid in uncovered if re.search(PUBLIC_KEY_RULES, rid)]
    uncovered = [rid for rid in uncovered if rid not in decoy_only]
    for rid in uncovered:
        print(f"warning: no generator covers rule {rid}", file=sys.stderr)

    # every kind at least min-per-kind times; the rest by weight
    order: list[Kind] = [k for k in K_BASE for _ in range(args.min_per_kind)]
    rest = max(0, args.planted - len(order))
    order += r.rng.choices(K_BASE, [k.weight for k in K_BASE], k=rest)
    r.shuffle(order)
    plants_before = 0
    for kind in order:
        corpus.plant(kind)
        plants_before += 1

    cats = list(DECOY_CATEGORIES)
    dorder = [c for c in cats for _ in range(3)]
    dorder += r.rng.choices(cats, [DECOY_CATEGORIES[c] for c in cats], k=max(0, args.decoys - len(dorder)))
    r.shuffle(dorder)
    for c in dorder:
        corpus.decoy(c)

    # formats with a place of their own (framework keys, tool files, command lines, password
    # hashes, generic assignment forms) and their decoys, from a Rand of their own and in
    # files of their own (the rest is unchanged)
    corpus.plant_formats(Rand(random.Random(args.seed * 1_000_003 + 31)), FORMAT_KINDS, args.min_per_kind)

    # encoded and multi-line file kinds, from a Rand of their own (the rest is unchanged)
    utf16 = plant_encodings(corpus, Rand(random.Random(args.seed * 1_000_003 + 12)), KINDS, args.encodings, REPO_NAMES,
                            looks_like_placeholder)

    truth = corpus.write()
    check_structured(args.outdir, truth)
    write_utf16(args.outdir, utf16, truth)
    for p in truth["planted"]:
        if p["kind"] == "kerberos-keytab":
            p["expected_rules"] = ["vp.kerberos.keytab.1"]  # a structural rule, not in rules/secrets
            continue
        if p["kind"] == "key-file":
            continue  # plant_key_files recorded the path rule
        p["expected_rules"] = [x["id"] for x in secret_rules if kind_matches_rule(KINDS[p["kind"]], x["id"])]
    truth.update({
        "generator": "scripts/gen_planted_corpus.py",
        "seed": args.seed,
        "rules_dir": str(args.rules),
        "rule_count": len(rules),
        "uncovered_rules": uncovered,
        "rules_with_decoys_only": decoy_only,
        "kinds": sorted({p["kind"] for p in truth["planted"]}),
    })
    (args.outdir / "truth.json").write_text(json.dumps(truth, indent=1) + "\n")
    files = len({p["path"] for p in truth["planted"]} | {d["path"] for d in truth["decoys"]})
    print(f"{args.outdir}: {len(truth['planted'])} planted, {len(truth['decoys'])} decoys in {files} files "
          f"({len(truth['kinds'])} kinds; {len(rules)} rules, {len(uncovered)} uncovered)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
