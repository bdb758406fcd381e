#!/usr/bin/env bash
# Builds the cluster tier's commands from the Go modules pinned in e2e/tools/ (Kubernetes, etcd, helm, a
# CoreDNS with the plugins the cluster uses) into a directory keyed by what they are built from, and prints
# that directory. A second run with the same pins prints it at once.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
tools=$E2E_REPO/e2e/tools
# The machine's own Go builds everything: no toolchain download (there is no network for it).
export GOTOOLCHAIN=local

bash "$(dirname "$0")/preflight.sh"
gov=$(go env GOVERSION | sed 's/^go//')

minor=${E2E_KUBE_VERSION#v1.}; minor=${minor%%.*}
# Version stamps a release build carries (kubectl version, the API server's /version, helm's KubeVersion).
k8s_ldflags="-s -w"
for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  k8s_ldflags+=" -X $pkg.gitVersion=$E2E_KUBE_VERSION -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor -X $pkg.gitTreeState=clean"
done
key=$( { cat "$tools"/*/go.mod "$tools"/*/go.sum "$tools"/coredns/main.go; echo "$gov $k8s_ldflags"; } | sha256sum | cut -c1-16)
out=$E2E_CACHE/tools/$key
if [ -f "$out/.complete" ]; then echo "$out"; exit 0; fi

mkdir -p "$out"
build() { # build MODULE_DIR LDFLAGS OUTPUT PACKAGE...: OUTPUT a file name, or $out/ for each package's own
  local dir=$1 ldflags=$2 output=$3; shift 3
  (cd "$tools/$dir" && go build -trimpath -ldflags="$ldflags" -o "$output" "$@")
}
e2e_log "building Kubernetes $E2E_KUBE_VERSION, etcd, helm and CoreDNS from Go modules into $out (cold: 7-13 min on 2 cores)"
start=$SECONDS
build kubernetes "$k8s_ldflags" "$out/" k8s.io/kubernetes/cmd/kube-apiserver \
  k8s.io/kubernetes/cmd/kube-controller-manager k8s.io/kubernetes/cmd/kube-scheduler k8s.io/kubernetes/cmd/kubelet \
  k8s.io/kubernetes/cmd/kubectl k8s.io/kubernetes/cmd/kube-proxy
# etcd's main package is the module's root (its binary would be named "v3"), CoreDNS's is our main.go.
build etcd "-s -w" "$out/etcd" go.etcd.io/etcd/server/v3
build helm "-s -w" "$out/" helm.sh/helm/v3/cmd/helm
build coredns "-s -w" "$out/coredns" .
touch "$out/.complete"
e2e_log "built in $((SECONDS - start)) s"
echo "$out"
