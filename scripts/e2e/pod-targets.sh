#!/usr/bin/env bash
# Prometheus's pod discovery by annotation, for a Prometheus without kubernetes_sd (Debian's): every second,
# each running pod annotated prometheus.io/scrape "true" becomes a target on its prometheus.io/port and
# prometheus.io/path, written atomically to OUT. Usage: pod-targets.sh BIN_DIR OUT (runs until killed)
set -uo pipefail
source "$(dirname "$0")/lib.sh"
E2E_BIN=$1 out=$2
while true; do
  e2e_kubectl get pods -A -o json 2>/dev/null | jq '[.items[]
      | select(.metadata.annotations["prometheus.io/scrape"] == "true" and .status.phase == "Running" and .status.podIP != null)
      | {targets: [.status.podIP + ":" + .metadata.annotations["prometheus.io/port"]],
         labels: {namespace: .metadata.namespace, pod: .metadata.name,
                  __metrics_path__: (.metadata.annotations["prometheus.io/path"] // "/metrics")}}]' \
    > "$out.tmp" && mv "$out.tmp" "$out"
  sleep 1
done
