#!/usr/bin/env python3
"""Side-by-side comparison of kvlab's transports with redis-server, as issue 3 asks.

Every server runs as its own process on loopback; Redis's own redis-benchmark drives them all the same way
(-c 50 -r 100000 -t set,get -d 3), at pipeline 1 and 16. Servers are alternated within each round, and the
report quotes medians over rounds of the ratio to redis-server measured in the same round. Traced runs alternate the
same way, one per server per round (wait calls per request swing ±10% between single runs), and syscall counts are
medians over those rounds.

  untraced runs -> throughput, p50 and p99 latency (redis-benchmark), server CPU per request, user and system
                   (utime, stime from /proc/PID/stat over the run / INFO total_commands_processed delta)
  traced runs   -> syscalls and context switches per request (perf stat -e raw_syscalls:sys_enter,context-switches
                   and syscalls:sys_enter_* -p PID)

Usage (from the repository root, after ./mvnw -B -q -DskipTests package; as root for perf):
  python3 bench/compare_redis.py [--rounds 5] [--traced-rounds 5] [--seconds 5] [--transports nio,epoll,iouring,blocking]
                                 [--json out.json]
A transport written NAME@OPTS runs with extra options, separated by spaces (no commas): those starting with -- go to
kv-server, the others to the JVM. So one run compares settings side by side: --transports 'nio,nio@--event-loops=2'
or 'nio,nio@-XX:-UseShenandoahGC -XX:+UseParallelGC' (kv-server runs with bin/kv-server's JVM options, from
bin/lib/server-java-opts; options given after @ come after them, so they win).
"""
import argparse, json, os, re, shutil, signal, socket, statistics, subprocess, sys, time

from server_java_opts import SERVER_JAVA_OPTS

CLK_TCK = os.sysconf('SC_CLK_TCK')
EVENTS = ['read', 'write', 'readv', 'writev', 'recvfrom', 'sendto', 'epoll_wait', 'epoll_pwait', 'epoll_pwait2',
          'epoll_ctl', 'io_uring_enter', 'futex', 'accept', 'accept4', 'close', 'poll', 'select']


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


def start(name, jar):
    """Starts 'redis', or kv-server on transport NAME; NAME@OPTS adds options: --x to kv-server, others to the JVM."""
    port = free_port()
    if name == 'redis':
        cmd = ['redis-server', '--port', str(port), '--save', '', '--appendonly', 'no', '--bind', '127.0.0.1']
    else:
        transport, _, extra = name.partition('@')
        server_opts = [o for o in extra.split() if o.startswith('--')]
        jvm_opts = [o for o in extra.split() if not o.startswith('--')]
        cmd = ['java', *SERVER_JAVA_OPTS, *jvm_opts, '-jar', jar,
               '--transport', transport, '--port', str(port), *server_opts]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_port(port)
    return {'name': name, 'port': port, 'proc': proc}


def commands_processed(port):
    out = subprocess.run(['redis-cli', '-p', str(port), 'INFO', 'stats'], capture_output=True, text=True).stdout
    return int(re.search(r'total_commands_processed:(\d+)', out).group(1))


def cpu_ticks(pid):
    with open(f'/proc/{pid}/stat') as f:
        fields = f.read().rsplit(')', 1)[1].split()
    return int(fields[11]), int(fields[12])  # utime, stime


def bench(port, pipeline, requests):
    out = subprocess.run(['redis-benchmark', '-p', str(port), '-c', '50', '-r', '100000', '-t', 'set,get', '-d', '3',
                          '-P', str(pipeline), '-n', str(requests), '--csv'], capture_output=True, text=True).stdout
    rows = [l.replace('"', '').split(',') for l in out.strip().splitlines()[1:]]
    rps = [float(r[1]) for r in rows]
    p50 = [float(r[4]) for r in rows]
    p99 = [float(r[6]) for r in rows]
    # two tests of equal request counts: overall rate is the harmonic mean; latencies are the slower test's
    return len(rps) / sum(1 / r for r in rps), max(p50), max(p99)


