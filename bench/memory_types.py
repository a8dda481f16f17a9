#!/usr/bin/env python3
"""Loads the same data of each type into redis-server and kv-server and compares the memory each holds it in.

For each workload, a fresh redis-server (`--save '' --appendonly no`) and a fresh kv-server (nio, Parallel GC,
-Xmx4g) are loaded with identical commands through `redis-cli --pipe`; then Redis's `INFO memory` `used_memory` and
kvlab's heap used after a full GC (`jcmd PID GC.run`, `GC.heap_info`) are read, each minus the same figure taken
before loading. The ratio is kvlab's data bytes over Redis's.

Workloads: one key holding 1M elements, and 100k keys of 10 small elements, for each of strings (1M keys), hashes,
lists, sets and sorted sets.

Usage (from the repository root, after ./mvnw -B -q -DskipTests package):
  python3 bench/memory_types.py [--types string,hash,list,set,zset] [--big 1000000] [--small 100000]
                                [--sizes big,small] [--list-compress-depth N] [--memory-usage]
"""
import argparse, os, re, socket, subprocess, tempfile, time


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def resp(*args):
    out = [b'*%d\r\n' % len(args)]
    for a in args:
        a = a if isinstance(a, bytes) else str(a).encode()
        out.append(b'$%d\r\n%s\r\n' % (len(a), a))
    return b''.join(out)


def batched(command, key, items, size=1000):
    for i in range(0, len(items), size):
        yield resp(command, key, *items[i:i + size])


def workload(kind, big, small):
    """Yields the RESP commands that load one workload."""
    if kind == 'string-big':
        for i in range(0, big, 1000):
            args = []
            for j in range(i, min(big, i + 1000)):
                args += [b'key:%012d' % j, b'xxx']
            yield resp('MSET', *args)
    elif kind == 'hash-big':
        items = []
        for j in range(big):
            items += [b'field:%07d' % j, b'xxx']
        yield from batched('HSET', 'bighash', items, 2000)
    elif kind == 'list-big':
        yield from batched('RPUSH', 'biglist', [b'xxx'] * big)
    elif kind == 'set-big':
        yield from batched('SADD', 'bigset', [b'member:%07d' % j for j in range(big)])
    elif kind == 'zset-big':
        items = []
        for j in range(big):
            items += [str(j).encode(), b'member:%07d' % j]
        yield from batched('ZADD', 'bigzset', items, 2000)
    elif kind == 'hash-small':
        for k in range(small):
            yield resp('HSET', b'hash:%06d' % k, *sum(([b'f%d' % f, b'v'] for f in range(10)), []))
    elif kind == 'list-small':
        for k in range(small):
            yield resp('RPUSH', b'list:%06d' % k, *[b'e%d' % e for e in range(10)])
    elif kind == 'set-small':
        for k in range(small):
            yield resp('SADD', b'set:%06d' % k, *[b'm%d' % m for m in range(10)])
    elif kind == 'zset-small':
        for k in range(small):
            yield resp('ZADD', b'zset:%06d' % k, *sum(([str(m).encode(), b'm%d' % m] for m in range(10)), []))
    else:
        raise ValueError(kind)


def load(port, kind, big, small):
    with tempfile.NamedTemporaryFile(delete=False) as f:
        for chunk in workload(kind, big, small):
            f.write(chunk)
        path = f.name
    try:
        with open(path, 'rb') as data:
            out = subprocess.run(['redis-cli', '-p', str(port), '--pipe'], stdin=data, capture_output=True,
                                 text=True, check=True).stdout
        if 'errors: 0' not in out:
            raise RuntimeError(f'{kind} on port {port}: {out}')
    finally:
        os.unlink(path)


def redis_used(port):
    info = subprocess.run(['redis-cli', '-p', str(port), 'INFO', 'memory'], capture_output=True, text=True).stdout
    return int(re.search(r'used_memory:(\d+)', info).group(1))


