#!/usr/bin/env python3
"""redis-benchmark's default test set (all 20 tests: strings, lists, sets, hashes, sorted sets, LRANGE_100..600,
MSET) against redis-server and kv-server on each transport, side by side.

Every server runs as its own process on loopback (kv-server: -XX:+UseParallelGC -Xms512m -Xmx1g, one event loop;
redis-server: --save '' --appendonly no), started once; each round runs `redis-benchmark -c 50 -P 16 -n N --csv`
against every server in turn, in a rotated order. The report gives each test's requests per second as the median over
rounds and its ratio to Redis as the median of the per-round ratios. The 20 tests run as redis-benchmark's default
set does, in two invocations so that each lasts long enough to measure: the LRANGE tests (with the LPUSH that fills
their list) with --lrange-requests, the others with --requests. A server that answers any test with an error makes
redis-benchmark stop; the report then says which test failed.

Usage (from the repository root, after ./mvnw -B -q -DskipTests package):
  python3 bench/redis_benchmark_all.py [--rounds 3] [--requests 2000000] [--lrange-requests 200000] [--pipeline 16]
                                       [--transports nio,epoll,iouring,blocking]
"""
import argparse, csv, io, socket, statistics, subprocess, sys, time


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def wait_port(port, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with socket.create_connection(('127.0.0.1', port), 0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f'nothing listens on {port}')


def start(name):
    port = free_port()
    if name == 'redis':
        cmd = ['redis-server', '--port', str(port), '--save', '', '--appendonly', 'no', '--bind', '127.0.0.1']
    else:
        cmd = ['java', '-XX:+UseParallelGC', '-Xms512m', '-Xmx1g', '-jar', 'kv-server/target/kv-server.jar',
               '--transport', name, '--port', str(port)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_port(port)
    return {'name': name, 'port': port, 'proc': proc}


FAST = 'ping_inline,ping_mbulk,set,get,incr,lpush,rpush,lpop,rpop,sadd,hset,spop,zadd,zpopmin,mset'
LRANGE = 'lrange_100,lrange_300,lrange_500,lrange_600'


def bench(port, requests, lrange_requests, pipeline):
    """Returns ({test: requests per second}, error text or None) for all 20 tests."""
    rates, error = bench_tests(port, FAST, requests, pipeline, 15)
    more, more_error = bench_tests(port, LRANGE, lrange_requests, pipeline, 5)
    rates.update(more)
    return rates, error or more_error


def bench_tests(port, tests, requests, pipeline, expected):
    out = subprocess.run(['redis-benchmark', '-p', str(port), '-c', '50', '-P', str(pipeline), '-n', str(requests),
                          '-t', tests, '--csv'], capture_output=True, text=True)
    rates = {}
    for row in csv.reader(io.StringIO(out.stdout)):
        if len(row) >= 2 and row[0] != 'test':
            rates[row[0]] = float(row[1])
    error = None
    if out.returncode != 0 or 'Error' in out.stdout + out.stderr or len(rates) < expected:
        error = (out.stdout + out.stderr).strip().splitlines()[-1:] or ['exit %d' % out.returncode]
        error = error[0]
    return rates, error


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--rounds', type=int, default=3)
    ap.add_argument('--requests', type=int, default=2_000_000)
    ap.add_argument('--lrange-requests', type=int, default=200_000)
    ap.add_argument('--pipeline', type=int, default=16)
    ap.add_argument('--transports', default='nio,epoll,iouring,blocking')
    args = ap.parse_args()
    names = ['redis'] + args.transports.split(',')
    servers = [start(n) for n in names]
    rates = {n: [] for n in names}
    errors = {}
    try:
        for s in servers:  # warm-up, not counted
            bench(s['port'], args.requests // 10, args.lrange_requests // 10, args.pipeline)
        for r in range(args.rounds):
            order = servers[r % len(servers):] + servers[:r % len(servers)]
            for s in order:
                got, error = bench(s['port'], args.requests, args.lrange_requests, args.pipeline)
                rates[s['name']].append(got)
                if error:
                    errors.setdefault(s['name'], error)
                print(f'round {r + 1} {s["name"]}: {len(got)} tests' + (f', error: {error}' if error else ''),
                      file=sys.stderr, flush=True)
    finally:
        for s in servers:
            s['proc'].terminate()
            s['proc'].wait()
    tests = list(rates['redis'][0].keys())
    header = '| test | redis ops/s | ' + ' | '.join(f'{n} ops/s | ratio' for n in names[1:]) + ' |'
    print(header)
    print('|' + '---|' * (2 + 2 * (len(names) - 1)))
    worst = {}
    for t in tests:
        row = [t, f'{statistics.median(rr[t] for rr in rates["redis"]):,.0f}']
        for n in names[1:]:
            values = [rr.get(t) for rr in rates[n]]
            if any(v is None for v in values):
                row += ['error', '–']
                continue
            ratios = [k[t] / rr[t] for k, rr in zip(rates[n], rates['redis'])]
            ratio = statistics.median(ratios)
            worst[n] = min(worst.get(n, 9), ratio)
            row += [f'{statistics.median(values):,.0f}', f'{ratio:.2f}']
        print('| ' + ' | '.join(row) + ' |')
    print()
    for n in names[1:]:
        print(f'- {n}: lowest ratio {worst.get(n, 0):.2f}' + (f'; error: {errors[n]}' if n in errors else '; no error'))
    if 'redis' in errors:
        print(f'- redis: error: {errors["redis"]}')


if __name__ == '__main__':
    main()
