#!/usr/bin/env python3
"""Replication against redis-server, side by side: a full resynchronization, and the steady state under load.

Full resync: a primary (kv-server on nio, or redis-server) is filled through `redis-cli --pipe` with the same mixed
data — strings, hashes, lists, sets and sorted sets in equal shares of bytes, about --size-mb of values — then a fresh
redis-server replica (the same replica for both, so only the primary side differs) runs REPLICAOF; the time from
REPLICAOF to `master_link_status:up` with the replica's `slave_repl_offset` equal to the primary's is the resync
time. The replica is Redis with `repl-diskless-load disabled` (its default): it receives the RDB to disk, then loads.
Before the resync, the primary's memory for the data: INFO `used_memory` and, for kvlab, the heap used after a full
collection (`jcmd PID GC.run`, `GC.heap_info`), with the key count; during it, the CPU seconds the primary used
(Redis's forked child included).

Steady state: `redis-benchmark -P 16 -t set -r 1000000 -d 100` against the primary for --seconds, once without a
replica and once with one; the primary's throughput with a replica over without, and the replica's lag sampled
every 100 ms during the run (primary `master_repl_offset` minus replica `slave_repl_offset`, in bytes, and the
replica's `master_last_io_seconds_ago`); the lag in seconds is the byte lag over the stream's mean rate.

Usage (from the repository root, after ./mvnw -B -q -DskipTests package):
  python3 bench/replication.py [--size-mb 1024] [--seconds 20] [--primaries kvlab,redis] [--parts resync,steady]
                               [--rounds 1] [--heap-mb MB] [--json out.json]

kv-server runs with bin/lib/server-java-opts (Shenandoah, what kv-server runs with by default), its -Xmx raised to
--heap-mb, by default 4 MB per MB of values and at least the default 1 GB: room for the live heap this mix takes
(measured and compared with Redis's used_memory in docs/benchmarks.md, section 10) and as much again for the
collector's headroom.
"""
import argparse, json, os, re, shutil, socket, subprocess, sys, tempfile, threading, time

from server_java_opts import SERVER_JAVA_OPTS

JAR = 'kv-server/target/kv-server.jar'
VALUE = 100  # bytes per value


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def wait_port(port, timeout=60):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with socket.create_connection(('127.0.0.1', port), 0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f'nothing listens on {port}')


