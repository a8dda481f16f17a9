#!/usr/bin/env python3
"""Writes kv-core's redis-commands.resp: Redis's own COMMAND INFO and COMMAND DOCS replies, which kvlab serves.

Starts the installed redis-server (7.0.x) on a free port with no persistence, asks it in RESP3 for `COMMAND INFO`
and `COMMAND DOCS` of every command, and writes both replies, commands and subcommands sorted by name, as RESP3 with "\\n" for
"\\r\\n" (a bulk string is read by its length, so the file stays exact), after a header naming the source and its
licence. kvlab's ServerCommands renders the parts of it for the commands kvlab implements, in RESP2 or RESP3.

Usage (from the repository root): python3 kv-core/src/main/scripts/redis_command_docs.py [--redis-server PATH]
"""
import argparse, os, socket, subprocess, tempfile, time

OUT = 'kv-core/src/main/resources/org/kvlab/command/redis-commands.resp'


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


class Reader:
    """Reads one RESP3 reply at a time off a socket, as (type byte, value) trees."""

    def __init__(self, sock):
        self.f = sock.makefile('rb')

    def line(self):
        return self.f.readline()[:-2]

    def read(self):
        head = self.line()
        kind, rest = head[:1], head[1:]
        if kind in (b'+', b'-', b':'):
            return kind, rest
        if kind == b'$':
            data = self.f.read(int(rest) + 2)[:-2]
            return kind, data
        if kind in (b'*', b'~'):
            return kind, [self.read() for _ in range(int(rest))]
        if kind == b'%':
            return kind, [(self.read(), self.read()) for _ in range(int(rest))]
        raise ValueError('unexpected reply type %r' % head)


def write(out, node):
    kind, value = node
    if kind in (b'+', b'-', b':'):
        out += kind + value + b'\n'
    elif kind == b'$':
        out += b'$%d\n' % len(value) + value + b'\n'
    elif kind in (b'*', b'~'):
        out += kind + b'%d\n' % len(value)
        for item in value:
            write(out, item)
    else:
        out += b'%%%d\n' % len(value)
        for k, v in value:
            write(out, k)
            write(out, v)


def command(sock, reader, *args):
    sock.sendall(b''.join([b'*%d\r\n' % len(args)] + [b'$%d\r\n%s\r\n' % (len(a), a) for a in args]))
    return reader.read()


def sorted_info(info):
    """Sorts a container's subcommands (its 10th element) by name: Redis lists them in hash-table order."""
    kind, fields = info
    subs = fields[9]
    return kind, fields[:9] + [(subs[0], sorted((sorted_info(c) for c in subs[1]), key=lambda c: c[1][0][1]))]


def sorted_docs(docs):
    """Sorts a container's subcommands (its "subcommands" map) by name, as sorted_info."""
    kind, fields = docs
    out = []
    for k, v in fields:
        if k[1] == b'subcommands':
            v = (v[0], sorted(((n, sorted_docs(d)) for n, d in v[1]), key=lambda kv: kv[0][1]))
        out.append((k, v))
    return kind, out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--redis-server', default='redis-server')
    args = ap.parse_args()
    version = subprocess.run([args.redis_server, '--version'], capture_output=True, text=True).stdout.split()[2]
    port = free_port()
    with tempfile.TemporaryDirectory() as tmp:
        server = subprocess.Popen([args.redis_server, '--port', str(port), '--save', '', '--appendonly', 'no',
                                   '--dir', tmp], stdout=subprocess.DEVNULL)
        try:
            for _ in range(100):
                try:
                    sock = socket.create_connection(('127.0.0.1', port))
                    break
                except OSError:
                    time.sleep(0.05)
            reader = Reader(sock)
            command(sock, reader, b'HELLO', b'3')
            info = command(sock, reader, b'COMMAND', b'INFO')
            docs = command(sock, reader, b'COMMAND', b'DOCS')
        finally:
            server.terminate()
            server.wait()
    info = (info[0], sorted((sorted_info(c) for c in info[1]), key=lambda c: c[1][0][1]))
    docs = (docs[0], sorted(((k, sorted_docs(v)) for k, v in docs[1]), key=lambda kv: kv[0][1]))
    out = bytearray()
    out += (b'# Redis %s\'s COMMAND INFO and COMMAND DOCS replies (RESP3, "\\n" for "\\r\\n", by name),\n'
            b'# written by kv-core/src/main/scripts/redis_command_docs.py from the redis-server of that version.\n'
            b'# The metadata is Redis\'s (src/commands/*.json): Copyright (c) 2006-2020, Salvatore Sanfilippo,\n'
            b'# BSD 3-Clause licence; see NOTICE.\n' % version.replace('v=', '').encode())
    write(out, info)
    write(out, docs)
    with open(OUT, 'wb') as f:
        f.write(out)
    print('%s: %d commands, %d bytes' % (OUT, len(info[1]), len(out)))


if __name__ == '__main__':
    main()
