"""Share of the CF loss and the t-net in one coarse training step (issue target: <= 5%).

In one process: (a) the mean wall time of one training update of CoarseImageGAN (n_critic critic steps + one
generator step: one fit call of --steps updates after a warm-up fit, with no contrastive-only warm-up), and (b) the median
time of the CF work of one update on tensors of the same shapes: the t-net's frequencies, the critic's CF terms (real,
fake and the diagnostic on real) with their backward into the embeddings and the t-net, n_critic times, plus the
generator's CF term and its backward. Prints both and (b)/(a), and the peak memory of each: CUDA
max_memory_allocated, or on a CPU the peak RSS delta of (a) and of (b) in a fresh process (`bench/_common.py`).

Usage: python bench/cf_share.py [--threads 1] [--steps 30] [--size 16] [--batch 128]
"""
from __future__ import annotations
import argparse, statistics, sys, time
import torch
from cofi_ucgen.coarse import CoarseImageGAN, ImageCoarseConfig
from cofi_ucgen.cf import cf_loss, cf_generator_loss
from cofi_ucgen.data import load_digits_images
from _common import start_memory, memory_report, child_memory, mib

def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument('--threads', type=int, default=1); ap.add_argument('--steps', type=int, default=30)
    ap.add_argument('--warmup', type=int, default=5); ap.add_argument('--size', type=int, default=16)
    ap.add_argument('--batch', type=int, default=128)
    ap.add_argument('--memory-child', default=None, help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    torch.set_num_threads(a.threads)
    # the recipe of the README's coarse runs, without the contrastive-only warm-up so that every timed step is adversarial
    cfg = ImageCoarseConfig(size=a.size, batch_size=a.batch, g_channels=32, e_channels=16, feat_dim=128, warmup_steps=0, knn_views=5,
                            align=0.3, pc_freq=0.5, head_hidden=128, head_gain=1.0, lr=5e-4)
    x, _ = load_digits_images(size=a.size)
    m = CoarseImageGAN(cfg, seed=0)
    if a.memory_child == 'update':
        base = start_memory(); m.fit(x, a.warmup + 3, seed=0, progress=False); return memory_report(base)
    if a.memory_child == 'cf': a.steps = 3
    else:
        m.fit(x, a.warmup, seed=0, progress=False)
        t0 = time.perf_counter(); m.fit(x, a.warmup + a.steps, seed=0, progress=False)    # one fit call: no per-call set-up in the steps
        full = (time.perf_counter() - t0) / a.steps
    base = start_memory()
    n, d = a.batch, m.prior.d
    gen = torch.Generator().manual_seed(1)
    z = m.prior.sample(n, generator=gen)[0]
    cfw = []
    for _ in range(a.warmup + a.steps):
        e_real, e_fake = torch.randn(n, d, requires_grad=True), torch.randn(n, d, requires_grad=True)
        t0 = time.perf_counter()
        for _ in range(cfg.n_critic):
            t = m.frequencies(gen)
            nt = len(t) - m._n_pc()
            loss = cf_loss(e_real, z, t, cfg.alpha) - cf_loss(e_fake, z, t[:nt], cfg.alpha)
            with torch.no_grad(): cf_loss(e_real, z, t, cfg.alpha)
            loss.backward()
        with torch.no_grad(): t = m.frequencies(gen)
        cf_generator_loss(e_fake, e_real.detach(), t, cfg.alpha).backward()
        cfw.append(time.perf_counter() - t0)
    if a.memory_child == 'cf': return memory_report(base)
    cfw = cfw[a.warmup:]
    mem = {k: child_memory(__file__, k, list(argv or sys.argv[1:]))['delta'] for k in ('update', 'cf')}
    f, c = full, statistics.median(cfw)
    print(f"coarse update (n_critic={cfg.n_critic}, batch {n}, {a.size}x{a.size}, n_freq {cfg.n_freq}, d {d}): mean {1e3 * f:.1f} ms over {a.steps} updates")
    print(f"CF loss + t-net work of one update: median {1e3 * c:.2f} ms")
    print(f"CF share of a coarse step: {c / f:.4f} ({100 * c / f:.2f}%; target <= 5%)")
    print(f"peak memory (RSS delta, own process): coarse updates {mib(mem['update'])}, CF + t-net work {mib(mem['cf'])}")

if __name__ == '__main__': main()
