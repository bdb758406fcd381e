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
# Every container's log, and the one before a restart: a crashed pod's reason is gone with the cluster.
e2e_kubectl get pods -A -o jsonpath='{range .items[*]}{.metadata.namespace}/{.metadata.name}{"\n"}{end}' 2>/dev/null |
  grep -v '^kube-system/' | while IFS=/ read -r ns pod; do
    e2e_kubectl -n "$ns" logs "$pod" --all-containers --prefix >"$E2E_RUN/logs/pod-$ns-$pod.log" 2>&1
    if e2e_kubectl -n "$ns" logs "$pod" --all-containers --prefix --previous >"$E2E_RUN/logs/pod-$ns-$pod-previous.log" 2>/dev/null; then
      echo "--- $ns/$pod restarted; its previous container's last lines"; tail -15 "$E2E_RUN/logs/pod-$ns-$pod-previous.log"
    else
      rm -f "$E2E_RUN/logs/pod-$ns-$pod-previous.log"
    fi
  done
for log in "$E2E_RUN"/logs/*.log; do
  echo "--- $(basename "$log") (last lines)"; grep -Ei 'error|fail|denied' "$log" | tail -5
done
