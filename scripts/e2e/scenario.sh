#!/usr/bin/env bash
# The users' path on the running test cluster, each step asserted (docs/OPERATOR.md "Tried on a real
# cluster"): helm install, an annotated Deployment in a namespace enforcing Pod Security "restricted", a few
# hundred clients through its Service, kubectl rollout restart, every state back, the rollout Event, a real
# Prometheus filling every dashboard query, helm upgrade and helm uninstall.
#   scenario.sh BIN_DIR
set -euo pipefail
source "$(dirname "$0")/lib.sh"
E2E_BIN=$1
CLIENTS=${HANDOFF_E2E_CLIENTS:-300}
release=handoff
system_ns=handoff-system
app_ns=demo
k() { e2e_kubectl "$@"; }
step() { e2e_log "step $*"; }
passed=0
pass() { e2e_log "  ok: $*"; passed=$((passed + 1)); }
# A closing line in the plain form any runner's summary takes: every check passed, or the first that failed.
trap 'rc=$?; if [ $rc -eq 0 ]; then echo "kube-e2e: $passed passed, 0 failed"; else echo "kube-e2e: $passed passed, 1 failed"; fi' EXIT

restricted_namespace() {
  k create namespace "$1" >/dev/null
  k label namespace "$1" pod-security.kubernetes.io/enforce=restricted \
    pod-security.kubernetes.io/enforce-version=latest >/dev/null
}

step "1: helm install $release (operator, webhook, Redis) into $system_ns"
restricted_namespace "$system_ns"
restricted_namespace "$app_ns"
password=$(openssl rand -hex 24)
e2e_helm install "$release" "$E2E_REPO/helm/handoff" -n "$system_ns" \
  --set redis.auth.password="$password" --set "sidecar.redisUrlSecret.namespaces={$app_ns}" \
  --set operator.controller.reportDelay=5s --wait --timeout 5m >"$E2E_RUN/logs/helm-install.log" 2>&1 \
  || { k -n "$system_ns" get pods -o wide >&2; k -n "$system_ns" get events >&2; e2e_fail "helm install (logs/helm-install.log)"; }
k -n "$system_ns" rollout status deploy/"$release"-operator --timeout 120s >/dev/null
sa=$(k -n "$system_ns" get pods -l app.kubernetes.io/component=operator -o jsonpath='{.items[0].spec.serviceAccountName}')
[ "$sa" = "$release-operator" ] || e2e_fail "operator pods run as ServiceAccount '$sa', not $release-operator"
pass "operator Ready under ServiceAccount $sa"
ca_bundle_patched() { k get mutatingwebhookconfiguration "$release-operator" -o jsonpath='{..caBundle}' | grep -q .; }
e2e_wait "webhook caBundle patched by the operator" 60 ca_bundle_patched
pass "webhook caBundle patched"
for pod in $(k -n "$system_ns" get pods -l app.kubernetes.io/component=operator -o name); do
  if k -n "$system_ns" logs "$pod" | grep -Ei 'forbidden|" 403|code=403'; then
    e2e_fail "$pod logged a refusal of the API server (RBAC): see above"
  fi
done
pass "no 403 in the operator's logs"

step "2: the demo app annotated handoff.dev/inject in $app_ns (Pod Security restricted)"
k -n "$app_ns" apply -f "$E2E_REPO/k8s/examples/demo-app.yaml" >/dev/null
k -n "$app_ns" rollout status deploy/demo --timeout 180s >/dev/null \
  || { k -n "$app_ns" get events >&2; k -n "$app_ns" describe pods >&2; e2e_fail "demo Deployment not rolled out"; }
pods=$(k -n "$app_ns" get pods -l app.kubernetes.io/name=demo -o json)
count=$(jq '.items | length' <<<"$pods")
native=$(jq '[.items[] | select(any(.spec.initContainers[]?; .name == "handoff-sidecar" and .restartPolicy == "Always"))] | length' <<<"$pods")
ready=$(jq '[.items[] | select(any(.status.conditions[]; .type == "Ready" and .status == "True"))] | length' <<<"$pods")
[ "$count" -ge 2 ] && [ "$native" = "$count" ] && [ "$ready" = "$count" ] \
  || e2e_fail "demo pods: $count, with the native sidecar: $native, Ready: $ready"
