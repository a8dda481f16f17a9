#!/usr/bin/env python3
"""BLPOP/LPUSH ping-pong between pairs of clients, against redis-server and kv-server on each transport, side by side.

In each pair, client A pushes onto list a:N and waits in BLPOP on list b:N; client B waits in BLPOP on a:N and, woken,
pushes onto b:N. One round trip is A's push, B's wake-up, B's push and A's wake-up: every reply but the pushes' comes
from a blocked client being woken by another connection's write, which is what this measures. Each client is its own
process speaking RESP on a plain socket. Every server runs as its own process on loopback (kv-server:
bin/kv-server's JVM options; redis-server: --save '' --appendonly no), started once; each round runs the pairs
for --seconds against every server in turn, in a rotated order. The report gives round trips per second (all pairs
together) as the median over rounds, and the ratio to Redis as the median of the per-round ratios.

Usage (from the repository root, after ./mvnw -B -q -DskipTests package):
  python3 bench/blpop_pingpong.py [--rounds 5] [--seconds 5] [--pairs 4] [--transports nio,epoll,iouring]
"""
import argparse, multiprocessing, socket, statistics, subprocess, sys, time

from redis_benchmark_all import start


def command(*args):
    out = [b'*%d\r\n' % len(args)]
    for a in args:
        a = a if isinstance(a, bytes) else str(a).encode()
        out.append(b'$%d\r\n%s\r\n' % (len(a), a))
    return b''.join(out)


class Conn:
    def __init__(self, port):
        self.sock = socket.create_connection(('127.0.0.1', port))
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buf = b''

    def line(self):
        while b'\r\n' not in self.buf:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError('server closed the connection')
            self.buf += chunk
        line, self.buf = self.buf.split(b'\r\n', 1)
        return line

    def reply(self):
        """Reads one reply; returns it as bytes, an int, a list, or raises on an error reply."""
        line = self.line()
        kind, rest = line[:1], line[1:]
        if kind == b'-':
            raise RuntimeError(rest.decode())
        if kind in (b'+', b':'):
            return rest
        if kind == b'$':
            n = int(rest)
            if n < 0:
                return None
            while len(self.buf) < n + 2:
                self.buf += self.sock.recv(65536)
            value, self.buf = self.buf[:n], self.buf[n + 2:]
            return value
        if kind == b'*':
            n = int(rest)
            return None if n < 0 else [self.reply() for _ in range(n)]
        raise RuntimeError('unexpected reply ' + repr(line))

    def call(self, *args):
        self.sock.sendall(command(*args))
        return self.reply()


def side_a(port, pair, seconds, result):
    c = Conn(port)
    c.call('DEL', f'a:{pair}', f'b:{pair}')
    push = command('LPUSH', f'a:{pair}', 'x')
    pop = command('BLPOP', f'b:{pair}', 0)
    trips = 0
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        c.sock.sendall(push)
        c.reply()
        c.sock.sendall(pop)
        c.reply()
        trips += 1
    c.call('LPUSH', f'a:{pair}', 'stop')
    result.put(trips)


def side_b(port, pair):
    c = Conn(port)
    pop = command('BLPOP', f'a:{pair}', 0)
    push = command('LPUSH', f'b:{pair}', 'x')
    while True:
        c.sock.sendall(pop)
        if c.reply()[1] == b'stop':
            return
        c.sock.sendall(push)
        c.reply()


def run(port, pairs, seconds):
    """Returns the round trips per second of all pairs together."""
    result = multiprocessing.Queue()
    bs = [multiprocessing.Process(target=side_b, args=(port, p)) for p in range(pairs)]
    for b in bs:
        b.start()
    time.sleep(0.3)  # the B sides are blocked before the A sides push
    as_ = [multiprocessing.Process(target=side_a, args=(port, p, seconds, result)) for p in range(pairs)]
    for a in as_:
        a.start()
    trips = sum(result.get() for _ in as_)
    for p in as_ + bs:
        p.join()
    return trips / seconds


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--rounds', type=int, default=5)
    ap.add_argument('--seconds', type=float, default=5)
    ap.add_argument('--pairs', type=int, default=4)
    ap.add_argument('--transports', default='nio,epoll,iouring')
    args = ap.parse_args()
    names = ['redis'] + args.transports.split(',')
    servers = [start(n) for n in names]
    rates = {n: [] for n in names}
    ratios = {n: [] for n in names}
    try:
        for s in servers:  # warm-up
            run(s['port'], args.pairs, 1)
        for r in range(args.rounds):
            order = servers[r % len(servers):] + servers[:r % len(servers)]
            got = {}
            for s in order:
                got[s['name']] = run(s['port'], args.pairs, args.seconds)
                print(f"round {r + 1} {s['name']}: {got[s['name']]:,.0f} round trips/s", file=sys.stderr)
            for n in names:
                rates[n].append(got[n])
                ratios[n].append(got[n] / got['redis'])
    finally:
        for s in servers:
            s['proc'].terminate()
            s['proc'].wait()
    print(f'BLPOP/LPUSH ping-pong, {args.pairs} pairs, {args.rounds} rounds of {args.seconds:g} s\n')
    print('| server | round trips/s (median) | ratio to Redis (median) |')
    print('|---|---:|---:|')
    for n in names:
        print(f'| {n} | {statistics.median(rates[n]):,.0f} | {statistics.median(ratios[n]):.2f} |')


if __name__ == '__main__':
    main()
