#!/usr/bin/env bash
# Debian's packages the cluster tier runs: the container runtime and its network plugins, podman and
# debootstrap for the images, Prometheus for the metrics step. Installed only when missing.
set -euo pipefail
need=()
for pair in containerd:containerd runc:runc /usr/lib/cni/bridge:containernetworking-plugins \
            iptables:iptables conntrack:conntrack podman:podman debootstrap:debootstrap \
            prometheus:prometheus promtool:prometheus jq:jq curl:curl nsenter:util-linux ip:iproute2 \
            openssl:openssl; do
  bin=${pair%%:*}; pkg=${pair##*:}
  { [ -x "$bin" ] || command -v "$bin" >/dev/null 2>&1 || [ -x "/usr/sbin/$bin" ]; } || need+=("$pkg")
done
[ ${#need[@]} -eq 0 ] && exit 0
mapfile -t need < <(printf '%s\n' "${need[@]}" | sort -u)
command -v apt-get >/dev/null 2>&1 || { echo "kube-e2e: missing ${need[*]} and no apt-get to install them" >&2; exit 3; }
echo "kube-e2e: installing ${need[*]} from Debian's packages" >&2
apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null \
  || { echo "kube-e2e: could not install ${need[*]} with apt-get" >&2; exit 3; }
