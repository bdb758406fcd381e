//go:build tools

// The etcd command scripts/kube-e2e.sh builds, imported so that go.mod and go.sum pin it.
package tools

import _ "go.etcd.io/etcd/server/v3"
