#!/usr/bin/env bash
# A single-node Kubernetes in a network namespace of its own: etcd, kube-apiserver (with
# MutatingAdmissionWebhook and PodSecurity), kube-controller-manager, kube-scheduler, containerd with runc and
# the CNI bridge, the kubelet, kube-proxy and CoreDNS, every daemon started by pid.
#   cluster.sh up BIN_DIR IMAGE_ARCHIVE...   start it and load the images
#   cluster.sh down                          stop everything it started, whatever state it is in
set -euo pipefail
source "$(dirname "$0")/lib.sh"

down() {
  # Daemons first (newest first), so nothing restarts what is being removed; then whatever runs in pods.
  if [ -d "$E2E_RUN/pids" ]; then
    local f
    for f in $(ls -t "$E2E_RUN"/pids/* 2>/dev/null); do
      [ "$(basename "$f")" = containerd ] || kill "$(cat "$f")" 2>/dev/null || true
    done
  fi
  # Every container process sits in the kubelet's cgroups; the shims are children of our containerd.
  local cg
  for cg in /sys/fs/cgroup/pids/kubepods /sys/fs/cgroup/memory/kubepods; do
    [ -d "$cg" ] && find "$cg" -name cgroup.procs -exec cat {} + 2>/dev/null | xargs -r kill -9 2>/dev/null || true
  done
  if [ -f "$E2E_RUN/pids/containerd" ]; then
    local cpid; cpid=$(cat "$E2E_RUN/pids/containerd")
    pkill -9 -f "containerd-shim-runc-v2 -namespace k8s.io .*-address $E2E_RUN/containerd/containerd.sock" 2>/dev/null || true
    kill "$cpid" 2>/dev/null || true
  fi
  local waited=0
  while [ -d "$E2E_RUN/pids" ] && [ $waited -lt 20 ]; do
    local alive=0
    for f in "$E2E_RUN"/pids/*; do [ -f "$f" ] && kill -0 "$(cat "$f")" 2>/dev/null && alive=1; done
    [ $alive -eq 0 ] && break
    sleep 0.5; waited=$((waited + 1))
  done
  for f in "$E2E_RUN"/pids/*; do [ -f "$f" ] && kill -9 "$(cat "$f")" 2>/dev/null || true; done
  rm -rf "$E2E_RUN/pids"
  # Mounts of pod volumes and container roots, deepest first; then the pods' namespaces and cgroups.
  grep -E " ($E2E_VAR|$E2E_RUN)/" /proc/mounts | awk '{print $2}' | sort -r | xargs -r -n1 umount -l 2>/dev/null || true
  local ns
  for ns in /run/netns/cni-*; do
    [ -e "$ns" ] || continue
    grep -qx "$(basename "$ns")" "$E2E_RUN/netns.before" 2>/dev/null && continue
    umount "$ns" 2>/dev/null || true; rm -f "$ns"
  done
  for cg in /sys/fs/cgroup/*/kubepods; do
    [ -d "$cg" ] && find "$cg" -depth -type d -exec rmdir {} + 2>/dev/null || true
  done
  # The kubelet's links to its container logs (which live under $E2E_VAR).
  find /var/log/containers -maxdepth 1 -type l -lname "$E2E_VAR/*" -delete 2>/dev/null || true
  ip netns del "$E2E_NETNS" 2>/dev/null || true
}

up() {
  E2E_BIN=$1; shift
  down
  rm -rf "$E2E_RUN" "$E2E_VAR"
  mkdir -p "$E2E_RUN"/{logs,pids,cni,containerd,etcd,helm} "$E2E_VAR"

  # The namespace: loopback, which also carries the node's address (the API server's advertised address,
  # the kubelet's, and where pods find the cluster DNS; this kernel has no dummy links).
  ip netns add "$E2E_NETNS"
  e2e_in_ns ip link set lo up
  e2e_in_ns ip addr add "$E2E_NODE_IP/32" dev lo
  e2e_in_ns sysctl -qw net.ipv4.ip_forward=1
  # No default route, so nothing can leave; Service IPs need a route only to reach kube-proxy's DNAT.
  e2e_in_ns ip route add "$E2E_SERVICE_CIDR" dev lo
  echo "nameserver $E2E_NODE_IP" > "$E2E_RUN/resolv.conf"

  bash "$(dirname "$0")/pki.sh" "$E2E_RUN/pki"
  local pki=$E2E_RUN/pki

  e2e_log "etcd"
  e2e_start etcd "$E2E_BIN/etcd" --data-dir "$E2E_RUN/etcd" --listen-client-urls http://127.0.0.1:2379 \
    --advertise-client-urls http://127.0.0.1:2379 --listen-peer-urls http://127.0.0.1:2380 \
    --unsafe-no-fsync --log-level warn
  e2e_wait "etcd healthy" 60 e2e_in_ns curl -fsS http://127.0.0.1:2379/health

  e2e_log "kube-apiserver"
  e2e_start kube-apiserver "$E2E_BIN/kube-apiserver" --etcd-servers http://127.0.0.1:2379 \
    --bind-address 0.0.0.0 --advertise-address "$E2E_NODE_IP" --secure-port 6443 \
    --service-cluster-ip-range "$E2E_SERVICE_CIDR" --authorization-mode Node,RBAC \
    --enable-admission-plugins NodeRestriction,PodSecurity,MutatingAdmissionWebhook,ValidatingAdmissionWebhook \
    --client-ca-file "$pki/ca.crt" --tls-cert-file "$pki/apiserver.crt" --tls-private-key-file "$pki/apiserver.key" \
    --kubelet-client-certificate "$pki/apiserver-kubelet-client.crt" \
    --kubelet-client-key "$pki/apiserver-kubelet-client.key" \
    --service-account-issuer https://kubernetes.default.svc.cluster.local \
    --service-account-key-file "$pki/sa.pub" --service-account-signing-key-file "$pki/sa.key" \
    --kubelet-preferred-address-types InternalIP \
    --allow-privileged=true --enable-aggregator-routing=true --profiling=false
  e2e_wait "kube-apiserver ready" 120 e2e_kubectl get --raw /readyz

  e2e_log "kube-controller-manager, kube-scheduler"
  e2e_start kube-controller-manager "$E2E_BIN/kube-controller-manager" --kubeconfig "$pki/admin.kubeconfig" \
    --authentication-kubeconfig "$pki/admin.kubeconfig" --authorization-kubeconfig "$pki/admin.kubeconfig" \
    --service-account-private-key-file "$pki/sa.key" --root-ca-file "$pki/ca.crt" \
    --use-service-account-credentials=true --leader-elect=false --bind-address 127.0.0.1 \
    --controllers '*,-nodeipam,-cloud-node-lifecycle'
  e2e_start kube-scheduler "$E2E_BIN/kube-scheduler" --kubeconfig "$pki/admin.kubeconfig" \
    --authentication-kubeconfig "$pki/admin.kubeconfig" --authorization-kubeconfig "$pki/admin.kubeconfig" \
    --leader-elect=false --bind-address 127.0.0.1

  e2e_log "containerd"
  e2e_render containerd.toml "$E2E_RUN/containerd/config.toml"
  e2e_render 10-handoff-e2e.conflist "$E2E_RUN/cni/10-handoff-e2e.conflist"
  ctr oci spec | jq 'del(.process.rlimits)' > "$E2E_RUN/containerd/base-spec.json"
  ls /run/netns > "$E2E_RUN/netns.before" 2>/dev/null || true
  e2e_start containerd containerd --config "$E2E_RUN/containerd/config.toml"
  local ctr_=(ctr --address "$E2E_RUN/containerd/containerd.sock" -n k8s.io)
  e2e_wait "containerd answering" 60 "${ctr_[@]}" version
  local archive
  for archive in "$@"; do
    e2e_log "image $(basename "$archive")"
    "${ctr_[@]}" images import --no-unpack=false "$archive" >/dev/null
  done

  e2e_log "kubelet"
  e2e_render kubelet.yaml "$E2E_RUN/kubelet.yaml"
  e2e_start kubelet "$E2E_BIN/kubelet" --config "$E2E_RUN/kubelet.yaml" --kubeconfig "$pki/kubelet.kubeconfig" \
    --hostname-override "$E2E_NODE_NAME" --node-ip "$E2E_NODE_IP" --root-dir "$E2E_VAR/kubelet" \
    --cert-dir "$E2E_VAR/kubelet/pki" --v 1
  node_ready() { e2e_kubectl get node "$E2E_NODE_NAME" -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}' | grep -qx True; }
  e2e_wait "node Ready" 180 node_ready

  e2e_log "kube-proxy, CoreDNS"
  # Pod-to-Service traffic crosses the bridge, where kube-proxy's rules must see it.
  e2e_in_ns sysctl -qw net.bridge.bridge-nf-call-iptables=1
  e2e_render kube-proxy.yaml "$E2E_RUN/kube-proxy.yaml"
  e2e_start kube-proxy "$E2E_BIN/kube-proxy" --config "$E2E_RUN/kube-proxy.yaml"
  e2e_render Corefile "$E2E_RUN/Corefile"
  e2e_start coredns "$E2E_BIN/coredns" -conf "$E2E_RUN/Corefile"
  e2e_wait "CoreDNS ready" 60 e2e_in_ns curl -fsS http://127.0.0.1:18181/ready
  e2e_log "cluster up: $E2E_KUBE_VERSION, node $E2E_NODE_NAME at $E2E_NODE_IP (netns $E2E_NETNS)"
}

case ${1:-} in
  up) shift; up "$@" ;;
  down) down ;;
  *) echo "usage: cluster.sh up BIN_DIR IMAGE_ARCHIVE... | cluster.sh down" >&2; exit 2 ;;
esac
