#!/usr/bin/env python3
"""Training start as the Dockerfile's: flags + archive output flag, no Redis reachable, SIGTERM once ready.
Usage: train.py java out_file flag..."""
import sys, os, socket, time, signal, subprocess
sys.path.insert(0, os.path.dirname(__file__))
from probe import start, stop, free_port
java, outf, flags = sys.argv[1], sys.argv[2], sys.argv[3:]
if os.path.exists(outf): os.remove(outf)
log = open(outf + ".train.log", "w")
p, ready = start(java, flags, {}, None if os.environ.get("NOREDIS") else f"redis://127.0.0.1:{free_port()}", log, os.environ.get("JAR"))
print(f"trained {outf}: ready {ready:.0f} ms")
stop(p)
print("exit", p.returncode, "size", os.path.getsize(outf) if os.path.exists(outf) else None)
