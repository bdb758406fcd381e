#!/usr/bin/env python3
"""Groups /proc/<pid>/smaps Rss by what a mapping is; heap range from argv (hex start, hex end)."""
import sys, re
pid = sys.argv[1]; hs, he = int(sys.argv[2], 16), int(sys.argv[3], 16)
groups = {}; cur = None
for line in open(f"/proc/{pid}/smaps"):
    p = line.split()
    if re.match(r'^[0-9a-f]+-[0-9a-f]+$', p[0]):
        a, b = (int(x, 16) for x in p[0].split('-'))
        path = p[5] if len(p) > 5 else ''
        perm = p[1]
        if path.endswith('.jsa'): g = 'CDS archive ' + path.rsplit('/', 1)[1] + (' (anon: relocated/written pages)' if False else '')
        elif path.endswith('libjvm.so'): g = 'libjvm.so'
        elif path.endswith('/modules'): g = 'lib/modules (jimage)'
        elif '.so' in path: g = 'other shared libraries'
        elif path.endswith('.jar'): g = 'jar'
        elif path.startswith('['): g = path
        elif path: g = 'other files'
        elif hs <= a < he: g = 'Java heap'
        elif 'x' in perm: g = 'code cache (rwx anon)'
        else: g = 'other anonymous (metaspace, malloc arenas incl. direct buffers, thread stacks, JIT/GC)'
        cur = groups.setdefault(g, [0, 0])
    elif p[0] == 'Rss:': cur[0] += int(p[1])
    elif p[0] == 'Anonymous:': cur[1] += int(p[1])
tot = sum(v[0] for v in groups.values())
print(f"| mapping | Rss MiB | of which anonymous MiB |\n|---|---|---|")
for g, (r, an) in sorted(groups.items(), key=lambda kv: -kv[1][0]):
    if r >= 100: print(f"| {g} | {r/1024:.1f} | {an/1024:.1f} |")
print(f"| **total** | {tot/1024:.1f} | {sum(v[1] for v in groups.values())/1024:.1f} |")