def measure(server, pipeline, requests):
    pid, port = server['proc'].pid, server['port']
    before_cmds, (before_user, before_sys) = commands_processed(port), cpu_ticks(pid)
    rps, p50, p99 = bench(port, pipeline, requests)
    (after_user, after_sys), after_cmds = cpu_ticks(pid), commands_processed(port)
    served = after_cmds - before_cmds - 1  # minus the INFO before
    per_request = lambda ticks: ticks / CLK_TCK * 1e6 / served
    user, sys_ = per_request(after_user - before_user), per_request(after_sys - before_sys)
    return {'ops_per_sec': rps, 'p50_ms': p50, 'p99_ms': p99, 'cpu_us_per_request': user + sys_, 'user_us_per_request': user,
            'sys_us_per_request': sys_}


def available_events():
    have = set(os.listdir('/sys/kernel/tracing/events/syscalls')) if os.path.isdir('/sys/kernel/tracing/events/syscalls') else set()
    return [e for e in EVENTS if 'sys_enter_' + e in have]


def traced(server, pipeline, requests, events):
    pid, port = server['proc'].pid, server['port']
    spec = ','.join(['raw_syscalls:sys_enter', 'context-switches'] + ['syscalls:sys_enter_' + e for e in events])
    out_file = f'/tmp/kvlab-compare-{server["port"]}-{pipeline}.perf'
    before = commands_processed(port)
    perf = subprocess.Popen(['perf', 'stat', '-x', ',', '-e', spec, '-p', str(pid), '-o', out_file],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(0.5)
    bench(port, pipeline, requests)
    perf.send_signal(signal.SIGINT)
    perf.wait()
    served = commands_processed(port) - before - 1
    counts = {}
    for line in open(out_file):
        parts = line.strip().split(',')
        if len(parts) > 2 and parts[0].replace('.', '').isdigit():
            counts[parts[2].split(':')[-1].replace('sys_enter_', '') or 'all'] = int(float(parts[0]))
    counts['all'] = counts.pop('sys_enter', counts.get('all', 0))
    return {k: v / served for k, v in counts.items() if v}, served


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--rounds', type=int, default=5)
    ap.add_argument('--traced-rounds', type=int, default=5)
    ap.add_argument('--seconds', type=float, default=5)
    ap.add_argument('--transports', default='nio,epoll,iouring,blocking',
                    help='comma-separated; NAME@OPTS adds options to that server: --x to kv-server, others to the JVM')
    ap.add_argument('--json')
    args = ap.parse_args()
    jar = 'kv-server/target/kv-server.jar'
    for tool in ['redis-server', 'redis-benchmark', 'redis-cli']:
        if not shutil.which(tool):
            sys.exit(f'{tool} is not installed (Debian: apt-get install redis-server redis-tools)')
    names = ['redis'] + args.transports.split(',')
    print(f'machine: {os.cpu_count()} cores, {os.uname().release}; servers: {names}', flush=True)
    servers = [start(n, jar) for n in names]
    try:
        rate = {1: 60_000, 16: 600_000}
        for s in servers:  # warm-up: JIT and keyspace
            for p in (1, 16):
                bench(s['port'], p, int(rate[p] * 2))
        results = {p: {n: [] for n in names} for p in (1, 16)}
        for r in range(args.rounds):
            for p in (1, 16):
                order = servers if r % 2 == 0 else list(reversed(servers))
                for s in order:
                    m = measure(s, p, int(rate[p] * args.seconds))
                    results[p][s['name']].append(m)
                    print(f'round {r + 1} P{p:<2} {s["name"]:9} {m["ops_per_sec"]:>10.0f} ops/s  p50 {m["p50_ms"]:.3f} ms  '
                          f'p99 {m["p99_ms"]:.3f} ms  '
                          f'cpu {m["cpu_us_per_request"]:.2f} us/req', flush=True)
        events = available_events()
        syscalls = {p: {n: [] for n in names} for p in (1, 16)}
        if shutil.which('perf') and events:
            for r in range(args.traced_rounds):
                for p in (1, 16):
                    for s in (servers if r % 2 == 0 else list(reversed(servers))):
                        counts, _ = traced(s, p, int(rate[p] * args.seconds * 0.8), events)
                        syscalls[p][s['name']].append(counts)
                        print(f'traced {r + 1} P{p:<2} {s["name"]:9} {counts.get("all", 0):.3f} syscalls/req', flush=True)
        report(names, results, syscalls, args)
    finally:
        for s in servers:
            s['proc'].terminate()
            s['proc'].wait()


def report(names, results, syscalls, args):
    summary = {}
    for p in (1, 16):
        print(f'\n### Pipeline {p} (medians over {args.rounds} rounds, syscalls over {args.traced_rounds} traced rounds; '
              f'ratio = median of per-round ratios to redis)\n')
        print('| server | ops/s | ratio | p50 / p99 ms | p50 / p99 ratio | CPU µs/req (user + sys) | CPU ratio | syscalls/req '
              '| syscalls ratio | read+write/req | other/req | context switches/req |')
        print('|---|---|---|---|---|---|---|---|---|---|---|---|')
        base = results[p]['redis']
        traced_base = syscalls[p]['redis']
        for n in names:
            rs = results[p][n]
            med = lambda key: statistics.median(m[key] for m in rs)
            ratio = lambda key: statistics.median(m[key] / b[key] for m, b in zip(rs, base))
            rounds = syscalls[p][n]
            sc = {k: statistics.median(c.get(k, 0) for c in rounds) for k in set().union(*rounds)} if rounds else {}
            switches = sc.pop('context-switches', float('nan'))
            sc_ratio = statistics.median(c['all'] / b['all'] for c, b in zip(rounds, traced_base)) if rounds else float('nan')
            rw = sum(v for k, v in sc.items() if k in ('read', 'write', 'readv', 'writev', 'recvfrom', 'sendto'))
            other = sc.get('all', 0) - rw - sum(v for k, v in sc.items() if k in ('epoll_wait', 'epoll_pwait', 'epoll_pwait2', 'io_uring_enter'))
            row = {'ops_per_sec': med('ops_per_sec'), 'ops_ratio': ratio('ops_per_sec'), 'p50_ms': med('p50_ms'),
                   'p50_ratio': ratio('p50_ms'), 'p99_ms': med('p99_ms'), 'p99_ratio': ratio('p99_ms'), 'cpu_us_per_request': med('cpu_us_per_request'),
                   'cpu_ratio': ratio('cpu_us_per_request'), 'syscalls_per_request': sc, 'syscalls_ratio': sc_ratio,
                   'context_switches_per_request': switches}
            summary.setdefault(p, {})[n] = row
            print(f'| {n} | {row["ops_per_sec"]:.0f} | {row["ops_ratio"]:.2f} | '
                  f'{row["p50_ms"]:.3f} / {row["p99_ms"]:.3f} | {row["p50_ratio"]:.2f} / {row["p99_ratio"]:.2f} | '
                  f'{row["cpu_us_per_request"]:.2f} ({med("user_us_per_request"):.2f} + {med("sys_us_per_request"):.2f}) | '
                  f'{row["cpu_ratio"]:.2f} | {sc.get("all", float("nan")):.3f} | {sc_ratio:.3f} | {rw:.3f} | {other:.4f} | {switches:.3f} |')
        print()
        for n in names:
            sc = summary[p][n]['syscalls_per_request']
            print(f'- {n}: ' + ', '.join(f'{k} {v:.3f}' for k, v in sorted(sc.items(), key=lambda kv: -kv[1])))
    if args.json:
        with open(args.json, 'w') as f:
            json.dump({'rounds': args.rounds, 'traced_rounds': args.traced_rounds,
                       'results': {str(p): r for p, r in results.items()},
                       'syscalls': {str(p): r for p, r in syscalls.items()}, 'summary': {str(p): s for p, s in summary.items()}}, f, indent=1)


if __name__ == '__main__':
    main()
