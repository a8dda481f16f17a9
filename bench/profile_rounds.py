#!/usr/bin/env python3
"""`kv-bench profile --baseline redis` in alternated rounds, summarised as medians of per-round ratios to Redis.

One `kv-bench profile` runs every server once, one after the other, with one load generator: a single run says
little on a shared machine, and always in the same order. This runs it --rounds times at each pipeline depth, the
kv-server transports in the given order in even rounds and reversed in odd ones (Redis, the baseline, comes after
them in each), each run under the bench lock (flock /tmp/kvlab-bench.lock, about three minutes each with the default
30 s warm-up), and prints per depth and server: the medians of p99 and p99.9 (µs, corrected for coordinated
omission, as the profile reports them), the medians of the per-round ratios to Redis's row of the same run (p99,
p99.9, throughput, CPU per request, and the load generator's CPU per request: the same generator serves every
server, so where its own cost per request moves with a server's, the machine ran slower in that window), and the most
GC pause time any window had, the server's and the load generator's.

  python3 bench/profile_rounds.py --rounds 5 --out target/profile-rounds [-- more kv-bench profile options]

Every run's report stays in OUT/round-R-PN/ (report.md, report.json, latency histograms); --summarize prints the
summary of the rounds found there without running anything (e.g. after an interrupted run).
"""
import argparse, json, os, statistics, subprocess, sys

LOCK = '/tmp/kvlab-bench.lock'


def run_profile(bench, transports, pipeline, out, extra):
    cmd = ['flock', LOCK, bench, 'profile', '--baseline', 'redis', '--transports', ','.join(transports),
           '-P', str(pipeline), '--out', out, *extra]
    print('$ ' + ' '.join(cmd), flush=True)
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    return read_report(out)


def read_report(out):
    with open(os.path.join(out, 'report.json')) as f:
        report = json.load(f)
    rows = {}
    for run in report['runs']:
        entry = rows.setdefault(run['transport'], {})
        if run['role'] == 'server':
            cpu = run.get('cpu') or {}
            entry.update(p99=run['latency_us']['p99'], p999=run['latency_us']['p999'], ops=run['ops_per_sec'],
                         cpu=cpu.get('user_us_per_request', 0) + cpu.get('system_us_per_request', 0),
                         server_gc_ms=(run.get('gc_pauses') or {}).get('millis'))
        else:
            cpu = run.get('cpu') or {}
            entry['client_gc_ms'] = (run.get('gc_pauses') or {}).get('millis')
            entry['client_cpu'] = cpu.get('user_us_per_request', 0) + cpu.get('system_us_per_request', 0)
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--rounds', type=int, default=5)
    ap.add_argument('--pipelines', default='1,16')
    ap.add_argument('--transports', default='nio,epoll,iouring')
    ap.add_argument('--out', default='target/profile-rounds')
    ap.add_argument('--bench', default=os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'bin',
                                                    'kv-bench'))
    ap.add_argument('--summarize', action='store_true',
                    help='run nothing: summarise the rounds already in --out (round-R-PN/report.json)')
    ap.add_argument('extra', nargs='*', help='more kv-bench profile options, after --')
    args = ap.parse_args()
    transports = args.transports.split(',')
    pipelines = [int(p) for p in args.pipelines.split(',')]
    results = {p: [] for p in pipelines}
    for r in range(args.rounds):
        for p in pipelines:
            out = os.path.join(args.out, f'round-{r + 1}-P{p}')
            if args.summarize:
                if os.path.exists(os.path.join(out, 'report.json')):
                    results[p].append(read_report(out))
                continue
            order = transports if r % 2 == 0 else list(reversed(transports))
            results[p].append(run_profile(args.bench, order, p, out, args.extra))
    for p in pipelines:
        rounds = results[p]
        if not rounds:
            continue
        print(f'\n### Pipeline {p}: {len(rounds)} rounds; ratios are medians of per-round ratios to redis\n')
        print('| server | p99 µs | p99.9 µs | p99 / Redis | p99.9 / Redis | throughput / Redis | CPU per request / Redis '
              '| generator CPU per request / Redis | most server GC ms in a window '
              '| most generator GC ms in a window |')
        print('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|')
        for name in transports + ['redis']:
            rows = [rd[name] for rd in rounds if name in rd and 'redis' in rd]
            base = [rd['redis'] for rd in rounds if name in rd and 'redis' in rd]
            med = lambda key: statistics.median(row[key] for row in rows)
            ratio = lambda key: statistics.median(row[key] / b[key] for row, b in zip(rows, base) if b[key])
            gc = lambda key: max((row.get(key) or 0 for row in rows), default=0)
            server_gc = '–' if name == 'redis' else f'{gc("server_gc_ms"):.1f}'
            if name == 'redis':
                print(f'| redis | {med("p99"):,.0f} | {med("p999"):,.0f} | | | | | | {server_gc} | '
                      f'{gc("client_gc_ms"):.1f} |')
            else:
                print(f'| {name} | {med("p99"):,.0f} | {med("p999"):,.0f} | {ratio("p99"):.2f} | {ratio("p999"):.2f} | '
                      f'{ratio("ops"):.2f} | {ratio("cpu"):.2f} | {ratio("client_cpu"):.2f} | {server_gc} | '
                      f'{gc("client_gc_ms"):.1f} |')
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, 'rounds.json'), 'w') as f:
        json.dump({str(p): results[p] for p in pipelines}, f, indent=1)


if __name__ == '__main__':
    sys.exit(main())
