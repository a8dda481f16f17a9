#!/usr/bin/env python3
"""Durability side by side with redis-server, as issue 5 asks: fsyncs per acknowledged write and SET throughput.

Servers, each its own process with its own empty data directory:
  redis-always   redis-server --appendonly yes --appendfsync always
  kvlab-always   kv-server --data-dir D --appendfsync always    (group commit)
  kvlab-everysec kv-server --data-dir D --appendfsync everysec
  kvlab-memory   kv-server                                       (no log at all)
Load: redis-benchmark -c 50 -r 100000 -t set -d 3, servers alternated within each round; fsync counts from a
traced run (perf stat -e syscalls:sys_enter_fsync,syscalls:sys_enter_fdatasync -p PID) over INFO-counted writes.

Usage (from the repository root after ./mvnw -B -q -DskipTests package; as root for perf):
  python3 bench/compare_fsync.py [--rounds 5] [--requests 100000] [--transport nio] [--jar PATH]
      [--baseline-jar PATH] [--servers redis-always,kvlab-always,...]
--jar picks the kv-server jar (default kv-server/target/kv-server.jar); --baseline-jar adds a server
'base-always', another build's jar under always, to compare two builds side by side in one sitting.
"""
import argparse, os, shutil, signal, statistics, subprocess, tempfile, time
from compare_redis import free_port, wait_port, commands_processed


def start(name, transport, jar, data):
    """Starts one server; a 'base-' name is the baseline jar's kv-server under the policy after the dash."""
    port = free_port()
    if name == 'redis-always':
        cmd = ['redis-server', '--port', str(port), '--save', '', '--appendonly', 'yes', '--appendfsync', 'always',
               '--dir', data, '--bind', '127.0.0.1']
    else:
        cmd = ['java', '-XX:+UseParallelGC', '-Xms512m', '-Xmx512m', '-jar', jar, '--transport', transport,
               '--port', str(port)]
        if name != 'kvlab-memory':
            cmd += ['--data-dir', data, '--appendfsync', name.split('-')[1]]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_port(port)
    return {'name': name, 'port': port, 'proc': proc}


def sets(port, requests):
    out = subprocess.run(['redis-benchmark', '-p', str(port), '-c', '50', '-r', '100000', '-t', 'set', '-d', '3',
                          '-n', str(requests), '--csv'], capture_output=True, text=True).stdout
    return float(out.strip().splitlines()[1].replace('"', '').split(',')[1])


def fsyncs_per_write(server, requests):
    pid, port = server['proc'].pid, server['port']
    out_file = tempfile.mktemp(suffix='.perf')
    before = commands_processed(port)
    perf = subprocess.Popen(['perf', 'stat', '-x', ',', '-e', 'syscalls:sys_enter_fsync,syscalls:sys_enter_fdatasync',
                             '-p', str(pid), '-o', out_file], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(0.5)
    sets(port, requests)
    perf.send_signal(signal.SIGINT)
    perf.wait()
    writes = commands_processed(port) - before - 1
    syncs = sum(int(line.split(',')[0]) for line in open(out_file) if line[:1].isdigit())
    os.unlink(out_file)
    return syncs, writes


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--rounds', type=int, default=5)
    ap.add_argument('--requests', type=int, default=100_000)
    ap.add_argument('--transport', default='nio')
    ap.add_argument('--jar', default='kv-server/target/kv-server.jar')
    ap.add_argument('--baseline-jar')
    ap.add_argument('--servers', default='redis-always,kvlab-always,kvlab-everysec,kvlab-memory')
    args = ap.parse_args()
    names = args.servers.split(',')
    if args.baseline_jar:
        names.insert(names.index('kvlab-always') + 1 if 'kvlab-always' in names else len(names), 'base-always')
    if 'redis-always' not in names:
        ap.error('--servers: ' + args.servers + ' (expected: a list with redis-always, the reference)')
    dirs = [tempfile.mkdtemp(prefix='kvlab-fsync-') for _ in names]
    servers = [start(n, args.transport, args.baseline_jar if n.startswith('base-') else args.jar, d)
               for n, d in zip(names, dirs)]
    try:
        for s in servers:
            sets(s['port'], args.requests // 2)  # warm-up
        rates = {n: [] for n in names}
        for r in range(args.rounds):
            for s in (servers if r % 2 == 0 else reversed(servers)):
                rates[s['name']].append(sets(s['port'], args.requests))
                print(f'round {r + 1} {s["name"]:15} {rates[s["name"]][-1]:>9.0f} SET/s', flush=True)
        print(f'\n| server | SET/s (median of {args.rounds}) | ratio to redis-always | fsync+fdatasync | writes | writes per fsync |')
        print('|---|---|---|---|---|---|')
        for s in servers:
            n = s['name']
            ratio = statistics.median(a / b for a, b in zip(rates[n], rates['redis-always']))
            syncs, writes = fsyncs_per_write(s, args.requests) if shutil.which('perf') else (0, 0)
            per = f'{writes / syncs:.1f}' if syncs else '-'
            print(f'| {n} | {statistics.median(rates[n]):.0f} | {ratio:.2f} | {syncs} | {writes} | {per} |')
        if 'kvlab-everysec' in rates and 'kvlab-memory' in rates:
            every, memory = rates['kvlab-everysec'], rates['kvlab-memory']
            print(f'\nkvlab everysec / no log: median of paired ratios {statistics.median(a / b for a, b in zip(every, memory)):.3f}')
        if 'base-always' in rates and 'kvlab-always' in rates:
            new, base = rates['kvlab-always'], rates['base-always']
            print(f'kvlab-always / base-always: median of paired ratios {statistics.median(a / b for a, b in zip(new, base)):.3f}')
    finally:
        for s in servers:
            s['proc'].terminate()
            s['proc'].wait()
        for d in dirs:
            shutil.rmtree(d, ignore_errors=True)


if __name__ == '__main__':
    main()
