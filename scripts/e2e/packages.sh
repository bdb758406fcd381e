#!/usr/bin/env bash
# Debian's packages the cluster tier runs: the container runtime and its network plugins, podman and
# debootstrap for the images, Prometheus for the metrics step. Installed only when missing.
set -euo pipefail
exec bash "$(dirname "$0")/../install-missing.sh" kube-e2e \
  containerd:containerd runc:runc /usr/lib/cni/bridge:containernetworking-plugins iptables:iptables \
  conntrack:conntrack podman:podman debootstrap:debootstrap prometheus:prometheus promtool:prometheus jq:jq \
  curl:curl nsenter:util-linux ip:iproute2 openssl:openssl
