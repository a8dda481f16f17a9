#!/usr/bin/env python3
"""Opens 10,000 idle connections to a kvlab server per transport and reports the server's heap after a full GC.

Issue 3: 10,000 concurrent idle connections on nio/epoll/io_uring with the server's heap under 256 MB. Each
connection sends one PING and reads its +PONG (so the server has really set it up), then stays open and idle.

The table also gives the server's threads (from /proc): a transport that spends a platform thread per connection
shows it there. `--java` runs the servers on another java (with the jcmd beside it), e.g. a JDK 21+ for `virtual`.

Usage (from the repository root, after ./mvnw -B -q -DskipTests package; needs `ulimit -n` above 10,100):
  python3 bench/idle_connections.py [--connections 10000] [--transports nio,epoll,iouring] [--java PATH]
"""
import argparse, os, re, resource, socket, subprocess, time


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def heap_used_mb(jcmd, pid):
    subprocess.run([jcmd, str(pid), 'GC.run'], capture_output=True, check=True)
    out = subprocess.run([jcmd, str(pid), 'GC.heap_info'], capture_output=True, text=True, check=True).stdout
    used_kb = sum(int(k) for k in re.findall(r'used (\d+)K', out.split('Metaspace')[0]))
    return used_kb / 1024


def threads(pid):
    with open(f'/proc/{pid}/status') as f:
        return int(re.search(r'^Threads:\s+(\d+)', f.read(), re.M).group(1))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--connections', type=int, default=10_000)
    ap.add_argument('--transports', default='nio,epoll,iouring')
    ap.add_argument('--java', default='java', help='the java the servers run on (default: java on PATH)')
    args = ap.parse_args()
    jcmd = os.path.join(os.path.dirname(args.java), 'jcmd') if os.path.dirname(args.java) else 'jcmd'
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    print('| transport | connections | heap used after full GC (MB) | heap before connecting (MB) | server threads |')
    print('|---|---|---|---|---|')
    for transport in args.transports.split(','):
        port = free_port()
        server = subprocess.Popen([args.java, '-XX:+UseParallelGC', '-Xmx256m', '-jar', 'kv-server/target/kv-server.jar',
                                   '--transport', transport, '--port', str(port), '--maxclients', str(args.connections + 10)],
                                  stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        try:
            assert 'kvlab ready' in server.stdout.readline()
            before = heap_used_mb(jcmd, server.pid)
            sockets = []
            for _ in range(args.connections):
                s = socket.create_connection(('127.0.0.1', port))
                s.sendall(b'PING\r\n')
                sockets.append(s)
            for s in sockets:
                assert s.recv(16) == b'+PONG\r\n'
            time.sleep(1)
            after = heap_used_mb(jcmd, server.pid)
            print(f'| {transport} | {len(sockets)} | {after:.1f} | {before:.1f} | {threads(server.pid)} |', flush=True)
            for s in sockets:
                s.close()
        finally:
            server.terminate()
            server.wait()


if __name__ == '__main__':
    main()
