#!/usr/bin/env bash
# What the cluster tier needs that no package install can give it: root, and Go 1.25+ to build Kubernetes.
# One line naming what is missing, exit 3.
set -euo pipefail
[ "$(id -u)" -eq 0 ] || { echo "kube-e2e: needs root (it runs a kubelet, containerd and network namespaces)" >&2; exit 3; }
command -v go >/dev/null 2>&1 || {
  echo "kube-e2e: needs Go 1.25 or newer (the go command) to build Kubernetes, etcd and helm; none on PATH" >&2; exit 3; }
gov=$(go env GOVERSION | sed 's/^go//')
[ "$(printf '%s\n' 1.25 "$gov" | sort -V | head -1)" = 1.25 ] || {
  echo "kube-e2e: needs Go 1.25 or newer to build Kubernetes; found go$gov" >&2; exit 3; }
