#!/usr/bin/env bash
# The test cluster's certificates and kubeconfigs, made fresh for every run with openssl: one CA, the API
# server's serving certificate, an admin client (system:masters), the kubelet's node identity and the
# service-account signing key. Usage: pki.sh DIR
set -euo pipefail
source "$(dirname "$0")/lib.sh"
dir=$1
mkdir -p "$dir" && cd "$dir"

openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -days 2 -subj "/CN=handoff-e2e-ca" 2>/dev/null

# client NAME SUBJECT [EXTFILE]: a key and a certificate signed by the CA.
client() {
  openssl req -newkey rsa:2048 -nodes -keyout "$1.key" -out "$1.csr" -subj "$2" 2>/dev/null
  openssl x509 -req -in "$1.csr" -CA ca.crt -CAkey ca.key -CAcreateserial -out "$1.crt" -days 2 \
    ${3:+-extfile "$3"} 2>/dev/null
  rm "$1.csr"
}
cat > apiserver.ext <<EXT
subjectAltName=DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local,DNS:localhost,IP:$E2E_API_SERVICE_IP,IP:$E2E_NODE_IP,IP:127.0.0.1
extendedKeyUsage=serverAuth
EXT
client apiserver "/CN=kube-apiserver" apiserver.ext
client admin "/O=system:masters/CN=handoff-e2e-admin"
client kubelet "/O=system:nodes/CN=system:node:$E2E_NODE_NAME"
client apiserver-kubelet-client "/O=system:masters/CN=kube-apiserver-kubelet-client"
openssl genrsa -out sa.key 2048 2>/dev/null
openssl rsa -in sa.key -pubout -out sa.pub 2>/dev/null

kubeconfig() {
  cat > "$1.kubeconfig" <<KC
apiVersion: v1
kind: Config
clusters:
- name: e2e
  cluster:
    certificate-authority: $dir/ca.crt
    server: https://$E2E_NODE_IP:6443
users:
- name: $1
  user:
    client-certificate: $dir/$1.crt
    client-key: $dir/$1.key
contexts:
- name: e2e
  context: {cluster: e2e, user: $1}
current-context: e2e
KC
}
kubeconfig admin
kubeconfig kubelet
