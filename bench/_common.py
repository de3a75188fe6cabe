"""Shared helpers of the benchmark scripts: resident set size, and peak memory measured in a fresh child process.

On CPU, tracemalloc does not see torch's allocator, so a script measures peak memory by re-running one setting in a
fresh process (`python SCRIPT ... --memory-child NAME`) that prints `memory_report(base)` as its last line: the peak
resident set size during the measured work (VmHWM of /proc/self/status, reset through /proc/self/clear_refs just before
the work; `ru_maxrss` where that is not available) minus the resident set size just before it (psutil, or
/proc/self/statm without it). On CUDA the scripts use
`torch.cuda.max_memory_allocated` instead.
"""
from __future__ import annotations
import json, os, resource, subprocess, sys


def current_rss() -> tuple[int, str]:
    "Current resident set size in bytes, and how it was read."
    try:
        import psutil
        return psutil.Process().memory_info().rss, 'psutil'
    except ImportError:
        with open('/proc/self/statm') as f: return int(f.read().split()[1]) * os.sysconf('SC_PAGE_SIZE'), '/proc/self/statm'


def peak_rss() -> int:
    "Peak resident set size of this process since the start or the last `reset_peak()`, in bytes."
    try:
        with open('/proc/self/status') as f:
            return next(int(l.split()[1]) * 1024 for l in f if l.startswith('VmHWM:'))
    except (OSError, StopIteration): return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024   # kilobytes on Linux


def reset_peak() -> bool:
    "Reset the peak RSS to the current RSS (Linux: write 5 to /proc/self/clear_refs); False where that is not possible."
    try:
        with open('/proc/self/clear_refs', 'w') as f: f.write('5')
        return True
    except OSError: return False


def start_memory() -> tuple[int, str]:
    "Reset the peak where possible and return `current_rss()`: the baseline of a memory report."
    reset_peak(); return current_rss()


def memory_report(base: tuple[int, str]) -> None:
    "Print, as JSON on the last line, the peak RSS of this process minus `base` (from `current_rss()` before the work)."
    print(json.dumps(dict(delta=peak_rss() - base[0], peak=peak_rss(), how=base[1])))


def child_memory(script: str, name: str, argv: list[str]) -> dict:
    "Run `script --memory-child name` with the same arguments in a fresh process and return its memory report."
    cmd = [sys.executable, os.path.abspath(script), '--memory-child', name, *argv]
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0: raise RuntimeError(f"memory child {name} failed:\n{r.stderr[-2000:]}")
    return json.loads(r.stdout.strip().splitlines()[-1])


def mib(n: float) -> str: return f"{n / 2 ** 20:.1f} MiB"
