#!/bin/bash
cd /tmp/p99
nginx -c /tmp/p99/ng/nginx.conf -p /tmp/p99/ng >/dev/null 2>&1 &
pid=$!
until curl -sf http://127.0.0.1:18090/ >/dev/null; do sleep 0.05; done
wrk -t1 -c50 -d10s http://127.0.0.1:18090/ >/dev/null
echo "=== nginx"
wrk -t1 -c50 -d10s --latency http://127.0.0.1:18090/ | grep -E 'Requests/sec|50%|90%|99%'
kill $pid; wait $pid 2>/dev/null
