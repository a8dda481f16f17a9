#!/usr/bin/env python3
"""Failover under Redis Sentinel, side by side: a redis-server trio against a kvlab trio under the same sentinels.

Each round starts, for each kind in turn (alternating which goes first), a primary and two replicas (kv-server on
nio, or redis-server) on free loopback ports, and three `redis-sentinel` processes with one configuration, the same
for both kinds: `sentinel monitor <name> <primary> 2`, `down-after-milliseconds` --down-after-ms,
`failover-timeout` --failover-timeout-ms, `parallel-syncs 1`. Once every sentinel sees both replicas and both other
sentinels, the primary is killed with SIGKILL (kill -9); then both replicas are sent `SET` every millisecond or so,
each over its own connection (reconnected when Sentinel's `CLIENT KILL TYPE normal` closes it). Measured from the
kill: the first `+OK` from a replica (the new primary accepts writes), and the first time a sentinel's
`SENTINEL GET-MASTER-ADDR-BY-NAME` names it (clients asking Sentinel find it); and the time until a client connected
to the primary sees its connection closed (the kernel closes a killed process's sockets as it tears it down). From
the sentinels' logs, two parts of the first: from the kill to the first sentinel's `+sdown` of the primary
(`down-after-milliseconds` after the first `PING` left unanswered), and from the leader's
`+failover-state-wait-promotion` (logged as it sends `MULTI`, `SLAVEOF NO ONE`, ... `EXEC`) to the first `+OK`: the
part a server's speed decides (plus up to a millisecond of polling). The per-round figures, their medians per kind,
and the medians of the per-round ratios kvlab / Redis are printed.

Usage (from the repository root, after ./mvnw -B -q -DskipTests package):
  python3 bench/sentinel_failover.py [--rounds 5] [--down-after-ms 1000] [--failover-timeout-ms 5000] [--json out.json]
"""
import argparse, datetime, json, os, re, shutil, signal, socket, statistics, subprocess, sys, tempfile, time

from server_java_opts import SERVER_JAVA_OPTS

JAR = 'kv-server/target/kv-server.jar'
NAME = 'bench'
SETTLE_TIMEOUT = 60
FAILOVER_TIMEOUT = 60


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


class Connection:
    """One RESP connection; call() sends a command and returns its reply, decoded (errors as Exception values)."""

    def __init__(self, port, timeout=2.0):
        self.sock = socket.create_connection(('127.0.0.1', port), timeout)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buf = b''

    def close(self):
        self.sock.close()

    def _line(self):
        while b'\r\n' not in self.buf:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError('closed')
            self.buf += chunk
        line, self.buf = self.buf.split(b'\r\n', 1)
        return line

    def _reply(self):
        line = self._line()
        kind, rest = line[:1], line[1:]
        if kind == b'+':
            return rest.decode()
        if kind == b'-':
            return Exception(rest.decode())
        if kind == b':':
            return int(rest)
        if kind == b'$':
            n = int(rest)
            if n < 0:
                return None
            while len(self.buf) < n + 2:
                chunk = self.sock.recv(65536)
                if not chunk:
                    raise ConnectionError('closed')
                self.buf += chunk
            data, self.buf = self.buf[:n], self.buf[n + 2:]
            return data.decode()
        if kind == b'*':
            n = int(rest)
            return None if n < 0 else [self._reply() for _ in range(n)]
        raise ConnectionError(f'unexpected reply {line!r}')

    def call(self, *args):
        self.sock.sendall(resp(*args))
        return self._reply()


def call(port, *args):
    c = Connection(port)
    try:
        return c.call(*args)
    finally:
        c.close()