pass "$count demo pods injected (native sidecar), admitted under restricted, Ready with their probes"

# Prometheus runs from before the rollout, so that the counters' increases are seen.
e2e_render prometheus.yml "$E2E_RUN/prometheus.yml"
echo '[]' > "$E2E_RUN/prometheus-targets.json"
e2e_start pod-targets bash "$(dirname "$0")/pod-targets.sh" "$E2E_BIN" "$E2E_RUN/prometheus-targets.json"
prom=http://127.0.0.1:19090
e2e_start prometheus prometheus --config.file "$E2E_RUN/prometheus.yml" --storage.tsdb.path "$E2E_RUN/prometheus" \
  --web.listen-address 127.0.0.1:19090
e2e_wait "Prometheus ready" 60 e2e_in_ns curl -fsS "$prom/-/ready"
scraped() { # scraped N: at least N targets up
  [ "$(e2e_in_ns curl -fsS "$prom/api/v1/targets?state=active" | jq '[.data.activeTargets[] | select(.health == "up")] | length')" -ge "$1" ]
}
e2e_wait "Prometheus scraping the 2 operator and 2 demo pods" 60 scraped 4

step "3: $CLIENTS clients through the demo Service"
ip=$(k -n "$app_ns" get service demo -o jsonpath='{.spec.clusterIP}')
report=$E2E_RUN/report
e2e_in_ns java -XX:+UseSerialGC -jar "$E2E_REPO/loadtest/target/handoff-loadtest.jar" rolling-deploy \
  --target "ws://$ip/live" --clients "$CLIENTS" --deploys 1 --watch-for 4m --report-dir "$report" \
  >"$E2E_RUN/logs/loadtest.out" 2>"$E2E_RUN/logs/loadtest.err" &
loadtest=$!
e2e_wait "all $CLIENTS clients connected" 120 grep -q "watching v" "$E2E_RUN/logs/loadtest.err"
pass "clients connected and holding state"

step "4: kubectl rollout restart deployment/demo"
# The old pods' sidecars, followed until their containers end: what their drains logged.
old_pods=$(k -n "$app_ns" get pods -l app.kubernetes.io/name=demo -o jsonpath='{.items[*].metadata.name}')
followers=()
for pod in $old_pods; do
  k -n "$app_ns" logs -f "$pod" -c handoff-sidecar >"$E2E_RUN/logs/sidecar-$pod.log" 2>&1 &
  followers+=($!)
done
k -n "$app_ns" rollout restart deploy/demo >/dev/null
k -n "$app_ns" rollout status deploy/demo --timeout 300s >/dev/null || e2e_fail "the restart did not roll out"
rc=0; wait $loadtest || rc=$?
cat "$E2E_RUN/logs/loadtest.out" >&2
[ $rc -eq 0 ] || e2e_fail "the load test ended with exit code $rc (1: some client lost its state; logs/loadtest.err)"
lost=$(jq '.totals.lostClients' "$report/report.json")
intact=$(jq '.totals.intactClients' "$report/report.json")
restored=$(jq '.totals.restored' "$report/report.json")
[ "$lost" = 0 ] && [ "$intact" = "$CLIENTS" ] && [ "$restored" -ge "$CLIENTS" ] \
  || e2e_fail "report: $intact of $CLIENTS clients intact, $restored restored, $lost lost"
pass "$restored restored byte for byte, 0 lost"
pods_gone() { [ -z "$(k -n "$app_ns" get pods -o name $old_pods 2>/dev/null)" ]; }
e2e_wait "the old pods gone" 120 pods_gone
for pid in "${followers[@]}"; do wait "$pid" || true; done
for pod in $old_pods; do
  grep -q 'event=drain_finished' "$E2E_RUN/logs/sidecar-$pod.log" \
    || e2e_fail "old pod $pod's sidecar logged no finished drain (logs/sidecar-$pod.log)"
