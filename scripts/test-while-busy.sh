#!/usr/bin/env bash
# Run the README's `npm test` while one core spins (`node -e 'for(;;){}'`), as a learner's laptop may be busy:
# tests must not depend on how fast the machine is. Run it from a fresh clone after `npm ci` (Node 22.12+ on
# PATH, or prefix with scripts/with-node.sh 24). Prints the load before and after and the result.
set -uo pipefail
cd "$(dirname "$0")/.."
node -e 'for(;;){}' &
spin=$!
trap 'kill "$spin" 2>/dev/null' EXIT
uptime
start=$(date +%s)
npm test
rc=$?
uptime
echo "npm test exited $rc after $(($(date +%s) - start)) s beside node -e 'for(;;){}' (Node $(node -v), $(git rev-parse --short HEAD))"
exit "$rc"
