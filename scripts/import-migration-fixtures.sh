#!/usr/bin/env bash
# Imports the migration demo (fixtures/migration/{before,after}.fi, `git fast-export`
# streams) into real git repositories under fixtures/migration/.work/ (or DIR), then adds
# each one's untracked working-tree files ({before,after}.untracked/, such as the
# `vault operator init` output an operator left next to the server config).
#
#   scripts/import-migration-fixtures.sh [DIR]
#
# Every credential in these fixtures is a fake generated for them (random strings).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
src=$root/fixtures/migration
work=${1:-$src/.work}
for name in before after; do
  dir=$work/$name
  rm -rf "$dir"
  mkdir -p "$dir"
  git -C "$dir" init -q -b main
  git -C "$dir" fast-import --quiet < "$src/$name.fi"
  git -C "$dir" reset -q --hard main
  if [ -d "$src/$name.untracked" ]; then
    cp -R "$src/$name.untracked/." "$dir/"
  fi
  echo "$dir"
done
