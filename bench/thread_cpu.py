#!/usr/bin/env python3
"""Per-thread CPU of running processes, sampled from /proc: which threads take the 2 shared cores during a run.

Every --interval seconds, reads utime+stime of each thread (/proc/PID/task/TID/stat) of every process whose command
line matches one of the --match patterns (found anew at each sample, so servers a profile starts and stops are
picked up), groups the threads by role from their names (JVM: event loop, JIT compiler, GC, VM thread, other; a
non-JVM process: its main thread), and prints one line per process and sample: CPU milliseconds per second of each
group over the interval. Runs until interrupted or --seconds have passed. Read-only; needs no privileges beyond
reading /proc of the processes.

  python3 bench/thread_cpu.py --match kv-server.jar=server --match kv-bench.jar=generator \
      --match redis-server=redis --interval 1 --seconds 120 > threads.tsv

Output (tab-separated, a header first): elapsed seconds, process label, pid, then one column per group.
"""
import argparse, os, re, sys, time

CLK_TCK = os.sysconf('SC_CLK_TCK')
GROUPS = ['loop', 'jit', 'gc', 'vm', 'other']


def group_of(name):
    """Returns the role of a thread from its name (Linux keeps the first 15 bytes)."""
    if re.match(r'(C[12] Compiler|C2 CompilerThre|C1 CompilerThre|Sweeper)', name):
        return 'jit'
    if re.match(r'(GC Thread|G1 |Shenandoah|ZDirector|ZDriver|ZWorker|ZStat|ZUnmapper|ZRelocate|VM Periodic)', name) \
            or 'Conc' in name or 'Refine' in name or name.startswith('Parallel'):
        return 'gc'
    if name in ('VM Thread', 'Service Thread', 'Monitor Deflati', 'Common-Cleaner', 'Signal Dispatch',
                'Finalizer', 'Reference Handl', 'Notification Th', 'Attach Listener'):
        return 'vm'
    if 'timeout' in name or 'replica' in name or 'expiry' in name:
        return 'other'
    if name.startswith(('kvlab-', 'kv-bench', 'epollEventLoop', 'nioEventLoop', 'io_uring', 'IOUring', 'redis-server',
                        'multithreadIoE', 'main')):
        return 'loop'
    return 'other'


def processes(patterns):
    found = {}
    for pid in os.listdir('/proc'):
        if not pid.isdigit() or int(pid) == os.getpid():
            continue
        try:
            with open(f'/proc/{pid}/cmdline', 'rb') as f:
                cmd = f.read().replace(b'\0', b' ').decode(errors='replace')
        except OSError:
            continue
        for pattern, label in patterns:
            if pattern in cmd and 'thread_cpu.py' not in cmd and 'perf ' not in cmd[:5]:
                found[int(pid)] = label
                break
    return found


def threads(pid):
    ticks = {}
    try:
        tids = os.listdir(f'/proc/{pid}/task')
    except OSError:
        return ticks
    for tid in tids:
        try:
            with open(f'/proc/{pid}/task/{tid}/stat') as f:
                text = f.read()
        except OSError:
            continue
        name = text[text.index('(') + 1:text.rindex(')')]
        fields = text.rsplit(')', 1)[1].split()
        ticks[int(tid)] = (name, int(fields[11]) + int(fields[12]))
    return ticks


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--match', action='append', required=True, metavar='TEXT=LABEL',
                    help='a process whose command line contains TEXT, printed as LABEL')
    ap.add_argument('--interval', type=float, default=1.0)
    ap.add_argument('--seconds', type=float, default=600)
    args = ap.parse_args()
    patterns = [tuple(m.rsplit('=', 1)) if '=' in m else (m, m) for m in args.match]  # TEXT may hold '='
    print('\t'.join(['t_s', 'process', 'pid'] + [g + '_ms_per_s' for g in GROUPS]), flush=True)
    start = time.monotonic()
    last = {}
    last_time = start
    while time.monotonic() - start < args.seconds:
        time.sleep(args.interval)
        now = time.monotonic()
        seen = {}
        for pid, label in processes(patterns).items():
            ticks = threads(pid)
            seen[pid] = ticks
            before = last.get(pid)
            if before is None:
                continue
            sums = dict.fromkeys(GROUPS, 0)
            for tid, (name, t) in ticks.items():
                sums[group_of(name)] += t - before.get(tid, (name, 0))[1]  # a thread started since counts from 0
            scale = 1000.0 / CLK_TCK / (now - last_time)
            print('\t'.join([f'{now - start:.1f}', label, str(pid)] + [f'{sums[g] * scale:.0f}' for g in GROUPS]),
                  flush=True)
        last = seen
        last_time = now


if __name__ == '__main__':
    try:
        main()
    except KeyboardInterrupt:
        sys.exit(0)
