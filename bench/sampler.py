"""Sampler throughput of the fine stage: images per second for DDIM with 20 and 50 steps (and guidance 1 / 2).

Builds the fine stage of the demo (8x8 digits in pixel space, HM-UNet widths 32/64, z_f of width 8, 16 codes); the
weights do not change the cost, so no training is needed. Prints images/s for each setting and the peak resident
set size of the process.

Usage: python bench/sampler.py [--threads 1] [--n 256] [--batch 256]
"""
from __future__ import annotations
import argparse, resource, time
import torch
from cofi_ucgen.fine import FineStage, FineConfig

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--threads', type=int, default=1); ap.add_argument('--n', type=int, default=256)
    ap.add_argument('--batch', type=int, default=256); ap.add_argument('--device', default='cpu')
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    st = FineStage(FineConfig(in_channels=1, sample_size=8, n_codes=16, coarse_dim=16, block_out_channels=(32, 64), enc_channels=(32, 64),
                              fine_dim=8), device=a.device, seed=0)
    codes = torch.arange(16).repeat(a.n // 16 + 1)[:a.n]
    st.sample(codes[:16], n_steps=2, seed=0)                       # warm-up
    for steps in (20, 50):
        for w in (1.0, 2.0):
            t0 = time.perf_counter(); st.sample(codes, n_steps=steps, guidance=w, seed=0, batch_size=a.batch)
            if a.device.startswith('cuda'): torch.cuda.synchronize()
            dt = time.perf_counter() - t0
            print(f"DDIM {steps} steps, guidance {w:g}: {a.n / dt:.1f} images/s ({dt:.2f} s for {a.n})")
    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")

if __name__ == '__main__': main()
