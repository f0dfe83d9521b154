#!/usr/bin/env python3
"""Compare two bench runs per task: bench-compare.py OLD_DIR[,OLD_DIR...] NEW_DIR[,NEW_DIR...]

For every task of NEW that OLD has: each arm's outcomes per seed (static, JitRL), JitRL Final and Avg, and transfer
(fresh instances solved, against the static arm's first episode on the same seeds); then the totals."""
import json, sys, collections
def load(dirs):
    res = collections.defaultdict(lambda: {'static': {}, 'jitrl': {}, 'transfer': {}})
    for d in dirs.split(','):
        r = json.load(open(d + '/results.json'))
        for x in r['results']:
            task, _, seed = x['task'].partition('#')
            seed = seed or '0'  # a suite without seeds (local): one instance per task
            m = x['mode']
            if m in ('static', 'jitrl'):
                res[task][m].setdefault(seed, {})[x['episode']] = x['success']
            elif m == 'transfer':
                res[task]['transfer'][seed] = x['success']
    return res
def s(arm):
    return ' '.join(''.join('1' if arm[seed].get(e) else '0' for e in sorted(arm[seed])) for seed in sorted(arm, key=int))
def final(arm):
    if not arm: return float('nan')
    return sum(arm[seed][max(arm[seed])] for seed in arm) / len(arm)
def avg(arm):
    v = [x for seed in arm for x in arm[seed].values()]
    return sum(v) / len(v) if v else float('nan')
old, new = load(sys.argv[1]), load(sys.argv[2])
tot = collections.Counter()
for t in sorted(new):
    o, n = old.get(t), new[t]
    if o is None: continue
    tr = lambda a: sum(a['transfer'].values())
    ts = lambda a: sum(1 for seed in a['transfer'] if a['static'].get(seed, {}).get(1))
    print(f"{t:28s} static {s(o['static'])} -> {s(n['static'])}\n{'':28s} jitrl  {s(o['jitrl'])} -> {s(n['jitrl'])}  Final {final(o['jitrl']):.1f}->{final(n['jitrl']):.1f} Avg {avg(o['jitrl']):.2f}->{avg(n['jitrl']):.2f} transfer {tr(o)}/{len(o['transfer'])} -> {tr(n)}/{len(n['transfer'])} (static {ts(o)} -> {ts(n)})")
    tot['n'] += 1; tot['of'] += final(o['jitrl']); tot['nf'] += final(n['jitrl']); tot['ot'] += tr(o); tot['nt'] += tr(n); tot['os'] += final(o['static']) if o['static'] else 0; tot['ns'] += final(n['static']) if n['static'] else 0
    tot['oa'] += avg(o['jitrl']); tot['na'] += avg(n['jitrl']); tot['ots'] += ts(o); tot['nts'] += ts(n)
print(f"{tot['n']} tasks: JitRL Final {tot['of']/tot['n']:.3f} -> {tot['nf']/tot['n']:.3f}, Avg {tot['oa']/tot['n']:.3f} -> {tot['na']/tot['n']:.3f}, static Final {tot['os']/tot['n']:.3f} -> {tot['ns']/tot['n']:.3f}, transfer {tot['ot']} -> {tot['nt']} (static {tot['ots']} -> {tot['nts']})")