done
hooks_failed=$(k -n "$app_ns" get events --field-selector reason=FailedPreStopHook -o name)
[ -z "$hooks_failed" ] || e2e_fail "the kubelet reports failed preStop hooks: $hooks_failed"
pass "the kubelet ran every preStop hook and each old sidecar drained before it stopped"
event_of_rollout() {
  k -n "$app_ns" get events --field-selector involvedObject.kind=Deployment,involvedObject.name=demo,reason=RolloutHandoff \
    -o jsonpath='{range .items[*]}{.message}{"\n"}{end}'
}
event_reported() { event_of_rollout | grep -q 'restored'; }
e2e_wait "the RolloutHandoff Event on deployment/demo" 120 event_reported
message=$(event_of_rollout | tail -1)
e2e_log "  event: $message"
grep -Eq "([0-9]+) sessions? handed off, \1 restored, .*\b0 lost" <<<"$message" \
  || e2e_fail "the rollout Event does not say every session was restored: $message"
k -n "$app_ns" describe deploy/demo | grep -q RolloutHandoff || e2e_fail "kubectl describe does not show the Event"
pass "kubectl describe deployment/demo shows: $message"
# What a user would look at, kept with the logs (docs/OPERATOR.md quotes them).
k -n "$app_ns" describe deploy/demo >"$E2E_RUN/logs/describe-deployment-demo.txt"
k -n "$app_ns" get pods -l app.kubernetes.io/name=demo -o yaml >"$E2E_RUN/logs/demo-pods.yaml"
k -n "$app_ns" get events --sort-by=.lastTimestamp >"$E2E_RUN/logs/events-demo.txt"

step "5: every query of the chart's Grafana dashboard has data in Prometheus"
# Grafana's variables as a user first opens the dashboard: every namespace, app and pod, a 10-minute range.
queries=$(jq -r '[.. | objects | select(has("expr")) | .expr] | unique[]' "$E2E_REPO/helm/handoff/dashboards/handoff.json" \
  | sed -e 's/\$__rate_interval/5m/g' -e 's/\$__range/10m/g' -e 's/\$__interval/30s/g' -e 's/\$\(namespace\|app\|pod\)/.*/g')
empty=0; total=0
while IFS= read -r q; do
  total=$((total + 1))
  n=$(e2e_in_ns curl -fsS "$prom/api/v1/query" --data-urlencode "query=$q" | jq '.data.result | length')
  if [ "$n" = 0 ]; then e2e_log "  no data: $q"; empty=$((empty + 1)); fi
done <<<"$queries"
[ $empty -eq 0 ] || e2e_fail "$empty of $total dashboard queries returned no data"
for q in 'sum by (outcome) (increase(handoff_operator_rollout_sessions_total[10m]))' \
         'sum by (outcome) (increase(handoff_restores_total[10m]))' 'sum(handoff_connections)'; do
  echo "$q"; e2e_in_ns curl -fsS "$prom/api/v1/query" --data-urlencode "query=$q" \
    | jq -c '.data.result[] | [.metric, .value[1]]'
done >"$E2E_RUN/logs/prometheus-queries.txt"
pass "all $total dashboard queries return data"
promtool check rules "$E2E_REPO/helm/handoff/rules/handoff.rules.yaml" >"$E2E_RUN/logs/promtool.log" 2>&1 \
  || e2e_fail "promtool check rules: $(cat "$E2E_RUN/logs/promtool.log")"
rules_evaluated() {
  e2e_in_ns curl -fsS "$prom/api/v1/rules" | jq -e '[.data.groups[].rules[]] | length > 0 and all(.health == "ok")' >/dev/null
}
e2e_wait "the chart's alert rules evaluated without error" 30 rules_evaluated
pass "the chart's alert rules pass promtool check rules and evaluate in Prometheus"

