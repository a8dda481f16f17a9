#!/usr/bin/env python3
"""Opens 10,000 idle connections to a kvlab server per transport and reports the server's heap after a full GC.

Issue 3: 10,000 concurrent idle connections on nio/epoll/io_uring with the server's heap under 256 MB. Each
connection sends one PING and reads its +PONG (so the server has really set it up), then stays open and idle.

Usage (from the repository root, after ./mvnw -B -q -DskipTests package; needs `ulimit -n` above 10,100):
  python3 bench/idle_connections.py [--connections 10000] [--transports nio,epoll,iouring]
"""
import argparse, re, resource, socket, subprocess, time


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def heap_used_mb(pid):
    subprocess.run(['jcmd', str(pid), 'GC.run'], capture_output=True, check=True)
    out = subprocess.run(['jcmd', str(pid), 'GC.heap_info'], capture_output=True, text=True, check=True).stdout
    used_kb = sum(int(k) for k in re.findall(r'used (\d+)K', out.split('Metaspace')[0]))
    return used_kb / 1024


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--connections', type=int, default=10_000)
    ap.add_argument('--transports', default='nio,epoll,iouring')
    args = ap.parse_args()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    print('| transport | connections | heap used after full GC (MB) | heap before connecting (MB) |')
    print('|---|---|---|---|')
    for transport in args.transports.split(','):
        port = free_port()
        server = subprocess.Popen(['java', '-XX:+UseParallelGC', '-Xmx256m', '-jar', 'kv-server/target/kv-server.jar',
                                   '--transport', transport, '--port', str(port), '--maxclients', str(args.connections + 10)],
                                  stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        try:
            assert 'kvlab ready' in server.stdout.readline()
            before = heap_used_mb(server.pid)
            sockets = []
            for _ in range(args.connections):
                s = socket.create_connection(('127.0.0.1', port))
                s.sendall(b'PING\r\n')
                sockets.append(s)
            for s in sockets:
                assert s.recv(16) == b'+PONG\r\n'
            time.sleep(1)
            after = heap_used_mb(server.pid)
            print(f'| {transport} | {len(sockets)} | {after:.1f} | {before:.1f} |', flush=True)
            for s in sockets:
                s.close()
        finally:
            server.terminate()
            server.wait()


if __name__ == '__main__':
    main()
