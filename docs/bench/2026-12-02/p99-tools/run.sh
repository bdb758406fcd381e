#!/bin/bash
# usage: run.sh <label> <extra jvm flags...>
set -u
cd /tmp/p99
label=$1; shift
FLAGS="${GC:--XX:+UseSerialGC} -Xss512k -XX:MaxRAMPercentage=70 -XX:InitialRAMPercentage=30 -XX:+ExitOnOutOfMemoryError -XX:TrimNativeHeapInterval=5000 -XX:-UsePerfData -XX:CICompilerCount=2 -XX:MaxRAM=512m"
env -i PATH=$PATH MALLOC_ARENA_MAX=2 HANDOFF_APP=bench HANDOFF_VERSION=1 HANDOFF_LISTEN_PORT=18081 HANDOFF_ADMIN_PORT=18082 \
  HANDOFF_UPSTREAM=http://127.0.0.1:18080 HANDOFF_EVENT_LOOPS=1 \
  java $FLAGS "$@" -Xlog:gc:file=gc-$label.log:uptime -jar ${JAR:-/tmp/p99/base-94e180b.jar} > sc-$label.log 2>&1 &
pid=$!
until curl -sf http://127.0.0.1:18082/readyz >/dev/null; do kill -0 $pid 2>/dev/null || { echo "sidecar died"; tail -3 sc-$label.log; exit 1; }; sleep 0.05; done
wrk -t1 -c50 -d10s http://127.0.0.1:18081/ >/dev/null
echo "=== $label" 
: > gc-$label.log.mark; lines=$(wc -l < gc-$label.log)
wrk -t1 -c50 -d10s --latency http://127.0.0.1:18081/ > wrk-$label.txt; grep -E "Requests/sec|50%|99%" wrk-$label.txt; reqs=$(grep -o "^ *[0-9]* requests in" wrk-$label.txt | grep -o "[0-9]*" | head -1)
tail -n +$((lines+1)) gc-$label.log > gcm-$label.log
n=$(grep -c "Pause Young" gcm-$label.log); echo "young pauses: $n full: $(grep -c "Pause Full" gcm-$label.log) requests: $reqs bytes/request: $(( n * 3328 * 1024 / reqs ))"
grep -o '[0-9.]*ms$' gcm-$label.log | tr -d ms | sort -n | awk '{a[NR]=$1; s+=$1} END {if (NR) printf "pause ms: n=%d mean=%.3f p50=%.3f p99=%.3f max=%.3f total=%.0f\n", NR, s/NR, a[int(NR*0.5)+1], a[int(NR*0.99)+1], a[NR], s}'
kill $pid; wait $pid 2>/dev/null
