"""End-to-end wall time and peak memory of `cofi-ucgen demo`, run as users run it, in a fresh process.

Runs `cofi-ucgen demo --out OUT [--fast]` (or `python -m cofi_ucgen.cli` when the command is not on PATH) as a
child process and prints its wall time, the time of each demo step (from the demo's metrics.json), and the peak
resident set size of the child (`RUSAGE_CHILDREN` max RSS: the largest of the child and its descendants).
`--results FILE` copies the demo's metrics.json there (the README's demo table is rendered from
results/demo_cpu.json by `update_readme`).

Usage: python bench/demo.py --out /tmp/demo_bench [--fast] [--results results/demo_cpu.json]
"""
from __future__ import annotations
import argparse, json, resource, shutil, subprocess, sys, time
from pathlib import Path
from _common import mib


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--out', required=True, help='a new folder for the demo run')
    p.add_argument('--fast', action='store_true', help='the smoke-test preset (demo-fast)')
    p.add_argument('--results', default=None, help="copy the demo's metrics.json to this file")
    a = p.parse_args(argv)
    out = Path(a.out)
    if out.exists(): sys.exit(f"{out} exists: pass a new folder (a resumed demo skips its finished steps, so it is not a wall-time measurement).")
    exe = shutil.which('cofi-ucgen')
    cmd = ([exe] if exe else [sys.executable, '-m', 'cofi_ucgen.cli']) + ['demo', '--out', str(out)] + (['--fast'] if a.fast else [])
    t0 = time.perf_counter()
    r = subprocess.run(cmd)
    wall = time.perf_counter() - t0
    if r.returncode != 0: sys.exit(f"the demo failed (exit {r.returncode}): see its output above")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    m = json.loads((out/'metrics.json').read_text())
    secs = m.get('seconds', {})
    print(f"command: {' '.join(cmd)}")
    print(f"wall time {wall:.0f} s ({wall / 60:.1f} min); steps: " + ', '.join(f"{k} {v:.0f} s" for k, v in secs.items()))
    print(f"peak memory (max RSS of the demo process) {mib(peak)}")
    if a.results:
        Path(a.results).write_text(json.dumps(m, indent=1) + '\n')
        print(f"metrics copied to {a.results}")


if __name__ == '__main__': main()
