#!/usr/bin/env bash
# Report rendering benchmark: time and size of every format for reports of N findings
# (default 1,000 and 100,000). Release build; run on an otherwise idle machine.
#   scripts/bench-report.sh            # 1000 100000
#   scripts/bench-report.sh 300 5000   # other sizes
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$#" -eq 0 ]; then set -- 1000 100000; fi
cargo bench --quiet --bench report -- "$@"
