#!/usr/bin/env bash
# The project's test command (README, .ci/run): installs the real servers the tests start
# (redis-server, redis-sentinel, haproxy, nginx, chromium, chromium-driver, node) when missing, installs the client's
# npm packages (npm ci: the browser tests' Node apps load them from client/node_modules), runs every
# module's tests with the Maven wrapper (extra arguments go to Maven), the client's vitest suite, then the cluster tier
# (scripts/kube-e2e.sh). docs/TESTING.md says what each tier runs and how long it takes.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-missing.sh scripts/test.sh redis-server:redis-server redis-sentinel:redis-sentinel \
  haproxy:haproxy chromium:chromium chromedriver:chromium-driver node:nodejs npm:npm
# The cluster tier builds Kubernetes with Go: say so now, not after the Maven tiers.
bash scripts/e2e/preflight.sh
# The integration tier's Socket.IO and LiveView browser tests run Node apps on client/node_modules: npm ci first.
(cd client && npm ci --no-audit --no-fund --loglevel=error)
# Debian starts the packaged redis and haproxy services on install; the tests start their own on free ports.
./mvnw -B -ntp verify "$@"
# handoff.js against the real phoenix, phoenix_live_view and socket.io npm packages (vitest, jsdom).
(cd client && npm test)
# The cluster tier: a real single-node Kubernetes and the users' path through it (docs/TESTING.md).
bash scripts/kube-e2e.sh