step "6: helm upgrade keeps the webhook working; helm uninstall leaves only what docs/HELM.md lists"
# What the webhook makes of an annotated pod, asked without creating it: a server-side dry run runs the
# admission chain (the webhook declares sideEffects None).
dry_run_pod() {
  k -n "$app_ns" create --dry-run=server -o json -f - <<'POD'
{"apiVersion": "v1", "kind": "Pod",
 "metadata": {"generateName": "probe-", "labels": {"app.kubernetes.io/name": "probe"}, "annotations": {"handoff.dev/inject": "true", "handoff.dev/version": "1"}},
 "spec": {"securityContext": {"runAsNonRoot": true, "runAsUser": 10001, "seccompProfile": {"type": "RuntimeDefault"}},
  "containers": [{"name": "app", "image": "ghcr.io/handoff-dev/handoff-demo-app:0.1.0",
   "ports": [{"name": "http", "containerPort": 8080}],
   "securityContext": {"allowPrivilegeEscalation": false, "capabilities": {"drop": ["ALL"]}}}]}}
POD
}
sidecar_of_dry_run() { dry_run_pod | jq -e '[.spec.initContainers[]?, .spec.containers[]] | map(select(.name == "handoff-sidecar"))[0]'; }
injects() { sidecar_of_dry_run >/dev/null; }
injects || e2e_fail "the webhook did not inject a dry-run pod before the upgrade"
e2e_helm upgrade "$release" "$E2E_REPO/helm/handoff" -n "$system_ns" --reuse-values --wait --timeout 5m \
  >"$E2E_RUN/logs/helm-upgrade.log" 2>&1 || e2e_fail "helm upgrade, values unchanged (logs/helm-upgrade.log)"
injects || e2e_fail "the webhook stopped injecting after helm upgrade with unchanged values"
pass "helm upgrade, values unchanged: the webhook injects"
# An upgrade that replaces the operator's pods (a changed setting): the new pods serve and publish the CA again.
e2e_helm upgrade "$release" "$E2E_REPO/helm/handoff" -n "$system_ns" --reuse-values --set sidecar.reconnectSpread=3s \
  --wait --timeout 5m >>"$E2E_RUN/logs/helm-upgrade.log" 2>&1 || e2e_fail "helm upgrade with a new setting"
k -n "$system_ns" rollout status deploy/"$release"-operator --timeout 120s >/dev/null
new_spread() { sidecar_of_dry_run | jq -e '.env[] | select(.name == "HANDOFF_RECONNECT_SPREAD") | select(.value == "3s")' >/dev/null; }
e2e_wait "the upgraded operator injecting HANDOFF_RECONNECT_SPREAD=3s" 60 new_spread
pass "helm upgrade with a new setting: the new operator pods inject it"

e2e_helm uninstall "$release" -n "$system_ns" --wait --timeout 5m >"$E2E_RUN/logs/helm-uninstall.log" 2>&1 \
  || e2e_fail "helm uninstall (logs/helm-uninstall.log)"
no_operator_pods() { [ -z "$(k -n "$system_ns" get pods -o name)" ]; }
e2e_wait "the release's pods gone" 120 no_operator_pods
# Everything left in the release's namespace and the cluster-wide objects naming the release.
left=$(for kind in $(k api-resources --verbs=list --namespaced -o name | grep -v '^events'); do
         k -n "$system_ns" get "$kind" -o name 2>/dev/null
       done | grep -v -e '^serviceaccount/default$' -e '^configmap/kube-root-ca.crt$' | sort)
left_cluster=$(k get mutatingwebhookconfigurations,validatingwebhookconfigurations,clusterroles,clusterrolebindings \
  -o name | grep "$release" | sort || true)
expected=$(printf '%s\n' "configmap/$release-operator-rollouts" "lease.coordination.k8s.io/$release-operator-leader" \
  "secret/$release-operator-tls" | sort)
[ -z "$left_cluster" ] || e2e_fail "helm uninstall left cluster-wide objects: $left_cluster"
[ "$left" = "$expected" ] || e2e_fail "helm uninstall left in $system_ns: $(echo $left) (docs/HELM.md lists: $(echo $expected))"
pass "helm uninstall left only what the operator made itself: $(echo $left)"
injects && e2e_fail "annotated pods are still injected after helm uninstall"
pass "annotated pods are created unchanged once the chart is gone"

e2e_log "scenario passed"
