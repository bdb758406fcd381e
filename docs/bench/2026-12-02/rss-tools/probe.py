#!/usr/bin/env python3
"""Idle-RSS probe for the sidecar jar: starts one redis-server, then each variant N times round-robin;
per start: ms from spawn to first 200 on /readyz (5 ms polls), then /proc/<pid>/status 10 s after ready.
Usage: probe.py variants.json out.jsonl [--runs 3] [--settle 10] [--pause 0] [--detail]
The variants files beside this script name the jars and archives under /tmp/rss as this session made them
(train.py; see ../footprint-rss-notes.md, "Commands"). --detail adds smaps groups (smaps_groups.py; the heap
range is the one -XX:MaxRAM=512m gives), NMT when the flags enable it, and the jcmd commands a variant lists."""
import json, os, socket, subprocess, sys, time, signal, urllib.request, argparse, statistics

JAR = os.environ.get("JAR", "sidecar/target/handoff-sidecar.jar")

def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); p = s.getsockname()[1]; s.close(); return p

def status(pid):
    d = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            k, _, v = line.partition(":")
            if k in ("VmRSS", "RssAnon", "RssFile", "RssShmem", "Threads"):
                d[k] = int(v.split()[0])
    return d

def smaps_top(pid, n=25):
    maps = []; cur = None
    with open(f"/proc/{pid}/smaps") as f:
        for line in f:
            parts = line.split()
            if len(parts) >= 5 and "-" in parts[0] and not parts[0].endswith(":"):
                cur = {"range": parts[0], "perm": parts[1], "path": parts[5] if len(parts) > 5 else "[anon]", "Rss": 0, "Anon": 0, "Private_Dirty": 0}
                maps.append(cur)
            elif parts and parts[0] in ("Rss:", "Anonymous:", "Private_Dirty:"):
                cur[parts[0][:-1].replace("Anonymous", "Anon")] = int(parts[1])
    byfile = {}
    for m in maps:
        b = byfile.setdefault(m["path"], {"Rss": 0, "Anon": 0, "n": 0})
        b["Rss"] += m["Rss"]; b["Anon"] += m["Anon"]; b["n"] += 1
    top = sorted(maps, key=lambda m: -m["Rss"])[:n]
    return {"by_path": dict(sorted(byfile.items(), key=lambda kv: -kv[1]["Rss"])[:n]), "top": top}

def start(java, flags, env_extra, redis_url, log, jar=None):
    listen, admin = free_port(), free_port()
    while admin == listen: admin = free_port()
    env = dict(os.environ)
    env.update({"HANDOFF_APP": "bench", "HANDOFF_VERSION": "1", "HANDOFF_LISTEN_PORT": str(listen),
                "HANDOFF_ADMIN_PORT": str(admin), "HANDOFF_UPSTREAM": "http://127.0.0.1:9",
                "HANDOFF_DRAIN_TIMEOUT": "5s", "JAVA_TOOL_OPTIONS": ""})
    if redis_url: env["HANDOFF_REDIS_URL"] = redis_url
    env.update(env_extra)
    cmd = [java] + flags + ["-jar", jar or JAR]
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{admin}/readyz"
    while True:
        if p.poll() is not None: raise RuntimeError(f"exited {p.returncode}: {cmd}")
        try:
            with urllib.request.urlopen(url, timeout=1) as r:
                if r.status == 200: break
        except Exception: pass
        if time.monotonic() - t0 > 60: p.kill(); raise RuntimeError("not ready in 60 s")
        time.sleep(0.005)
    return p, (time.monotonic() - t0) * 1000

def stop(p):
    p.send_signal(signal.SIGTERM)
    try: p.wait(15)
    except subprocess.TimeoutExpired: p.kill(); p.wait()

def main():
    a = argparse.ArgumentParser()
    a.add_argument("variants"); a.add_argument("out")
    a.add_argument("--runs", type=int, default=3); a.add_argument("--settle", type=float, default=10)
    a.add_argument("--detail", action="store_true"); a.add_argument("--pause", type=float, default=0); a.add_argument("--logs", default="/tmp/rss/logs")
    o = a.parse_args()
    variants = json.load(open(o.variants))
    os.makedirs(o.logs, exist_ok=True)
    rport = free_port()
    redis = subprocess.Popen(["redis-server", "--port", str(rport), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
                             stdout=open(f"{o.logs}/redis.log", "w"), stderr=subprocess.STDOUT)
    try:
        time.sleep(0.5)
        out = open(o.out, "a")
        print("load", open("/proc/loadavg").read().strip(), file=sys.stderr)
        for run in range(o.runs):
            for v in variants:
                time.sleep(o.pause)
                log = open(f"{o.logs}/{v['label'].replace('/', '_').replace(' ', '_')}.log", "w")
                p, ready = start(v.get("java", "java"), v["flags"], v.get("env", {}), f"redis://127.0.0.1:{rport}" if v.get("redis", True) else None, log, v.get("jar"))
                time.sleep(o.settle)
                rec = {"label": v["label"], "run": run, "ready_ms": round(ready), **status(p.pid),
                       "load1": float(open("/proc/loadavg").read().split()[0])}
                if o.detail:
                    rec["smaps"] = smaps_top(p.pid)
                    if any("NativeMemoryTracking" in f for f in v["flags"]):
                        rec["nmt"] = subprocess.run(["jcmd", str(p.pid), "VM.native_memory", "summary"], capture_output=True, text=True).stdout
                    rec["groups"] = subprocess.run([sys.executable, os.path.join(os.path.dirname(os.path.abspath(__file__)), "smaps_groups.py"), str(p.pid), "e9800000", "100000000"], capture_output=True, text=True).stdout
                    for cmd in v.get("jcmd", []):
                        rec["jcmd " + cmd] = subprocess.run(["jcmd", str(p.pid)] + cmd.split(), capture_output=True, text=True).stdout
                stop(p)
                out.write(json.dumps(rec) + "\n"); out.flush()
                print(f"{v['label']:<55} run {run} ready {ready:6.0f} ms VmRSS {rec['VmRSS']/1024:6.1f} anon {rec['RssAnon']/1024:6.1f} file {rec['RssFile']/1024:6.1f} thr {rec['Threads']} load {rec['load1']}", file=sys.stderr, flush=True)
        print("load", open("/proc/loadavg").read().strip(), file=sys.stderr)
    finally:
        redis.terminate(); redis.wait()

if __name__ == "__main__":
    main()
