import json, sys, statistics
from collections import OrderedDict
rows = OrderedDict()
for f in sys.argv[1:]:
    for l in open(f):
        r = json.loads(l); rows.setdefault(r["label"], []).append(r)
base = None
print("| variant | VmRSS MiB | Δ vs first | RssAnon | RssFile | ready ms | runs (VmRSS each) | load 1 min |")
print("|---|---|---|---|---|---|---|---|")
for k, rs in rows.items():
    med = lambda key: statistics.median(r[key] for r in rs)
    v = med("VmRSS")/1024
    if base is None: base = v
    print(f"| {k} | {v:.1f} | {v-base:+.1f} | {med('RssAnon')/1024:.1f} | {med('RssFile')/1024:.1f} | {med('ready_ms'):.0f} | {', '.join('%.1f' % (r['VmRSS']/1024) for r in rs)} | {min(r['load1'] for r in rs):.1f}–{max(r['load1'] for r in rs):.1f} |")
