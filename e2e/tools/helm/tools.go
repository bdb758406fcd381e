//go:build tools

// The helm command scripts/kube-e2e.sh builds, imported so that go.mod and go.sum pin it.
package tools

import _ "helm.sh/helm/v3/cmd/helm"
