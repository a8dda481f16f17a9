#!/usr/bin/env python3
"""redis-benchmark's default test set (all 20 tests: strings, lists, sets, hashes, sorted sets, LRANGE_100..600,
MSET) against redis-server and kv-server on each transport, side by side.

Every server runs as its own process on loopback (kv-server: one event loop, bin/kv-server's JVM options;
redis-server: --save '' --appendonly no), started once; each round runs `redis-benchmark -c 50 -P 16 -n N --csv`
against every server in turn, in a rotated order. The report gives each test's requests per second as the median over
rounds and its ratio to Redis as the median of the per-round ratios. The 20 tests run as redis-benchmark's default
set does, in two invocations so that each lasts long enough to measure: the LRANGE tests (with the LPUSH that fills
their list) with --lrange-requests, the others with --requests. A server that answers any test with an error makes
redis-benchmark stop; the report then says which test failed.

With --tests, only the named tests run (redis-benchmark's -t names, comma-separated). With --base-jar, every
transport also runs on that jar (another build's kv-server.jar), named TRANSPORT-base in the report, alternated with
this build in the same rounds. With --cpu, each of the 15 tests other than LRANGE runs as its own invocation, and the
report adds each server's CPU time per request in it (user and system, from /proc/PID/stat), with its ratio to
Redis's: on a machine shared with other work, CPU per request moves less than requests per second do; and how busy
the server and redis-benchmark itself were while it ran (CPU time over wall time, as a share of one core): a test
whose redis-benchmark is near 100% measures the load generator more than the server. With --pin, every server runs on
CPU 0 and redis-benchmark on CPU 1 (taskset), so that the scheduler does not move them onto one CPU or between CPUs
mid-test; every server is pinned the same way.

Usage (from the repository root, after ./mvnw -B -q -DskipTests package):
  python3 bench/redis_benchmark_all.py [--rounds 3] [--requests 2000000] [--lrange-requests 200000] [--pipeline 16]
                                       [--transports nio,epoll,iouring,blocking] [--tests ping_inline,get,...]
                                       [--base-jar /tmp/base/kv-server.jar] [--cpu] [--pin]
"""
import argparse, csv, io, os, resource, socket, statistics, subprocess, sys, time

from server_java_opts import SERVER_JAVA_OPTS


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


SERVER_CPU, GENERATOR_CPU = '0', '1'


def pinned(cmd, cpu, pin):
    """Returns cmd, run on the given CPU when pin is set."""
    return ['taskset', '-c', cpu] + cmd if pin else cmd


