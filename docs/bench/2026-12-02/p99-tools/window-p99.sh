#!/bin/bash
# HTTP p99 and the collector: nginx, the old jar and the new jar with GC logs, the new jar with no collector (Epsilon), two rounds.
cd /tmp/p99
NEW=${NEW:-/work/main/sidecar/target/handoff-sidecar.jar}
java -Xmx512m -cp /work/main/loadtest/target/handoff-loadtest.jar dev.handoff.loadtest.bench.EchoApp 18080 > echo.log 2>&1 &
echo_pid=$!
until curl -sf http://127.0.0.1:18080/ >/dev/null; do sleep 0.1; done
for round in 1 2; do
  echo "## round $round, load $(cut -d' ' -f1-3 /proc/loadavg)"
  ./nginx.sh
  JAR=/tmp/p99/base-94e180b.jar ./run.sh old$round -Xmn4m
  JAR=$NEW ./run.sh new$round -Xmn4m
  GC="-XX:+UnlockExperimentalVMOptions -XX:+UseEpsilonGC" JAR=$NEW ./run.sh eps$round -Xms2g -Xmx2g -XX:+AlwaysPreTouch -XX:MaxRAM=8g
done
kill $echo_pid
