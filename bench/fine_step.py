"""Before/after ratios of the fine stage's training step: the optimiser and EMA, torch.compile, channels_last.

The fine stage of the demo (8x8 digits in pixel space, HM-UNet widths 32/64, z_f of width 8, 16 codes, batch 64) is
built once per variant with the same seed and trained through `FineStage.fit`, the code users run:

- `before`:        the previous code: AdamW's per-parameter loop (foreach=False) and an EMA looping over the parameters;
- `default`:       what `fit` does now: torch's fused AdamW and one for-each EMA call;
- `channels_last`: `fit(channels_last=True)`;
- `compile`:       `fit(compile=True)` (inductor; its compile time is printed separately);
- `bf16`:          `FineConfig(mixed_precision='bf16')` (CUDA only: on a CPU autocast is not what a user would run).

After a warm-up `fit` (which also compiles), the variants take turns in rounds of `--steps` steps each (one `fit`
call each, continuing the step count), so all of them see the same machine load; a variant's time per step is the
median over the rounds. Ratios are against `before`. Peak memory: CUDA max_memory_allocated, or on a CPU the peak
RSS delta of each variant's warm-up and one round in a fresh process (`bench/_common.py`).

Usage: python bench/fine_step.py [--threads 1] [--rounds 5] [--steps 10] [--variants before default channels_last compile]
"""
from __future__ import annotations
import argparse, statistics, sys, time, types
import torch
from cofi_ucgen.fine import FineStage, FineConfig, code_table
from cofi_ucgen.bitcodes import BitCodePrior
from cofi_ucgen.data import load_digits_images
from _common import start_memory, memory_report, child_memory, mib


@torch.no_grad()
def _ema_loop(self):
    "The EMA update as it was: one lerp_ per parameter in a Python loop."
    self.ema_updates += 1
    d = min(self.cfg.ema_decay, (1 + self.ema_updates) / (10 + self.ema_updates))
    for pe, p in zip(self.unet_ema.parameters(), self.unet.parameters()): pe.lerp_(p.detach(), 1 - d)
    for be, b in zip(self.unet_ema.buffers(), self.unet.buffers()): be.copy_(b)


def build(name: str, a):
    "The fine stage of variant `name` and the keyword arguments of its fit calls."
    prior = BitCodePrior.from_classes(K=16, d=16)
    cfg = FineConfig(in_channels=1, sample_size=8, n_codes=16, coarse_dim=prior.d, block_out_channels=(32, 64), enc_channels=(32, 64),
                     fine_dim=8, batch_size=a.batch, lr=1e-3, mixed_precision='bf16' if name == 'bf16' else 'no')
    st = FineStage(cfg, code_table(prior), device=a.device, seed=0)
    if name == 'before':
        st.opt = torch.optim.AdamW(st._params(), cfg.lr, weight_decay=0.0, foreach=False)
        st._update_ema = types.MethodType(_ema_loop, st)
    return st, dict(compile=name == 'compile', channels_last=name == 'channels_last')


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--threads', type=int, default=None, help='torch.set_num_threads (CPU)')
    p.add_argument('--rounds', type=int, default=5); p.add_argument('--steps', type=int, default=10, help='steps per variant per round')
    p.add_argument('--warmup', type=int, default=3); p.add_argument('--batch', type=int, default=64)
    p.add_argument('--device', default='cuda' if torch.cuda.is_available() else 'cpu')
    p.add_argument('--variants', nargs='+', default=None, help='[before default channels_last compile (+ bf16 on CUDA)]')
    p.add_argument('--memory-child', default=None, help=argparse.SUPPRESS)
    a = p.parse_args(argv)
    if a.threads: torch.set_num_threads(a.threads)
    cuda = a.device.startswith('cuda')
    names = a.variants or ['before', 'default', 'channels_last', 'compile'] + (['bf16'] if cuda else [])
    x, _ = load_digits_images(size=8)
    codes = torch.arange(len(x)) % 16
    sync = torch.cuda.synchronize if cuda else (lambda: None)
    if a.memory_child:
        st, kw = build(a.memory_child, a)
        base = start_memory()
        st.fit(x, codes, a.warmup + a.steps, seed=0, progress=False, **kw)
        return memory_report(base)
    runs, first, times, peak = {}, {}, {n: [] for n in names}, {}
    for n in names:
        runs[n] = build(n, a)
        sync(); t0 = time.perf_counter()
        runs[n][0].fit(x, codes, a.warmup, seed=0, progress=False, **runs[n][1])
        sync(); first[n] = time.perf_counter() - t0
    for r in range(a.rounds):
        for n in names:
            st, kw = runs[n]
            if cuda: torch.cuda.reset_peak_memory_stats()
            sync(); t0 = time.perf_counter()
            st.fit(x, codes, st.step + a.steps, seed=0, progress=False, **kw)
            sync(); times[n].append((time.perf_counter() - t0) / a.steps)
            if cuda: peak[n] = max(peak.get(n, 0), torch.cuda.max_memory_allocated())
    if not cuda:
        for n in names: peak[n] = child_memory(__file__, n, list(argv or sys.argv[1:]))['delta']
    print(f"device {a.device}, threads {torch.get_num_threads()}, batch {a.batch}, {a.rounds} rounds of {a.steps} steps per variant "
          f"after {a.warmup} warm-up steps")
    ref = statistics.median(times[names[0]])
    for n in names:
        med = statistics.median(times[n])
        print(f"{n:>14}: median step {1e3 * med:7.2f} ms  ratio to {names[0]} {med / ref:.3f}  speed-up {ref / med:.3f}x  "
              f"warm-up fit {first[n]:.1f} s  peak memory {mib(peak[n])}")
    print("memory: " + ("torch.cuda.max_memory_allocated" if cuda else "peak RSS delta of warm-up + one round, own process"))


if __name__ == '__main__':
    main()
