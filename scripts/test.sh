#!/usr/bin/env bash
# The project's test command (README, .ci/run): installs the real servers the tests start
# (redis-server, redis-sentinel, haproxy, nginx, chromium, chromium-driver) when missing, then runs every
# module's tests with the Maven wrapper. Extra arguments go to Maven.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
for pair in redis-server:redis-server redis-sentinel:redis-sentinel haproxy:haproxy \
            chromium:chromium chromedriver:chromium-driver; do
  bin=${pair%%:*}; pkg=${pair##*:}
  command -v "$bin" >/dev/null 2>&1 || [ -x "/usr/sbin/$bin" ] || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "scripts/test.sh: missing ${need[*]} and no apt-get to install them; install them and run again" >&2
    exit 1
  fi
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "scripts/test.sh: installing ${need[*]} from Debian's packages"
  if ! { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null; }; then
    echo "scripts/test.sh: could not install ${need[*]} with apt-get" >&2
    exit 1
  fi
fi
# Debian starts the packaged redis and haproxy services on install; the tests start their own on free ports.
exec ./mvnw -B -ntp verify "$@"
