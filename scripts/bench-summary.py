#!/usr/bin/env python3
"""bench-summary.py [--tasks] DIR... : the combined figures of `jitrl bench` reports (success by episode, Avg, Final,
transfer) and, with --tasks, a table per task (static and JitRL by episode, JitRL per seed) for docs/benchmarks.md."""
import json, sys, collections
args = sys.argv[1:]
pertask = '--tasks' in args
dirs = [a for a in args if not a.startswith('--')]
res = []; tr = {'fresh': 0, 'jit': 0.0, 'stat': 0.0}
for d in dirs:
    j = json.load(open(d + '/results.json'))
    res += j['results']
    t = j.get('transfer')
    if t:
        n = len(t['fresh']); tr['fresh'] += n
        tr['jit'] += t['transferSuccess'] * n; tr['stat'] += t['staticSuccess'] * n
E = max(r['episode'] for r in res)
for mode in ('static', 'jitrl'):
    rs = [r for r in res if r['mode'] == mode]
    if not rs: continue
    by = [sum(r['success'] for r in rs if r['episode'] == e) / max(1, sum(1 for r in rs if r['episode'] == e)) for e in range(1, E + 1)]
    print(f"{mode:7s} " + " ".join(f"{x:.2f}" for x in by) + f"  Avg {sum(by)/len(by):.2f}  Final {by[-1]:.2f}  ({len(rs)} episodes)")
if tr['fresh']:
    print(f"transfer JitRL {tr['jit']/tr['fresh']:.2f} vs static {tr['stat']/tr['fresh']:.2f} ({tr['fresh']} fresh instances)")
for mode in ('transfer', 'transfer-static'):
    rs = [r for r in res if r['mode'] == mode]
    if rs: print(mode, f"{sum(r['success'] for r in rs)/len(rs):.2f} ({len(rs)})")
if pertask:
    tasks = collections.OrderedDict()
    for r in res:
        t, seed = r['task'].rsplit('#', 1) if '#' in r['task'] else (r['task'], '')
        tasks.setdefault(t, collections.defaultdict(dict))[r['mode']][(seed, r['episode'])] = r['success']
    print("| task | static ep1..5 | JitRL ep1..5 | JitRL Final | JitRL per seed |")
    print("|---|---|---|---|---|")
    for t, m in sorted(tasks.items()):
        def rates(mode):
            d = m.get(mode, {})
            seeds = sorted({s for s, _ in d}, key=lambda x: (len(x), x))
            return [sum(d[(s, e)] for s in seeds) / len(seeds) for e in range(1, E + 1)], seeds, d
        sr, _, _ = rates('static'); jr, seeds, jd = rates('jitrl')
        per = " ".join("".join('1' if jd[(s, e)] else '0' for e in range(1, E + 1)) for s in seeds)
        print(f"| {t} | {' '.join(f'{x:.1f}' for x in sr)} | {' '.join(f'{x:.1f}' for x in jr)} | {jr[-1]:.1f} | {per} |")
