"""Encoded and multi-line credentials for the planted corpus (scripts/gen_planted_corpus.py):

- a Kubernetes ConfigMap whose `binaryData:` holds a config file with a provider token;
- `data:` URLs (text/plain, application/json) holding a token, in HTML, JS and Markdown;
- a Kubernetes `kubernetes.io/dockerconfigjson` Secret (base64 of a Docker config whose
  `auths.<registry>.auth` is base64 of `user:password`) and a plain `config.json`;
- `.env` / Helm values keys that say base64 (`DB_PASSWORD_B64`, `apiTokenBase64`);
- YAML block scalars (`|`, `|-`, `>`, `>-`, `|2`, LF or CRLF) with a token mid-block, on
  its own line, and TOML multi-line strings;
- UTF-16 (LE and BE, with a BOM) PowerShell scripts.

With decoys next to them: images in `data:` URLs and `binaryData:`, certificates encoded
in base64, encoded JSON configuration and text under `*_B64` keys, random bytes.

Everything is generated from the corpus's own generators with a Rand of its own, so the
rest of the corpus is the same with or without these files.
"""

from __future__ import annotations

import base64
import json


def _b64(data) -> str:
    if isinstance(data, str):
        data = data.encode()
    return base64.b64encode(data).decode()


def plant_encodings(corpus, r, kinds: dict, count: int, repos: list[str], is_placeholder) -> list:
    """Plants `count` credentials of each encoded or multi-line file kind into `corpus`
    (a gen_planted_corpus.Corpus; `r` a Rand of its own). Returns the UTF-16 files, which
    the corpus writer cannot write: pass them to `write_utf16` once the corpus is written."""
    utf16 = []
    tokens = [kinds[n] for n in ("github.pat", "slack.bot-token", "stripe.secret-key", "openai.api-key") if n in kinds]
    password = kinds.get("generic.password")
    docker = kinds.get("docker.config-auth")
    rec = corpus.planted_record
    decoy = corpus.decoy_record

    def token(kind):
        for _ in range(100):
            v = kind.gen(r)
            if not is_placeholder(v):
                return v
        raise RuntimeError("placeholder-like token")

    def path(candidates: list[str]) -> str:
        taken = {p for p, _, _ in corpus.raw_files} | set(corpus.files) | {u[0] for u in utf16}
        for _ in range(200):
            p = f"{r.choice(repos)}/{r.choice(candidates)}".format(w=r.word(), n=r.randint(10, 99))
            if p not in taken:
                return p
        raise RuntimeError("no free path")

    def png() -> str:
        return _b64(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + r.bytes(r.randint(40, 120)))

    def certificate() -> str:
        body = _b64(r.bytes(r.randint(300, 600)))
        lines = [body[i:i + 64] for i in range(0, len(body), 64)]
        return _b64("-----BEGIN CERTIFICATE-----\n" + "\n".join(lines) + "\n-----END CERTIFICATE-----\n")

    for i in range(count):
        # ConfigMap binaryData: a config file holding a token.
        kind = tokens[i % len(tokens)]
        v = token(kind)
        conf = f"[{r.word()}]\nendpoint = https://api.{r.word()}.io\ntoken = {v}\ntimeout = 30\n"
        lines = ["apiVersion: v1", "kind: ConfigMap", "metadata:", f"  name: {r.word()}-config", "binaryData:",
                 f"  logo.png: {png()}", f"  app.conf: {_b64(conf)}", f"  ca.crt: {certificate()}"]
        corpus.raw(path(["k8s/{w}-configmap.yaml", "deploy/{w}/configmap.yaml"]), lines,
                   [(5, decoy("base64_blob", "generic", "image in ConfigMap binaryData")),
                    (6, rec(kind, "k8s:configmap-binarydata")),
                    (7, decoy("base64_blob", "generic", "certificate in ConfigMap binaryData"))])

        # data: URLs in HTML, JS and Markdown.
        kind = tokens[(i + 1) % len(tokens)]
        v = token(kind)
        media, payload = r.choice([("application/json", json.dumps({"apiKey": v, "region": "eu-west-1"})),
                                   ("text/plain", f"token={v}\n"),
                                   ("text/plain;charset=utf-8", v)])
        style = r.randint(0, 2)
        if style == 0:
            lines = ["<!doctype html>", "<html><head>", f"<link rel=\"icon\" href=\"data:image/png;base64,{png()}\">",
                     "</head><body>", f"<script>fetch('data:{media};base64,{_b64(payload)}').then(r => r.text());</script>",
                     f"<a download href=\"data:application/x-x509-ca-cert;base64,{certificate()}\">CA</a>", "</body></html>"]
            marks = [(2, decoy("base64_blob", "generic", "image data: URL")), (4, rec(kind, "html:data-url")),
                     (5, decoy("base64_blob", "generic", "certificate data: URL"))]
            p = path(["web/{w}.html", "public/{w}/index.html"])
        elif style == 1:
            lines = [f"// {r.word()} bootstrap", f"const icon = \"data:image/png;base64,{png()}\";",
                     f"export const settings = \"data:{media};base64,{_b64(payload)}\";", "export default settings;"]
            marks = [(1, decoy("base64_blob", "generic", "image data: URL")), (2, rec(kind, "js:data-url"))]
            p = path(["src/{w}/bootstrap.js", "web/src/{w}.ts"])
        else:
            lines = [f"# {r.word().capitalize()} notes", "", "Attach the settings as a data URL:", "",
                     f"    data:{media};base64,{_b64(payload)}", "", f"![logo](data:image/png;base64,{png()})"]
            marks = [(4, rec(kind, "md:data-url")), (6, decoy("base64_blob", "generic", "image data: URL"))]
            p = path(["docs/{w}-settings.md", "notes/{w}.md"])
        corpus.raw(p, lines, marks)

        # A kubernetes.io/dockerconfigjson pull secret and a plain Docker config.json.
        if docker is not None:
            registry = r.choice(["ghcr.io", "registry.gitlab.com", f"registry.{r.word()}.corp", "https://index.docker.io/v1/"])
            pw = token(password) if password else _b64(r.bytes(18))
            config = json.dumps({"auths": {registry: {"auth": _b64(f"{r.word()}-ci:{pw}")}}})
            lines = ["apiVersion: v1", "kind: Secret", "metadata:", f"  name: {r.word()}-regcred",
                     "type: kubernetes.io/dockerconfigjson", "data:", f"  .dockerconfigjson: {_b64(config)}"]
            corpus.raw(path(["k8s/{w}-pull-secret.yaml", "deploy/regcred-{w}.yaml"]), lines,
                       [(6, rec(docker, "k8s:dockerconfigjson"))])
            lines = ["{", '  "auths": {', f'    "{registry}": {{}},', f'    "{r.word()}.azurecr.io": {{',
                     f'      "auth": "{_b64(r.word() + "-push:" + token(password) if password else r.word())}"', "    }",
                     "  },", '  "credsStore": "desktop"', "}"]
            corpus.raw(path(["ci/{w}/config.json", ".docker/config.json"]), lines,
                       [(4, rec(docker, "docker-config:auth"))])

        # Keys that say base64, in .env and Helm values, next to encoded non-secrets.
        if password is not None:
            pw = token(password)
            stem = r.choice(["DB_PASSWORD", "SMTP_PASSWORD", "REDIS_PASSWORD", "ADMIN_PASSWORD"])
            suffix = r.choice(["_B64", "_BASE64", "_b64"])
            ui = _b64(json.dumps({"theme": r.word(), "features": [r.word(), r.word()]}))
            banner = _b64(f"Welcome to {r.word()}! Maintenance window Sunday 02:00 UTC.")
            if r.random() < 0.5:
                lines = [f"# {r.word()} service", f"UI_CONFIG_B64={ui}", f"{stem}{suffix}={_b64(pw)}", f"BANNER_TEXT_B64={banner}",
                         f"LOGO_B64={png()}"]
                marks = [(1, decoy("base64_blob", "generic", "encoded JSON config")), (2, rec(password, "env:b64-key")),
                         (3, decoy("base64_blob", "generic", "encoded text")), (4, decoy("base64_blob", "generic", "encoded image"))]
                p = path(["deploy/{w}.env", "config/.env.{w}"])
            else:
                camel = stem.split("_")[0].lower() + "".join(w.capitalize() for w in stem.split("_")[1:])
                lines = [f"{r.word()}:", f"  uiConfigBase64: {ui}", f"  {camel}Base64: {_b64(pw)}", f"  caBundleB64: {certificate()}"]
                marks = [(1, decoy("base64_blob", "generic", "encoded JSON config")), (2, rec(password, "yaml:b64-key")),
                         (3, decoy("base64_blob", "generic", "encoded certificate"))]
                p = path(["charts/{w}/values.yaml", "helm/{w}-values.yaml"])
            corpus.raw(p, lines, marks)

        # YAML block scalars with a token mid-block (LF or CRLF), and TOML multi-line strings.
        kind = tokens[(i + 2) % len(tokens)]
        v = token(kind)
        header = r.choice(["|", "|-", ">", ">-", "|2", "|+"])
        crlf = r.random() < 0.3
        body = ["#!/bin/sh", "set -eu", "", f"echo \"deploying {r.word()}\"", f"export API_TOKEN={v}",
                f"./bin/{r.word()} --env prod", "  --verbose"]
        at = r.randint(1, 4)
        body = body[:at] + [f"echo step {n}" for n in range(r.randint(0, 3))] + body[at:]
        lines = ["apiVersion: v1", "kind: ConfigMap", "metadata:", f"  name: {r.word()}-scripts", "data:",
                 f"  deploy.sh: {header}"] + [("    " + b) if b else "" for b in body] + [f"  region: eu-west-{r.randint(1, 3)}"]
        line = next(n for n, l in enumerate(lines) if v in l)
        if crlf:
            lines = [l + "\r" for l in lines]
        corpus.raw(path(["k8s/{w}-scripts.yaml", "deploy/{w}/scripts-configmap.yaml"]), lines,
                   [(line, rec(kind, "yaml:block-scalar" + (":crlf" if crlf else ""), header=header))])
        if password is not None:
            pw = token(password)
            quote = r.choice(['"""', "'''"]) if "'" not in pw else '"""'
            if '"' in pw or "\\" in pw:
                quote = "'''"
            lines = ["[database]", f"host = \"db.{r.word()}.internal\"", f"password = {quote}", pw + quote, "port = 5432"]
            corpus.raw(path(["config/{w}.toml", "services/{w}/settings.toml"]), lines, [(3, rec(password, "toml:multiline-string"))])

        # UTF-16 PowerShell scripts (as Windows writes them), little- and big-endian.
        kind = tokens[(i + 3) % len(tokens)]
        v = token(kind)
        lines = [f"# {r.word()} setup", "$ErrorActionPreference = 'Stop'", f"$env:API_TOKEN = \"{v}\"", "Invoke-Build"]
        utf16.append((path(["scripts/{w}-setup.ps1", "tools/{w}.ps1"]), lines, r.random() < 0.5,
                      [(2, rec(kind, "ps1:utf16"))]))
    return utf16


def write_utf16(out, files: list, truth: dict) -> None:
    """Writes the UTF-16 files (CRLF line endings, a byte order mark) under `out` and adds
    their planted records to `truth`."""
    for rel, lines, little_endian, marks in files:
        text = "\r\n".join(lines) + "\r\n"
        data = (b"\xff\xfe" + text.encode("utf-16-le")) if little_endian else (b"\xfe\xff" + text.encode("utf-16-be"))
        dest = out / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_bytes(data)
        for idx, rec in marks:
            truth["planted"].append({"path": rel, "line": idx + 1, **{k: v for k, v in rec.items() if k != "type"}})
    truth["planted"].sort(key=lambda e: (e["path"], e["line"]))
