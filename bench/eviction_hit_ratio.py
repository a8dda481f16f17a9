#!/usr/bin/env python3
"""Cache hit ratio under eviction, redis-server and kv-server side by side, per maxmemory-policy.

Workload: one client reads keys drawn from a Zipfian distribution (exponent --zipf, over --keys keys, fixed --seed)
with GET and, on a miss, writes the key back with SET (a --value-bytes value): the cache-aside pattern. GETs go in
pipelined batches of --pipeline; the SETs for a batch's misses follow as one batch. Both servers see exactly the same
sequence of GETs. The first --warmup GETs fill the cache and are not counted; the hit ratio is hits over the GETs that
follow (--requests of them).

"Same maxmemory": the two servers count memory differently. Redis's used_memory starts near 900 KB (its own
structures) and counts about 60-90 bytes of overhead per small key; kvlab's starts at 0 and counts a fixed 104
bytes of node, arrays and bucket slot per key. One number of bytes would give them caches of different sizes, and
the hit ratio would measure that, not the policies. So the limit is calibrated: each server is loaded, with no
limit, with --capacity keys of the workload's sizes, and its own used_memory then becomes its maxmemory. Each then
holds about --capacity keys (the report gives the keys each held at the end, and its maxmemory). The limit is also
reached the same way on both: every write that needs memory past it evicts first.

LRU and LFU are sampled approximations in both (maxmemory-samples 5, an eviction pool of 16), and both stamp keys
with a clock of one-second resolution: keys accessed within the same second look equally old. The client is the
bottleneck, so both servers see about the same requests per second; the report gives each run's duration.

Every server runs as its own process on loopback (kv-server: nio, -XX:+UseParallelGC -Xms512m -Xmx1g; redis-server:
--save '' --appendonly no), started afresh for each policy. Hit ratios are counts, not timings: the machine's load
does not change them beyond the one-second clock.

Usage (from the repository root, after ./mvnw -B -q -DskipTests package):
  python3 bench/eviction_hit_ratio.py [--policies allkeys-lru,allkeys-lfu,allkeys-random] [--keys 100000]
      [--capacity 10000] [--requests 1000000] [--warmup 200000] [--zipf 1.0] [--seed 1] [--pipeline 100]
      [--value-bytes 32] [--jar kv-server/target/kv-server.jar]
"""
import argparse, bisect, itertools, random, re, socket, subprocess, time

from compare_redis import free_port, wait_port


def command(*args):
    out = [b'*%d\r\n' % len(args)]
    for a in args:
        a = a if isinstance(a, bytes) else str(a).encode()
        out.append(b'$%d\r\n%s\r\n' % (len(a), a))
    return b''.join(out)


class Conn:
    """One RESP connection that sends batches and reads their replies."""

    def __init__(self, port):
        self.sock = socket.create_connection(('127.0.0.1', port))
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buf = b''
        self.pos = 0

    def _fill(self):
        chunk = self.sock.recv(1 << 20)
        if not chunk:
            raise ConnectionError('server closed the connection')
        self.buf = self.buf[self.pos:] + chunk
        self.pos = 0

    def _line(self):
        while True:
            end = self.buf.find(b'\r\n', self.pos)
            if end >= 0:
                line = self.buf[self.pos:end]
                self.pos = end + 2
                return line
            self._fill()

    def reply(self):
        """Reads one reply: bytes, None for a null bulk; raises on an error reply."""
        line = self._line()
        kind = line[:1]
        if kind == b'-':
            raise RuntimeError(line[1:].decode())
        if kind == b'$':
            n = int(line[1:])
            if n < 0:
                return None
            while len(self.buf) - self.pos < n + 2:
                self._fill()
            value = self.buf[self.pos:self.pos + n]
            self.pos += n + 2
            return value
        if kind == b'*':
            return [self.reply() for _ in range(int(line[1:]))]
        return line[1:]

    def call(self, *args):
        self.sock.sendall(command(*args))
        return self.reply()

    def batch(self, commands):
        self.sock.sendall(b''.join(commands))
        return [self.reply() for _ in commands]


def info_field(conn, section, name):
    text = conn.call('INFO', section).decode()
    return int(re.search(r'^%s:(\d+)' % name, text, re.M).group(1))


