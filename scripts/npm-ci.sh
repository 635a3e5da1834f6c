#!/usr/bin/env bash
# Installs the npm packages of one folder (sdk/js, tests/browser) from its
# committed lockfile with `npm ci`, into that folder's node_modules — never
# globally. Does nothing when node_modules is already newer than the lockfile.
#   scripts/npm-ci.sh DIR
set -euo pipefail
dir=${1:?usage: npm-ci.sh DIR}
installed="$dir/node_modules/.package-lock.json"
if [[ -f "$installed" && "$installed" -nt "$dir/package-lock.json" ]]; then
  exit 0
fi
command -v npm >/dev/null || { echo "npm-ci: npm is missing; run scripts/install-deps.sh --test" >&2; exit 1; }
echo "npm-ci: installing the packages of $dir"
(cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
