"""Sampler throughput of the fine stage: images per second for DDIM with 20 and 50 steps, guidance 1 and 2.

Builds the fine stage of the demo (8x8 digits in pixel space, HM-UNet widths 32/64, z_f of width 8, 16 codes); the
weights do not change the cost, so no training is needed. With guidance 2 the conditional and unconditional passes
run as one U-Net call on twice the batch (`guidance_batch=True`, the default on CUDA) or as two calls (`False`, the
default on a CPU): the ratio of the two decides that default. The settings take turns over `--rounds` rounds
(median), so all see the same machine load. Peak memory: CUDA max_memory_allocated, or on a CPU the peak RSS delta
of one sampling call in a fresh process (`bench/_common.py`).

Usage: python bench/sampler.py [--threads 1] [--n 256] [--batch 256] [--rounds 3]
"""
from __future__ import annotations
import argparse, statistics, sys, time
import torch
from cofi_ucgen.fine import FineStage, FineConfig
from _common import start_memory, memory_report, child_memory, mib

SETTINGS = {f"ddim{s}_w{w}{'' if w == 1 else ('_one_call' if b else '_two_calls')}": (s, w, b)
            for s in (20, 50) for w, b in ((1.0, True), (2.0, True), (2.0, False))}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--threads', type=int, default=1); ap.add_argument('--n', type=int, default=256)
    ap.add_argument('--batch', type=int, default=256); ap.add_argument('--rounds', type=int, default=3)
    ap.add_argument('--device', default='cuda' if torch.cuda.is_available() else 'cpu')
    ap.add_argument('--memory-child', default=None, help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    torch.set_num_threads(a.threads)
    cuda = a.device.startswith('cuda')
    sync = torch.cuda.synchronize if cuda else (lambda: None)
    st = FineStage(FineConfig(in_channels=1, sample_size=8, n_codes=16, coarse_dim=16, block_out_channels=(32, 64), enc_channels=(32, 64),
                              fine_dim=8), device=a.device, seed=0)
    codes = torch.arange(16).repeat(a.n // 16 + 1)[:a.n]
    st.sample(codes[:16], n_steps=2, seed=0)                       # warm-up
    run = lambda s, w, b: st.sample(codes, n_steps=s, guidance=w, seed=0, batch_size=a.batch, guidance_batch=b)
    if a.memory_child:
        base = start_memory(); run(*SETTINGS[a.memory_child]); return memory_report(base)
    times, peak = {k: [] for k in SETTINGS}, {}
    for _ in range(a.rounds):
        for k, v in SETTINGS.items():
            if cuda: torch.cuda.reset_peak_memory_stats()
            sync(); t0 = time.perf_counter(); run(*v); sync()
            times[k].append(time.perf_counter() - t0)
            if cuda: peak[k] = max(peak.get(k, 0), torch.cuda.max_memory_allocated())
    if not cuda:
        for k in SETTINGS: peak[k] = child_memory(__file__, k, list(argv or sys.argv[1:]))['delta']
    print(f"device {a.device}, threads {torch.get_num_threads()}, {a.n} images, batch {a.batch}, median of {a.rounds} rounds")
    for k in SETTINGS:
        dt = statistics.median(times[k])
        print(f"{k:>24}: {a.n / dt:7.1f} images/s ({dt:.2f} s)  peak memory {mib(peak[k])}")
    for s in (20, 50):
        one, two = statistics.median(times[f'ddim{s}_w2.0_one_call']), statistics.median(times[f'ddim{s}_w2.0_two_calls'])
        print(f"DDIM {s}, guidance 2: one batched call vs two calls: speed-up {two / one:.3f}x")
    print("memory: " + ("torch.cuda.max_memory_allocated" if cuda else "peak RSS delta of one sampling call, own process"))


if __name__ == '__main__': main()