def heap_used(pid):
    subprocess.run(['jcmd', str(pid), 'GC.run'], capture_output=True, check=True)
    out = subprocess.run(['jcmd', str(pid), 'GC.heap_info'], capture_output=True, text=True, check=True).stdout
    return sum(int(k) for k in re.findall(r'used (\d+)K', out.split('Metaspace')[0])) * 1024


def wait_port(port):
    for _ in range(200):
        try:
            socket.create_connection(('127.0.0.1', port)).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f'nothing listens on {port}')


def configure(port, settings):
    for name, value in settings:
        subprocess.run(['redis-cli', '-p', str(port), 'CONFIG', 'SET', name, value], capture_output=True, check=True)


BIG_KEYS = {'hash-big': 'bighash', 'list-big': 'biglist', 'set-big': 'bigset', 'zset-big': 'bigzset'}


def memory_usage(port, key):
    out = subprocess.run(['redis-cli', '-p', str(port), 'MEMORY', 'USAGE', key, 'SAMPLES', '0'],
                         capture_output=True, text=True, check=True).stdout
    return int(out)


def measure(kind, big, small, settings):
    rport, kport = free_port(), free_port()
    redis = subprocess.Popen(['redis-server', '--port', str(rport), '--save', '', '--appendonly', 'no'],
                             stdout=subprocess.DEVNULL)
    kv = subprocess.Popen(['java', '-XX:+UseParallelGC', '-Xms256m', '-Xmx4g', '-jar', 'kv-server/target/kv-server.jar',
                           '--transport', 'nio', '--port', str(kport)], stdout=subprocess.PIPE,
                          stderr=subprocess.DEVNULL, text=True)
    try:
        wait_port(rport)
        assert 'kvlab ready' in kv.stdout.readline()
        configure(rport, settings)
        configure(kport, settings)
        r0, k0 = redis_used(rport), heap_used(kv.pid)
        load(rport, kind, big, small)
        load(kport, kind, big, small)
        r1, k1 = redis_used(rport), heap_used(kv.pid)
        key = BIG_KEYS.get(kind)
        usage = (memory_usage(rport, key), memory_usage(kport, key)) if key else None
        return r1 - r0, k1 - k0, usage
    finally:
        redis.terminate()
        kv.terminate()
        redis.wait()
        kv.wait()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--types', default='string,hash,list,set,zset')
    ap.add_argument('--big', type=int, default=1_000_000)
    ap.add_argument('--small', type=int, default=100_000)
    ap.add_argument('--sizes', default='big,small', help='big (1 key of --big elements), small (--small keys)')
    ap.add_argument('--list-compress-depth', help='CONFIG SET on both servers before loading')
    ap.add_argument('--memory-usage', action='store_true',
                    help="also each server's MEMORY USAGE KEY SAMPLES 0 of a one-key workload's key")
    args = ap.parse_args()
    settings = [('list-compress-depth', args.list_compress_depth)] if args.list_compress_depth else []
    if args.memory_usage:
        print('| workload | Redis used_memory (MB) | kvlab heap after full GC (MB) | ratio '
              '| Redis MEMORY USAGE (MB) | kvlab MEMORY USAGE (MB) |')
        print('|---|---:|---:|---:|---:|---:|')
    else:
        print('| workload | Redis used_memory (MB) | kvlab heap after full GC (MB) | ratio |')
        print('|---|---:|---:|---:|')
    for t in args.types.split(','):
        for size in args.sizes.split(','):
            if t == 'string' and size == 'small':
                continue
            redis_bytes, kv_bytes, usage = measure(f'{t}-{size}', args.big, args.small, settings)
            label = f'{t}: 1 key × {args.big:,} elements' if size == 'big' and t != 'string' else \
                f'{t}: {args.big:,} keys' if t == 'string' else f'{t}: {args.small:,} keys × 10 elements'
            row = f'| {label} | {redis_bytes / 1e6:.1f} | {kv_bytes / 1e6:.1f} | {kv_bytes / redis_bytes:.2f} |'
            if args.memory_usage:
                row += ' %s |' % (' | '.join(f'{u / 1e6:.3f}' for u in usage) if usage else '– | –')
            print(row, flush=True)


if __name__ == '__main__':
    main()
