#!/usr/bin/env bash
# Starts each image built by scripts/e2e/images.sh the way a restricted pod would (read-only root, non-root,
# no capabilities, no privilege escalation) on free loopback ports, and checks it answers:
#   demo app GET /, the sidecar in front of it (/healthz, /readyz, a page and handoff.js through the proxy),
#   the operator's JVM and main (no API server here: it must fail to start with its own message),
#   redis-cli ping, and the pause process ending 0 on SIGTERM.
#   usage: scripts/e2e/images-smoke.sh   (after images.sh; same HANDOFF_E2E_CACHE)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=scripts/e2e/podman-env.sh
source "$here/podman-env.sh"
refs="$HANDOFF_E2E_CACHE/images/refs"
[[ -s "$refs" ]] || { echo "images-smoke: no $refs: run scripts/e2e/images.sh first" >&2; exit 1; }
ref() { awk -v n="$1" '$1 == n { print $2 }' "$refs"; }

# Every container of this run carries its label, so the cleanup finds them all (start runs in a subshell).
label="dev.handoff.e2e.smoke=$$"
cleanup() { pm ps -aq --filter "label=$label" | xargs -r podman --runtime runc --cgroup-manager cgroupfs rm -f -t 0 > /dev/null 2>&1 || true; }
trap cleanup EXIT
fail() { echo "images-smoke: FAIL $*" >&2; exit 1; }
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
restricted=(--read-only --tmpfs /tmp --cap-drop ALL --security-opt no-new-privileges)
start() { # NAME PODMAN-RUN-ARGS...: a detached container removed at exit
  local n="handoff-smoke-$1-$$"; shift
  pm run -d --name "$n" --label "$label" "$@" > /dev/null
  echo "$n"
}
wait_http() { # URL NAME: up to 60 s for a 2xx
  local i
  for i in $(seq 300); do
    curl -fsS -o /dev/null "$1" 2>/dev/null && return 0
    [[ "$(pm inspect --format '{{.State.Running}}' "$2")" == true ]] || { pm logs "$2" >&2; fail "$2 exited"; }
    sleep 0.2
  done
  pm logs "$2" >&2; fail "$1 did not answer"
}

app_port="$(free_port)"
app="$(start demo "${restricted[@]}" --network host -e PORT="$app_port" "$(ref demo-app)")"
wait_http "http://127.0.0.1:$app_port/" "$app"
echo "images-smoke: demo app answers GET / on $app_port"

listen="$(free_port)"; admin="$(free_port)"
# No HANDOFF_REDIS_URL: the sidecar's in-memory store.
sidecar="$(start sidecar "${restricted[@]}" --network host --user 10001 \
  -e HANDOFF_APP=smoke -e HANDOFF_VERSION=1 -e HANDOFF_UPSTREAM="http://127.0.0.1:$app_port" \
  -e HANDOFF_LISTEN_PORT="$listen" -e HANDOFF_ADMIN_PORT="$admin" "$(ref sidecar)")"
wait_http "http://127.0.0.1:$admin/healthz" "$sidecar"
curl -fsS -o /dev/null "http://127.0.0.1:$admin/readyz" || fail "sidecar /readyz"
curl -fsS "http://127.0.0.1:$listen/" | grep -qi '<html' || fail "the demo page through the sidecar"
curl -fsS -o /dev/null "http://127.0.0.1:$listen/_handoff/handoff.js" || fail "handoff.js from the sidecar"
# The class-data archive made at build time must be usable at run time (else start-up is slower, silently).
if pm logs "$sidecar" 2>&1 | grep -qi 'sharing.*disabled\|Unable to use shared archive'; then
  pm logs "$sidecar" 2>&1 | grep -i 'shar' >&2; fail "the sidecar's app.jsa is not used"
fi
echo "images-smoke: sidecar on $listen/$admin: healthz, readyz, the page and handoff.js through the proxy"

operator="$(ref operator)"
# Captured first: `| grep -q` would close the pipe early and pipefail would count that as a failure.
version="$(pm run --rm "${restricted[@]}" --network none --entrypoint java "$operator" -version 2>&1)"
grep -q 'openjdk version "17' <<< "$version" || { echo "$version" >&2; fail "java -version in the operator image"; }
# With an API server nobody listens on, main must run and give up with its own message (exit 1); no
# retries, which would only make the failure take 30 s longer.
api="$(free_port)"
set +e
out="$(timeout 120 podman --runtime runc --cgroup-manager cgroupfs run --rm --label "$label" "${restricted[@]}" --network host \
  -e KUBERNETES_MASTER="http://127.0.0.1:$api" -e KUBERNETES_AUTH_TRYKUBECONFIG=false \
  -e KUBERNETES_AUTH_TRYSERVICEACCOUNT=false -e KUBERNETES_REQUEST_RETRY_BACKOFFLIMIT=0 "$operator" 2>&1)"
rc=$?
set -e
grep -q 'handoff-operator' <<< "$out" || { echo "$out" | tail -20 >&2; fail "the operator's main did not run (rc $rc)"; }
echo "images-smoke: operator: java 17 runs; main ran and stopped without an API server (rc $rc: $(grep -m1 -o 'handoff-operator[^{]*' <<< "$out" | cut -c1-100))"

# As the chart runs it (helm/handoff/templates/redis.yaml): uid 999, read-only root, the password through a
# config file in /conf, the readiness probe's redis-cli with REDISCLI_AUTH; plus a free port on loopback.
redis_port="$(free_port)"
redis="$(start redis "${restricted[@]}" --network host --user 999:999 --tmpfs /conf --tmpfs /data \
  -e REDIS_PASSWORD=smoke -e REDISCLI_AUTH=smoke "$(ref redis)" sh -c "
    printf 'requirepass \"%s\"\\nport $redis_port\\nbind 127.0.0.1\\n' \"\$REDIS_PASSWORD\" > /conf/redis.conf
    exec redis-server /conf/redis.conf --save '' --appendonly no --maxmemory 64mb --maxmemory-policy volatile-ttl")"
for i in $(seq 50); do
  pm exec "$redis" sh -c "redis-cli -h 127.0.0.1 -p $redis_port ping | grep -q PONG" 2>/dev/null && break
  [[ $i -lt 50 ]] || { pm logs "$redis" >&2; fail "redis-cli ping"; }
  sleep 0.2
done
echo "images-smoke: redis answers PONG on $redis_port"

pause="$(start pause "${restricted[@]}" --network none "$(ref pause)")"
sleep 0.5
pm stop -t 5 "$pause" > /dev/null
[[ "$(pm inspect --format '{{.State.ExitCode}}' "$pause")" == 0 ]] || fail "pause did not exit 0 on SIGTERM"
echo "images-smoke: pause exits 0 on SIGTERM"
echo "images-smoke: OK"