def start(name, pin, jar='kv-server/target/kv-server.jar'):
    port = free_port()
    transport = name.removesuffix('-base')
    if name == 'redis':
        cmd = ['redis-server', '--port', str(port), '--save', '', '--appendonly', 'no', '--bind', '127.0.0.1']
    else:
        cmd = ['java', *SERVER_JAVA_OPTS, '-jar', jar,
               '--transport', transport, '--port', str(port)]
    proc = subprocess.Popen(pinned(cmd, SERVER_CPU, pin), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_port(port)
    return {'name': name, 'port': port, 'proc': proc}


FAST = 'ping_inline,ping_mbulk,set,get,incr,lpush,rpush,lpop,rpop,sadd,hset,spop,zadd,zpopmin,mset'
LRANGE = 'lrange_100,lrange_300,lrange_500,lrange_600'


def cpu_seconds(pid):
    """Returns the user and system CPU time process pid has used, in seconds."""
    with open(f'/proc/{pid}/stat') as f:
        fields = f.read().rsplit(')', 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf('SC_CLK_TCK')


def children_cpu_seconds():
    """Returns the user and system CPU time this script's finished child processes have used, in seconds."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def bench(server, requests, lrange_requests, pipeline, tests, pin, cpu=None):
    """Returns ({test: requests per second}, error text or None) for the chosen tests (all 20 by default); with cpu
    a dict, each test other than LRANGE runs alone and cpu[test] is a dict of the server's CPU µs per request in it
    ('us') and the share of one core the server and redis-benchmark were busy ('server', 'generator')."""
    port = server['port']
    rates, error = {}, None
    fast = [t for t in FAST.split(',') if t in tests]
    if fast and cpu is not None:
        for t in fast:
            before, generator_before = cpu_seconds(server['proc'].pid), children_cpu_seconds()
            started = time.monotonic()
            got, failed = bench_tests(port, t, requests, pipeline, 1, pin)
            wall = time.monotonic() - started
            used = cpu_seconds(server['proc'].pid) - before
            generator = children_cpu_seconds() - generator_before
            for name in got:
                cpu[name] = {'us': used * 1e6 / requests, 'server': used / wall, 'generator': generator / wall}
            rates.update(got)
            error = error or failed
    elif fast:
        rates, error = bench_tests(port, ','.join(fast), requests, pipeline, len(fast), pin)
    lrange = [t for t in LRANGE.split(',') if t in tests]
    if lrange:
        # redis-benchmark runs the LPUSH that fills the list before any LRANGE test
        more, more_error = bench_tests(port, ','.join(lrange), lrange_requests, pipeline, len(lrange) + 1, pin)
        rates.update(more)
        error = error or more_error
    return rates, error


def bench_tests(port, tests, requests, pipeline, expected, pin):
    cmd = ['redis-benchmark', '-p', str(port), '-c', '50', '-P', str(pipeline), '-n', str(requests), '-t', tests,
           '--csv']
    out = subprocess.run(pinned(cmd, GENERATOR_CPU, pin), capture_output=True, text=True)
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
    ap.add_argument('--tests', default=FAST + ',' + LRANGE)
    ap.add_argument('--base-jar')
    ap.add_argument('--cpu', action='store_true')
    ap.add_argument('--pin', action='store_true')
    args = ap.parse_args()
    tests = args.tests.split(',')
    transports = args.transports.split(',')
    names = ['redis'] + [n for t in transports for n in ([t, t + '-base'] if args.base_jar else [t])]
    servers = [start(n, args.pin, args.base_jar) if n.endswith('-base') else start(n, args.pin) for n in names]
    rates = {n: [] for n in names}
    cpus = {n: [] for n in names}
    errors = {}
    try:
        for s in servers:  # warm-up, not counted
            bench(s, args.requests // 10, args.lrange_requests // 10, args.pipeline, tests, args.pin)
        for r in range(args.rounds):
            order = servers[r % len(servers):] + servers[:r % len(servers)]
            for s in order:
                cpu = {} if args.cpu else None
                got, error = bench(s, args.requests, args.lrange_requests, args.pipeline, tests, args.pin, cpu)
                rates[s['name']].append(got)
                cpus[s['name']].append(cpu)
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
    if args.cpu:
        print()
        print('Server CPU µs per request (medians over rounds; ratio: median of the per-round ratios to Redis)')
        print()
        print('| test | redis µs | ' + ' | '.join(f'{n} µs | ratio' for n in names[1:]) + ' |')
        print('|' + '---|' * (2 + 2 * (len(names) - 1)))
        for t in tests:
            if t not in cpus['redis'][0]:
                continue
            row = [t, f'{statistics.median(c[t]["us"] for c in cpus["redis"]):.3f}']
            for n in names[1:]:
                if any(t not in c for c in cpus[n]):
                    row += ['error', '–']
                    continue
                ratio = statistics.median(c[t]['us'] / r[t]['us'] for c, r in zip(cpus[n], cpus['redis']))
                row += [f'{statistics.median(c[t]["us"] for c in cpus[n]):.3f}', f'{ratio:.2f}']
            print('| ' + ' | '.join(row) + ' |')
        print()
        print('Busy share of one core while the test ran, the server / redis-benchmark (medians over rounds)')
        print()
        print('| test | ' + ' | '.join(names) + ' |')
        print('|' + '---|' * (1 + len(names)))
        for t in tests:
            if t not in cpus['redis'][0]:
                continue
            row = [t]
            for n in names:
                if any(t not in c for c in cpus[n]):
                    row.append('error')
                    continue
                server = statistics.median(c[t]['server'] for c in cpus[n])
                generator = statistics.median(c[t]['generator'] for c in cpus[n])
                row.append(f'{server:.0%} / {generator:.0%}')
            print('| ' + ' | '.join(row) + ' |')
    print()
    for n in names[1:]:
        print(f'- {n}: lowest ratio {worst.get(n, 0):.2f}' + (f'; error: {errors[n]}' if n in errors else '; no error'))
    if 'redis' in errors:
        print(f'- redis: error: {errors["redis"]}')


if __name__ == '__main__':
    main()
