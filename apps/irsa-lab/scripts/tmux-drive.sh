#!/usr/bin/env bash
# Drives the bundled irsa-lab app in a real terminal (tmux, 120x40) as a
# person would: open it, pick a scenario by typing its name, run steps,
# advance time, jump to the next event, explain, open help, quit. Checks the
# screen text at each stage and that the terminal is back in cooked mode
# afterwards. Exits non-zero, printing the screen, on the first mismatch.
#
# usage: scripts/tmux-drive.sh [bundle] [scenario-id]
#   defaults: dist/irsa-lab.mjs happy-path (IRSA_DRIVE_SCENARIO overrides the id)
set -euo pipefail
trap '' PIPE # a closed reader (e.g. `| head -1`) must not SIGPIPE us before the EXIT trap kills the session

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bundle="${1:-$here/../dist/irsa-lab.mjs}"
scenario="${2:-${IRSA_DRIVE_SCENARIO:-happy-path}}"
session="irsa-drive-$$"
timeout_s="${IRSA_DRIVE_TIMEOUT:-30}" # seconds per wait: generous, so a busy machine is not a hang

if [[ ! -f "$bundle" ]]; then
  echo "tmux-drive: bundle not found: $bundle (run \`npm run build\` in apps/irsa-lab)" >&2
  exit 2
fi
command -v tmux >/dev/null || { echo "tmux-drive: tmux is not installed" >&2; exit 2; }

trap 'tmux kill-session -t "$session" 2>/dev/null || true' EXIT

screen() { tmux capture-pane -p -t "$session" 2>/dev/null || true; }

fail() {
  echo "tmux-drive: FAIL: $1" >&2
  echo "----- screen -----" >&2
  screen >&2
  echo "------------------" >&2
  exit 1
}

# wait_for TEXT [BAD]: poll the screen until it shows TEXT (fixed string); fail at once if it shows BAD
wait_for() {
  local deadline=$((SECONDS + timeout_s)) shown
  while true; do
    shown="$(screen)"
    if grep -qF -- "$1" <<<"$shown"; then return 0; fi
    if [[ -n "${2:-}" ]] && grep -qF -- "$2" <<<"$shown"; then fail "expected \"$1\", got \"$2\""; fi
    ((SECONDS < deadline)) || fail "expected \"$1\""
    sleep 0.05
  done
}

# wait_gone TEXT: poll the screen until TEXT is no longer shown
wait_gone() {
  local deadline=$((SECONDS + timeout_s))
  while screen | grep -qF -- "$1"; do
    ((SECONDS < deadline)) || fail "expected \"$1\" to go away"
    sleep 0.05
  done
}

# the simulated clock in the header, e.g. 2026-01-05 09:00:00Z
clock() { screen | grep -E 'done [0-9]+/[0-9]+ ' | tail -1 | grep -oE '[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:]{8}Z' || true; }

# after the app exits, report its status and whether the terminal is back in cooked mode;
# CI is unset for the app, as for a person at a terminal: Ink only draws the last frame when it sees CI=true
tmux new-session -d -s "$session" -x 120 -y 40 \
  "env -u CI node '$bundle'; rc=\$?; echo; echo \"irsa-lab exited rc=\$rc tty=\$(stty -a | tr ' ;' '\n\n' | grep -xE -- '-?icanon|-?echo' | tr '\n' ' ')\"; sleep 60"

wait_for 'irsa-lab ▸ scenarios ('
wait_for 'Basics'
# keys typed before the app has switched the terminal to raw mode are lost (a loaded machine makes that
# window long): type the filter, and type it again until the app shows it, as a person would
typed=''
for attempt in 1 2 3 4 5 6 7 8 9 10; do
  # a retry starts from an empty filter (Esc clears it), in case part of the last attempt got through
  if ((attempt > 1)); then tmux send-keys -t "$session" Escape; sleep 0.1; fi
  tmux send-keys -t "$session" -l "$scenario"
  for _ in $(seq 1 20); do
    if screen | grep -qF -- "filter: $scenario"; then typed=yes; break 2; fi
    sleep 0.05
  done
done
[[ -n "$typed" ]] || fail "the filter never showed \"$scenario\""
wait_for "▶ $scenario " 'No scenario matches'
tmux send-keys -t "$session" Enter
wait_for 'Press Enter to run this step.'
wait_for 'done 0/'
tmux send-keys -t "$session" Enter
wait_for 'done 1/'
tmux send-keys -t "$session" Enter
wait_for 'done 2/'

before="$(clock)"
[[ -n "$before" ]] || fail 'no simulated clock in the header'
tmux send-keys -t "$session" d
wait_for '⏱ +1 day:'
after="$(clock)"
[[ "$after" != "$before" ]] || fail "the clock did not move on d (still $before)"

tmux send-keys -t "$session" n
# either something fired or the app says nothing is scheduled
deadline=$((SECONDS + timeout_s))
until screen | grep -qE '⏱ next event:|nothing is scheduled'; do
  ((SECONDS < deadline)) || fail 'expected the next event (or "nothing is scheduled")'
  sleep 0.05
done

tmux send-keys -t "$session" e
wait_for 'Explain ·'
wait_for 'Esc or e closes'
tmux send-keys -t "$session" Escape
wait_gone 'Explain ·'

tmux send-keys -t "$session" '?'
wait_for 'Esc or ? closes'
tmux send-keys -t "$session" Escape
wait_gone 'Esc or ? closes'

tmux send-keys -t "$session" q
wait_for 'irsa-lab exited rc=0'
screen | grep -qF 'tty=icanon echo' || fail 'the terminal was not restored (expected icanon and echo on)'
screen | grep -qE '^\s+at .*\(.*:[0-9]+:[0-9]+\)' && fail 'a stack trace reached the screen'

echo "tmux-drive: ok ($scenario: picked, stepped, moved time $before -> $after, explained, help, quit)"