def start(kind, directory, heap_mb):
    port = free_port()
    if kind == 'redis':
        cmd = ['redis-server', '--port', str(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no',
               '--dir', directory, '--repl-diskless-sync-delay', '0']
    else:
        cmd = ['java', *SERVER_JAVA_OPTS, f'-Xmx{heap_mb}m', '-jar', JAR, '--transport', 'nio', '--port', str(port)]
    process = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_port(port)
    return process, port


def cli(port, *args):
    return subprocess.run(['redis-cli', '-p', str(port), *map(str, args)], capture_output=True, text=True,
                          check=True).stdout


def info(port, field):
    match = re.search(r'^' + field + r':(.*)\r?$', cli(port, 'INFO', 'replication'), re.M)
    return match.group(1).strip() if match else None


def used_memory(port):
    return int(re.search(r'^used_memory:(\d+)', cli(port, 'INFO', 'memory'), re.M).group(1))


def heap_after_full_gc(pid):
    """Returns the heap bytes a JVM uses after a full collection, from jcmd's GC.heap_info."""
    subprocess.run(['jcmd', str(pid), 'GC.run'], capture_output=True, check=True)
    out = subprocess.run(['jcmd', str(pid), 'GC.heap_info'], capture_output=True, text=True, check=True).stdout
    number, unit = re.search(r'(\d+)([KMG]) used', out).groups()
    return int(number) * {'K': 1 << 10, 'M': 1 << 20, 'G': 1 << 30}[unit]


def cpu_seconds(pid):
    """Returns the CPU time, user and system, process pid and its reaped children (Redis's fork) have used."""
    with open(f'/proc/{pid}/stat') as f:
        fields = f.read().rsplit(')', 1)[1].split()
    return sum(int(field) for field in fields[11:15]) / os.sysconf('SC_CLK_TCK')


def resp(*args):
    out = [b'*%d\r\n' % len(args)]
    for a in args:
        a = a if isinstance(a, bytes) else str(a).encode()
        out.append(b'$%d\r\n%s\r\n' % (len(a), a))
    return b''.join(out)


def fill_commands(size_mb):
    """Yields the RESP commands of the mixed data set: about size_mb MB of values, a fifth per type."""
    per_type = size_mb * 1024 * 1024 // 5 // VALUE
    value = b'v' * (VALUE - 8)
    for i in range(per_type):
        yield resp('SET', f'string:{i}', value + b'%08d' % i)
    for kind, command in (('hash', 'HSET'), ('list', 'RPUSH'), ('set', 'SADD'), ('zset', 'ZADD')):
        for i in range(0, per_type, 100):
            args = [command, f'{kind}:{i // 100}']
            for j in range(i, min(i + 100, per_type)):
                member = value + b'%08d' % j
                args += [f'f{j}', member] if kind == 'hash' else [str(j), member] if kind == 'zset' else [member]
            yield resp(*args)


def fill(port, size_mb):
    with tempfile.NamedTemporaryFile(suffix='.resp', delete=False) as f:
        for command in fill_commands(size_mb):
            f.write(command)
        path = f.name
    try:
        with open(path, 'rb') as data:
            subprocess.run(['redis-cli', '-p', str(port), '--pipe'], stdin=data, stdout=subprocess.DEVNULL,
                           check=True)
    finally:
        os.unlink(path)


def full_resync(kind, size_mb, heap_mb):
    with tempfile.TemporaryDirectory() as directory:
        primary, primary_port = start(kind, directory, heap_mb)
        replica_dir = tempfile.mkdtemp(dir=directory)
        replica, replica_port = start('redis', replica_dir, heap_mb)
        try:
            fill(primary_port, size_mb)
            keys = int(cli(primary_port, 'DBSIZE').strip())
            memory = {'primary_keys': keys, 'used_memory': used_memory(primary_port)}
            if kind == 'kvlab':
                memory['heap_after_full_gc'] = heap_after_full_gc(primary.pid)
            cpu_before = cpu_seconds(primary.pid)
            began = time.monotonic()
            cli(replica_port, 'REPLICAOF', '127.0.0.1', primary_port)
            while True:
                if info(replica_port, 'master_link_status') == 'up' \
                        and info(replica_port, 'slave_repl_offset') == info(primary_port, 'master_repl_offset'):
                    break
                time.sleep(0.05)
            seconds = time.monotonic() - began
            cpu = cpu_seconds(primary.pid) - cpu_before
            return {'primary': kind, 'size_mb': size_mb, 'resync_seconds': round(seconds, 3),
                    'primary_cpu_seconds': round(cpu, 1), 'replica_keys': int(cli(replica_port, 'DBSIZE').strip()),
                    **memory}
        finally:
            for p in (primary, replica):
                p.terminate()
                p.wait(30)


def throughput(port, seconds):
    """Runs redis-benchmark -P 16 SET for about `seconds`; returns requests per second."""
    requests = 200000
    out = subprocess.run(['redis-benchmark', '-p', str(port), '-P', '16', '-t', 'set', '-r', '1000000', '-d',
                          str(VALUE), '-n', str(requests), '-q'], capture_output=True, text=True, check=True).stdout
    first = float(re.findall(r'([\d.]+) requests per second', out)[-1])
    n = max(requests, int(first * seconds))
    out = subprocess.run(['redis-benchmark', '-p', str(port), '-P', '16', '-t', 'set', '-r', '1000000', '-d',
                          str(VALUE), '-n', str(n), '-q'], capture_output=True, text=True, check=True).stdout
    return float(re.findall(r'([\d.]+) requests per second', out)[-1])


def steady(kind, seconds, heap_mb):
    with tempfile.TemporaryDirectory() as directory:
        primary, primary_port = start(kind, directory, heap_mb)
        replica = None
        try:
            alone = throughput(primary_port, seconds)
            replica, replica_port = start('redis', tempfile.mkdtemp(dir=directory), heap_mb)
            cli(replica_port, 'REPLICAOF', '127.0.0.1', primary_port)
            while info(replica_port, 'master_link_status') != 'up':
                time.sleep(0.05)
            lags, io_ago, done = [], [], threading.Event()

            def sample():
                while not done.is_set():
                    replica_offset = int(info(replica_port, 'slave_repl_offset'))  # first: the lag is never < 0
                    lags.append(int(info(primary_port, 'master_repl_offset')) - replica_offset)
                    io_ago.append(int(info(replica_port, 'master_last_io_seconds_ago')))
                    time.sleep(0.1)
            sampler = threading.Thread(target=sample)
            offset_before, began = int(info(primary_port, 'master_repl_offset')), time.monotonic()
            sampler.start()
            replicated = throughput(primary_port, seconds)
            stream_rate = (int(info(primary_port, 'master_repl_offset')) - offset_before) / (time.monotonic() - began)
            done.set()
            sampler.join()
            lags.sort()
            return {'primary': kind, 'ops_alone': alone, 'ops_with_replica': replicated,
                    'ratio': round(replicated / alone, 3), 'lag_bytes_p50': lags[len(lags) // 2],
                    'lag_bytes_max': lags[-1], 'stream_bytes_per_second': round(stream_rate),
                    'lag_seconds_max': round(lags[-1] / stream_rate, 3), 'last_io_seconds_max': max(io_ago)}
        finally:
            for p in (primary, replica):
                if p is not None:
                    p.terminate()
                    p.wait(30)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--size-mb', type=int, default=1024)
    ap.add_argument('--seconds', type=int, default=20)
    ap.add_argument('--primaries', default='kvlab,redis')
    ap.add_argument('--heap-mb', type=int, help='kv-server -Xmx (default: 4 per MB of values, at least 1024)')
    ap.add_argument('--parts', default='resync,steady', help='which measurements: resync, steady or both')
    ap.add_argument('--rounds', type=int, default=1,
                    help='full resyncs per primary, the order of the primaries reversed every other round')
    ap.add_argument('--json')
    args = ap.parse_args()
    args.heap_mb = args.heap_mb or max(1024, 4 * args.size_mb)
    if not os.path.exists(JAR) or shutil.which('redis-server') is None:
        sys.exit('build first (./mvnw -B -q -DskipTests package) and install redis-server and redis-tools')
    print(f'{os.cpu_count()} cores; the servers, the replica and the load generator share them')
    print(f"kv-server: java {' '.join(SERVER_JAVA_OPTS)} -Xmx{args.heap_mb}m")
    results = {'full_resync': [], 'steady': []}
    parts = args.parts.split(',')
    primaries = args.primaries.split(',')
    rounds = [primaries if i % 2 == 0 else primaries[::-1] for i in range(args.rounds)] if 'resync' in parts else []
    for kind in (kind for order in rounds for kind in order):
        r = full_resync(kind, args.size_mb, args.heap_mb)
        heap = f", heap after full GC {r['heap_after_full_gc'] / 2**20:.0f} MB" if 'heap_after_full_gc' in r else ''
        print(f"full resync, {kind} primary, {r['size_mb']} MB of values: {r['resync_seconds']} s, primary CPU "
              f"{r['primary_cpu_seconds']} s ({r['replica_keys']} keys on the replica; primary used_memory "
              f"{r['used_memory'] / 2**20:.0f} MB{heap} for {r['primary_keys']} keys)")
        results['full_resync'].append(r)
    if rounds and set(primaries) == {'kvlab', 'redis'}:
        seconds = {kind: [r['resync_seconds'] for r in results['full_resync'] if r['primary'] == kind]
                   for kind in primaries}
        ratios = sorted(k / r for k, r in zip(seconds['kvlab'], seconds['redis']))
        print(f"full resync, kvlab over redis: median of {len(ratios)} rounds' ratios {ratios[len(ratios) // 2]:.2f} "
              f"({', '.join(f'{x:.2f}' for x in ratios)})")
    for kind in primaries if 'steady' in parts else []:
        r = steady(kind, args.seconds, args.heap_mb)
        print(f"steady SET -P 16, {kind} primary: {r['ops_alone']:.0f} ops/s alone, {r['ops_with_replica']:.0f} "
              f"with a replica (x{r['ratio']}); lag p50 {r['lag_bytes_p50']} B, max {r['lag_bytes_max']} B "
              f"({r['lag_seconds_max']} s of stream), replica's last I/O at most {r['last_io_seconds_max']} s ago")
        results['steady'].append(r)
    if args.json:
        with open(args.json, 'w') as f:
            json.dump(results, f, indent=2)


if __name__ == '__main__':
    main()
