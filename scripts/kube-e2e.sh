#!/usr/bin/env bash
# The cluster tier: a real single-node Kubernetes built from Go modules, the project's images built with
# podman, and the users' path run through it (scripts/e2e/scenario.sh). Needs root, Go 1.25+, and the jars
# (./mvnw -DskipTests package); installs Debian's containerd, runc, CNI plugins, podman, debootstrap and
# Prometheus when missing. Everything it starts is stopped by pid at the end, whatever happened.
# docs/OPERATOR.md ("Tried on a real cluster") says what it runs and how long it takes.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/e2e/lib.sh

bash scripts/e2e/preflight.sh
[ -f loadtest/target/handoff-loadtest.jar ] && [ -f sidecar/target/handoff-sidecar.jar ] \
  && [ -f operator/target/handoff-operator.jar ] \
  || { echo "kube-e2e: build the jars first: ./mvnw -q -DskipTests package" >&2; exit 3; }

bash scripts/e2e/packages.sh
started=$SECONDS
bin=$(bash scripts/e2e/tools.sh)
e2e_log "tools ready in $((SECONDS - started)) s: $bin"
started=$SECONDS
mapfile -t archives < <(bash scripts/e2e/images.sh)
e2e_log "images ready in $((SECONDS - started)) s"

# HANDOFF_E2E_KEEP=1 leaves the cluster running for a look (scripts/e2e/cluster.sh down stops it).
trap 'rc=$?; [ $rc -eq 0 ] || bash scripts/e2e/diagnose.sh "$bin" || true
      [ -n "${HANDOFF_E2E_KEEP:-}" ] || bash scripts/e2e/cluster.sh down; exit $rc' EXIT
started=$SECONDS
bash scripts/e2e/cluster.sh up "$bin" "${archives[@]}"
e2e_log "cluster up in $((SECONDS - started)) s"
started=$SECONDS
bash scripts/e2e/scenario.sh "$bin"
e2e_log "users' path passed in $((SECONDS - started)) s"
