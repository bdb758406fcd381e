# Shared by the cluster tier's scripts (scripts/kube-e2e.sh): where things live, how the cluster's network
# namespace is entered, and one-line logging and assertions. Sourced, never run.

E2E_REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# Built tools and images, kept between runs (keyed by version); the run's state, logs and certificates, wiped.
E2E_CACHE=${HANDOFF_E2E_CACHE:-/var/cache/handoff-e2e}
E2E_RUN=${HANDOFF_E2E_RUN:-/tmp/handoff-e2e}
# Everything of the cluster lives in this network namespace: its node address, the pods' bridge, the Service
# IPs and every test client, so no traffic of the tier ever leaves it.
E2E_NETNS=${HANDOFF_E2E_NETNS:-handoff-e2e}
E2E_NODE_IP=10.200.0.1
E2E_NODE_NAME=e2e-node
E2E_POD_CIDR=10.244.0.0/24
E2E_SERVICE_CIDR=10.96.0.0/16
E2E_API_SERVICE_IP=10.96.0.1
E2E_KUBE_VERSION=v1.34.4
# State of containerd and the kubelet; wiped at every start so each run begins from an empty node.
E2E_VAR=/var/lib/handoff-e2e

# e2e_render TEMPLATE OUT: a file of e2e/cluster/ with its @NAME@ placeholders filled in.
e2e_render() {
  sed -e "s#@RUN@#$E2E_RUN#g" -e "s#@VAR@#$E2E_VAR#g" -e "s#@REPO@#$E2E_REPO#g" -e "s#@NODE_IP@#$E2E_NODE_IP#g" \
      -e "s#@NODE_NAME@#$E2E_NODE_NAME#g" -e "s#@POD_CIDR@#$E2E_POD_CIDR#g" "$E2E_REPO/e2e/cluster/$1" > "$2"
}
e2e_log() { printf '%s kube-e2e: %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
e2e_fail() { e2e_log "FAILED: $*"; exit 1; }
# Runs a command inside the cluster's network namespace. nsenter, not `ip netns exec`: the latter gives each
# command a mount namespace of its own, and the kubelet's volume mounts must be seen by containerd.
e2e_in_ns() { nsenter --net="/run/netns/$E2E_NETNS" -- "$@"; }
e2e_kubectl() { e2e_in_ns "$E2E_BIN/kubectl" --kubeconfig "$E2E_RUN/pki/admin.kubeconfig" "$@"; }
e2e_helm() { e2e_in_ns env KUBECONFIG="$E2E_RUN/pki/admin.kubeconfig" HELM_CACHE_HOME="$E2E_RUN/helm/cache" \
  HELM_CONFIG_HOME="$E2E_RUN/helm/config" HELM_DATA_HOME="$E2E_RUN/helm/data" "$E2E_BIN/helm" "$@"; }
# Starts a daemon of the cluster in the namespace, its output in logs/NAME.log, its pid in pids/NAME.
e2e_start() {
  local name=$1; shift
  mkdir -p "$E2E_RUN/logs" "$E2E_RUN/pids"
  nsenter --net="/run/netns/$E2E_NETNS" -- "$@" >"$E2E_RUN/logs/$name.log" 2>&1 &
  echo $! >"$E2E_RUN/pids/$name"
}
# Waits until a command succeeds, or fails the run naming what it waited for (and the log to read).
e2e_wait() {
  local what=$1 seconds=$2; shift 2
  local end=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    [ $SECONDS -lt $end ] || e2e_fail "$what: not within ${seconds}s"
    sleep 1
  done
}
