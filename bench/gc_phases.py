#!/usr/bin/env python3
"""Summarises the young pauses of a G1 log written with -Xlog:gc*,gc+phases=debug:file=gc.log:uptime,level,tags.

One line per young pause: its duration, then what the GC workers spent it on (averages over the workers, ms) —
Ext Root Scanning (thread stacks, class loaders), Merge Heap Roots (remembered sets and dirty cards merged),
Scan Heap Roots (the old objects on those cards read for pointers into the young generation), Object Copy (live
young objects evacuated), Reference Processing — and the bytes copied, with the heap before and after.

Usage: python3 bench/gc_phases.py gc.log [--from SECONDS] [--to SECONDS]
"""
import argparse, re, sys

PHASES = [('ext_roots', r'Ext Root Scanning \(ms\):\s+Min:\s*[\d.]+, Avg:\s*([\d.]+)'),
          ('merge_roots', r'\s{2}Merge Heap Roots: ([\d.]+)ms'),
          ('scan_roots', r'Scan Heap Roots \(ms\):\s+Min:\s*[\d.]+, Avg:\s*([\d.]+)'),
          ('object_copy', r'Object Copy \(ms\):\s+Min:\s*[\d.]+, Avg:\s*([\d.]+)'),
          ('ref_proc', r'Reference Processing: ([\d.]+)ms'),
          ('scanned_cards', r'Scanned Cards:\s+Min:\s*\d+, Avg:\s*[\d.]+, Max:\s*\d+, Diff:\s*\d+, Sum:\s*(\d+)'),
          ('copied_bytes', r'Copied Bytes\s+Min:\s*\d+, Avg:\s*[\d.]+, Max:\s*\d+, Diff:\s*\d+, Sum:\s*(\d+)')]
PAUSE = re.compile(r'^\[([\d.]+)s\].*GC\((\d+)\) Pause Young \(\w+\) \([^)]*\) (\d+)M->(\d+)M\(\d+M\) ([\d.]+)ms')


def main():
    p = argparse.ArgumentParser()
    p.add_argument('log')
    p.add_argument('--from', dest='start', type=float, default=0.0)
    p.add_argument('--to', dest='end', type=float, default=float('inf'))
    a = p.parse_args()
    per_gc = {}
    pauses = []
    for line in open(a.log):
        m = re.search(r'GC\((\d+)\)', line)
        if not m:
            continue
        gc = per_gc.setdefault(int(m.group(1)), {})
        for name, pattern in PHASES:
            f = re.search(pattern, line)
            if f and name not in gc:
                gc[name] = float(f.group(1))
        f = PAUSE.search(line)
        if f:
            pauses.append((float(f.group(1)), int(f.group(2)), int(f.group(3)), int(f.group(4)), float(f.group(5))))
    cols = [n for n, _ in PHASES]
    print('| uptime s | GC | heap MB before→after | pause ms | ' + ' | '.join(cols) + ' |')
    print('|' + '---|' * (4 + len(cols)))
    for t, n, before, after, ms in pauses:
        if a.start <= t <= a.end:
            gc = per_gc.get(n, {})
            vals = [('%d' % gc[c]) if c in ('scanned_cards', 'copied_bytes') else '%.1f' % gc[c] if c in gc else '–'
                    for c in cols]
            print(f'| {t:.1f} | {n} | {before}→{after} | {ms:.1f} | ' + ' | '.join(vals) + ' |')


if __name__ == '__main__':
    sys.exit(main())