def wait_for(condition, what, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if condition():
                return
        except (OSError, ConnectionError):
            pass
        time.sleep(0.02)
    raise RuntimeError(f'timed out waiting until {what}')


def info_field(port, field):
    match = re.search(r'^' + field + r':(.*)$', call(port, 'INFO', 'replication'), re.M)
    return match.group(1).strip() if match else None


def start_server(kind, directory):
    port = free_port()
    if kind == 'redis':
        cmd = ['redis-server', '--port', str(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no',
               '--dir', directory]
    else:
        cmd = ['java', *SERVER_JAVA_OPTS, '-jar', os.path.abspath(JAR), '--transport', 'nio', '--port', str(port)]
    process = subprocess.Popen(cmd, cwd=directory, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_for(lambda: call(port, 'PING') == 'PONG', f'{kind} answers on {port}', SETTLE_TIMEOUT)
    return process, port


def start_sentinel(directory, primary_port, down_after_ms, failover_timeout_ms):
    port = free_port()
    conf = os.path.join(directory, 'sentinel.conf')
    with open(conf, 'w') as f:
        f.write('\n'.join([f'port {port}', 'bind 127.0.0.1', 'daemonize no', f'dir {directory}',
                           f'logfile {os.path.join(directory, "sentinel.log")}',
                           f'sentinel monitor {NAME} 127.0.0.1 {primary_port} 2',
                           f'sentinel down-after-milliseconds {NAME} {down_after_ms}',
                           f'sentinel failover-timeout {NAME} {failover_timeout_ms}',
                           f'sentinel parallel-syncs {NAME} 1', '']))
    process = subprocess.Popen(['redis-sentinel', conf], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_for(lambda: call(port, 'PING') == 'PONG', f'a sentinel answers on {port}', SETTLE_TIMEOUT)
    return process, port


def sentinel_view(port):
    fields = call(port, 'SENTINEL', 'MASTER', NAME)
    return dict(zip(fields[0::2], fields[1::2]))


def logged(directories, pattern, after):
    """Returns the earliest wall-clock time (seconds since the epoch), not before `after`, of a sentinel log line
    matching pattern (to the millisecond the log shows)."""
    times = []
    for d in directories:
        with open(os.path.join(d, 'sentinel.log')) as f:
            for line in f:
                if re.search(pattern, line):
                    stamp = re.search(r'(\d\d \w{3} \d{4} \d\d:\d\d:\d\d\.\d{3})', line).group(1)
                    at = datetime.datetime.strptime(stamp, '%d %b %Y %H:%M:%S.%f').timestamp()
                    if at >= after - 0.001:
                        times.append(at)
    if not times:
        raise RuntimeError(f'no sentinel logged {pattern}')
    return min(times)


def one_failover(kind, down_after_ms, failover_timeout_ms):
    """Returns the seconds, after kill -9, until a replica accepts a write and until a sentinel names it, and the
    seconds from the kill to the first +sdown and from the leader's SLAVEOF NO ONE to the accepted write."""
    processes = []
    with tempfile.TemporaryDirectory() as directory:
        try:
            primary, primary_port = start_server(kind, tempfile.mkdtemp(dir=directory))
            processes.append(primary)
            replica_ports = []
            for _ in range(2):
                replica, port = start_server(kind, tempfile.mkdtemp(dir=directory))
                processes.append(replica)
                call(port, 'REPLICAOF', '127.0.0.1', primary_port)
                replica_ports.append(port)
            for port in replica_ports:
                wait_for(lambda: info_field(port, 'master_link_status') == 'up', f'replica {port} is up',
                         SETTLE_TIMEOUT)
            sentinel_ports, sentinel_dirs = [], []
            for _ in range(3):
                sentinel_dirs.append(tempfile.mkdtemp(dir=directory))
                sentinel, port = start_sentinel(sentinel_dirs[-1], primary_port, down_after_ms, failover_timeout_ms)
                processes.append(sentinel)
                sentinel_ports.append(port)
            for port in sentinel_ports:
                wait_for(lambda: sentinel_view(port).get('num-slaves') == '2'
                         and sentinel_view(port).get('num-other-sentinels') == '2',
                         f'sentinel {port} sees both replicas and both other sentinels', SETTLE_TIMEOUT)
            for i in range(100):
                call(primary_port, 'SET', f'k{i}', i)
            if call(primary_port, 'WAIT', 2, 5000) != 2:
                raise RuntimeError('the replicas did not acknowledge the writes')

            probes = {port: None for port in replica_ports}
            watcher = Connection(primary_port, FAILOVER_TIMEOUT)
            killed_wall = time.time()
            killed = time.monotonic()
            os.kill(primary.pid, signal.SIGKILL)
            try:
                while watcher.sock.recv(65536):
                    pass
            except OSError:
                pass  # reset: closed as well
            closed = time.monotonic() - killed
            watcher.close()
            primary.wait()
            accepted = announced = None
            deadline = killed + FAILOVER_TIMEOUT
            while accepted is None or announced is None:
                now = time.monotonic()
                if now > deadline:
                    raise RuntimeError(f'no failover of the {kind} trio within {FAILOVER_TIMEOUT} s')
                if accepted is None:
                    for port in replica_ports:
                        try:
                            if probes[port] is None:
                                probes[port] = Connection(port, 0.5)
                            if probes[port].call('SET', 'failover:probe', '1') == 'OK':
                                accepted = time.monotonic() - killed
                                accepted_wall = time.time()
                                break
                        except (OSError, ConnectionError):
                            if probes[port] is not None:
                                probes[port].close()
                            probes[port] = None
                if announced is None:
                    for port in sentinel_ports:
                        try:
                            if call(port, 'SENTINEL', 'GET-MASTER-ADDR-BY-NAME', NAME)[1] != str(primary_port):
                                announced = time.monotonic() - killed
                                break
                        except (OSError, ConnectionError):
                            pass
                time.sleep(0.001)
            for c in probes.values():
                if c is not None:
                    c.close()
            detected = logged(sentinel_dirs, rf'\+sdown master {NAME} 127\.0\.0\.1 {primary_port}$',
                              killed_wall) - killed_wall
            promoting = accepted_wall - logged(sentinel_dirs, r'\+failover-state-wait-promotion', killed_wall)
            return accepted, announced, detected, promoting, closed
        finally:
            for p in processes:
                if p.poll() is None:
                    p.kill()
                    p.wait(30)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--rounds', type=int, default=5)
    ap.add_argument('--down-after-ms', type=int, default=1000)
    ap.add_argument('--failover-timeout-ms', type=int, default=5000)
    ap.add_argument('--json')
    args = ap.parse_args()
    if not os.path.exists(JAR) or shutil.which('redis-server') is None or shutil.which('redis-sentinel') is None:
        sys.exit('build first (./mvnw -B -q -DskipTests package) and install redis-server and redis-sentinel')
    print(f'{os.cpu_count()} cores; three servers and three sentinels share them; sentinel down-after-milliseconds '
          f'{args.down_after_ms}, failover-timeout {args.failover_timeout_ms}')
    results = {'redis': [], 'kvlab': []}
    for r in range(args.rounds):
        order = ['redis', 'kvlab'] if r % 2 == 0 else ['kvlab', 'redis']
        for kind in order:
            accepted, announced, detected, promoting, closed = one_failover(kind, args.down_after_ms,
                                                                            args.failover_timeout_ms)
            results[kind].append({'write_accepted_s': round(accepted, 3), 'sentinel_announced_s': round(announced, 3),
                                  'sdown_s': round(detected, 3), 'promotion_s': round(promoting, 3),
                                  'connection_closed_s': round(closed, 3)})
            print(f'round {r + 1} {kind:5}: a replica accepts writes {accepted:.3f} s after kill -9; '
                  f'a sentinel names it after {announced:.3f} s; a client sees the connection close after '
                  f'{closed:.3f} s; +sdown after {detected:.3f} s; SLAVEOF NO ONE sent to write accepted '
                  f'{promoting:.3f} s')
    fields = ('write_accepted_s', 'sentinel_announced_s', 'sdown_s', 'promotion_s', 'connection_closed_s')
    summary = {kind: {f + '_median': round(statistics.median(x[f] for x in results[kind]), 3) for f in fields}
               for kind in ('redis', 'kvlab')}
    for f in ('write_accepted_s', 'promotion_s'):
        ratios = [k[f] / r[f] for k, r in zip(results['kvlab'], results['redis'])]
        summary[f + '_ratio_median'] = round(statistics.median(ratios), 3)
    for kind in ('redis', 'kvlab'):
        m = summary[kind]
        print(f"median {kind:5}: writes accepted after {m['write_accepted_s_median']:.3f} s, named by a sentinel "
              f"after {m['sentinel_announced_s_median']:.3f} s; connection closed after "
              f"{m['connection_closed_s_median']:.3f} s; +sdown after {m['sdown_s_median']:.3f} s; "
              f"SLAVEOF NO ONE to write accepted {m['promotion_s_median']:.3f} s")
    print(f"medians of the per-round ratios kvlab / Redis: writes accepted {summary['write_accepted_s_ratio_median']}, "
          f"SLAVEOF NO ONE to write accepted {summary['promotion_s_ratio_median']}")
    if args.json:
        with open(args.json, 'w') as f:
            json.dump({'rounds': results, 'summary': summary, 'down_after_ms': args.down_after_ms,
                       'failover_timeout_ms': args.failover_timeout_ms}, f, indent=2)


if __name__ == '__main__':
    main()