def start(name, jar):
    port = free_port()
    if name == 'redis':
        cmd = ['redis-server', '--port', str(port), '--save', '', '--appendonly', 'no', '--bind', '127.0.0.1']
    else:
        cmd = ['java', '-XX:+UseParallelGC', '-Xms512m', '-Xmx1g', '-jar', jar, '--transport', 'nio',
               '--port', str(port)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_port(port)
    return proc, port


def key(i):
    return b'key:%d' % i


def calibrate(conn, capacity, value, pipeline):
    """Loads `capacity` keys with no limit and returns the server's used_memory then; empties it again."""
    conn.call('CONFIG', 'SET', 'maxmemory', '0')
    conn.call('FLUSHALL')
    for start in range(0, capacity, pipeline):
        conn.batch([command('SET', key(i), value) for i in range(start, min(capacity, start + pipeline))])
    used = info_field(conn, 'memory', 'used_memory')
    conn.call('FLUSHALL')
    return used


def zipf_sampler(keys, exponent, seed):
    cumulative = list(itertools.accumulate(1.0 / (rank ** exponent) for rank in range(1, keys + 1)))
    total = cumulative[-1]
    rng = random.Random(seed)
    # ranks are spread over the key space by a fixed permutation, so hot keys are not key:0, key:1, ...
    permutation = list(range(keys))
    random.Random(seed + 1).shuffle(permutation)
    return lambda: permutation[bisect.bisect_left(cumulative, rng.random() * total)]


def run(conn, args, value):
    """Runs the GET-then-SET-on-miss workload; returns (hits, gets) counted after the warm-up."""
    draw = zipf_sampler(args.keys, args.zipf, args.seed)
    total = args.warmup + args.requests
    hits = gets = 0
    done = 0
    while done < total:
        n = min(args.pipeline, total - done)
        ids = [draw() for _ in range(n)]
        replies = conn.batch([command('GET', key(i)) for i in ids])
        misses = [i for i, r in zip(ids, replies) if r is None]
        if misses:
            conn.batch([command('SET', key(i), value) for i in misses])
        for j in range(n):
            if done + j >= args.warmup:
                gets += 1
                hits += replies[j] is not None
        done += n
    return hits, gets


def measure(name, policy, args, value):
    proc, port = start(name, args.jar)
    try:
        conn = Conn(port)
        maxmemory = calibrate(conn, args.capacity, value, args.pipeline)
        conn.call('CONFIG', 'SET', 'maxmemory', str(maxmemory), 'maxmemory-policy', policy)
        conn.call('CONFIG', 'RESETSTAT')
        began = time.time()
        hits, gets = run(conn, args, value)
        seconds = time.time() - began
        return {'hit_ratio': hits / gets, 'maxmemory': maxmemory, 'keys': conn.call('DBSIZE'),
                'evicted': info_field(conn, 'stats', 'evicted_keys'), 'seconds': seconds}
    finally:
        proc.terminate()
        proc.wait()


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--policies', default='allkeys-lru,allkeys-lfu,allkeys-random')
    p.add_argument('--keys', type=int, default=100_000)
    p.add_argument('--capacity', type=int, default=10_000)
    p.add_argument('--requests', type=int, default=1_000_000)
    p.add_argument('--warmup', type=int, default=200_000)
    p.add_argument('--zipf', type=float, default=1.0)
    p.add_argument('--seed', type=int, default=1)
    p.add_argument('--pipeline', type=int, default=100)
    p.add_argument('--value-bytes', type=int, default=32)
    p.add_argument('--jar', default='kv-server/target/kv-server.jar')
    args = p.parse_args()
    value = b'v' * args.value_bytes
    print(f'Zipf {args.zipf} over {args.keys} keys, cache of {args.capacity} keys ({args.value_bytes}-byte values), '
          f'{args.warmup} warm-up + {args.requests} counted GETs, pipeline {args.pipeline}, seed {args.seed}')
    print(f'{"policy":<16} {"redis hit":>10} {"kvlab hit":>10} {"kvlab/redis":>11}   '
          f'{"redis keys":>10} {"kvlab keys":>10} {"redis maxmem":>12} {"kvlab maxmem":>12} '
          f'{"redis s":>8} {"kvlab s":>8}')
    for policy in args.policies.split(','):
        redis = measure('redis', policy, args, value)
        kvlab = measure('kvlab', policy, args, value)
        print(f'{policy:<16} {redis["hit_ratio"]:>10.4f} {kvlab["hit_ratio"]:>10.4f} '
              f'{kvlab["hit_ratio"] / redis["hit_ratio"]:>11.3f}   {redis["keys"].decode():>10} '
              f'{kvlab["keys"].decode():>10} {redis["maxmemory"]:>12} {kvlab["maxmemory"]:>12} '
              f'{redis["seconds"]:>8.1f} {kvlab["seconds"]:>8.1f}', flush=True)


if __name__ == '__main__':
    main()
