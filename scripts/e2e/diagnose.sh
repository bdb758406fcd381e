#!/usr/bin/env bash
# After a failed run: what a person would look at first (nodes, pods, events, the tail of each daemon's
# log). Usage: diagnose.sh BIN_DIR
set -uo pipefail
source "$(dirname "$0")/lib.sh"
E2E_BIN=$1
[ -e "/run/netns/$E2E_NETNS" ] || exit 0
e2e_log "diagnostics (full logs in $E2E_RUN/logs)"
e2e_kubectl get nodes -o wide 2>&1 | head -5
e2e_kubectl get pods -A -o wide 2>&1 | head -40
e2e_kubectl get events -A --sort-by=.lastTimestamp 2>&1 | tail -30
for log in "$E2E_RUN"/logs/*.log; do
  echo "--- $(basename "$log") (last lines)"; grep -Ei 'error|fail|denied' "$log" | tail -5
done
