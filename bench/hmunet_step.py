"""Training-step benchmark: HM-UNet (cofi_ucgen.hmunet.HMUNet) against diffusers' UNet2DModel of the same widths.

One step = forward + MSE loss to the noise + backward + AdamW step. The two models alternate step by step in the
same process (so both see the same machine load), after a warm-up. Prints the median step time of each, the ratio
HM-UNet / UNet2DModel (acceptance: <= 1.10) and the peak memory of each.

Peak memory: on CUDA `torch.cuda.max_memory_allocated` (reset before every step). On CPU each model is run again in a
fresh subprocess that reports the peak resident set size during its training steps minus the resident set size just
before them (`bench/_common.py`).

Usage: python bench/hmunet_step.py [--size 8] [--channels 4] [--batch 64] [--steps 20] [--warmup 3]
                                   [--device cpu] [--threads 1] [--widths 64 128] [--layers 1]
"""
from __future__ import annotations
import argparse, statistics, sys, time
import torch
import torch.nn.functional as F
from diffusers import UNet2DModel
from cofi_ucgen.hmunet import HMUNet
from _common import start_memory, memory_report, child_memory


def build(which: str, a) -> tuple[torch.nn.Module, dict]:
    "The model `which` ('hmunet' or 'unet2d') and its keyword inputs besides sample and timestep."
    levels = len(a.widths)
    attn = tuple(i == levels - 1 for i in range(levels))  # attention at the lowest resolution only
    g = torch.Generator().manual_seed(0)
    if which == 'hmunet':
        m = HMUNet(sample_size=a.size, in_channels=a.channels, block_out_channels=tuple(a.widths),
                   layers_per_block=a.layers, attention_levels=attn, norm_num_groups=a.groups,
                   coarse_dim=a.coarse_dim, fine_dim=a.fine_dim)
        kw = dict(coarse=torch.randn(a.batch, a.coarse_dim, generator=g).to(a.device),
                  z_fine=torch.randn(a.batch, a.fine_dim, generator=g).to(a.device))
    else:
        m = UNet2DModel(sample_size=a.size, in_channels=a.channels, out_channels=a.channels,
                        block_out_channels=tuple(a.widths), layers_per_block=a.layers,
                        down_block_types=tuple('AttnDownBlock2D' if f else 'DownBlock2D' for f in attn),
                        up_block_types=tuple('AttnUpBlock2D' if f else 'UpBlock2D' for f in reversed(attn)),
                        norm_num_groups=a.groups, attn_norm_num_groups=a.groups, attention_head_dim=None,
                        resnet_time_scale_shift='scale_shift')
        kw = {}
    return m.to(a.device), kw


def make_step(m, kw, a):
    "A closure running one training step of `m` on fixed random data."
    g = torch.Generator().manual_seed(1)
    x = torch.randn(a.batch, a.channels, a.size, a.size, generator=g).to(a.device)
    eps = torch.randn(x.shape, generator=g).to(a.device)
    t = torch.randint(0, 1000, (a.batch,), generator=g).to(a.device)
    opt = torch.optim.AdamW(m.parameters(), lr=1e-4)
    def step():
        opt.zero_grad(set_to_none=True)
        loss = F.mse_loss(m(x, t, **kw).sample, eps)
        loss.backward()
        opt.step()
        return loss
    return step


def sync(a):
    if a.device.startswith('cuda'): torch.cuda.synchronize()


def cpu_memory_child(which: str, a) -> None:
    "Run in a fresh process: print JSON with the peak-RSS delta of `which`'s training steps."
    m, kw = build(which, a)
    step = make_step(m, kw, a)
    base = start_memory()
    for _ in range(max(2, a.warmup)): step()
    memory_report(base)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--size', type=int, default=8, help='sample_size (height = width)')
    p.add_argument('--channels', type=int, default=4, help='in_channels = out_channels')
    p.add_argument('--batch', type=int, default=64)
    p.add_argument('--steps', type=int, default=20, help='measured steps per model (>= 20 for the acceptance check)')
    p.add_argument('--warmup', type=int, default=3, help='unmeasured steps per model first')
    p.add_argument('--device', default='cuda' if torch.cuda.is_available() else 'cpu')
    p.add_argument('--threads', type=int, default=None, help='torch.set_num_threads (CPU)')
    p.add_argument('--widths', type=int, nargs='+', default=[64, 128], help='block_out_channels')
    p.add_argument('--layers', type=int, default=1, help='layers_per_block')
    p.add_argument('--groups', type=int, default=8, help='norm_num_groups')
    p.add_argument('--coarse-dim', type=int, default=16)
    p.add_argument('--fine-dim', type=int, default=16)
    p.add_argument('--memory-child', default=None, help=argparse.SUPPRESS)
    a = p.parse_args(argv)
    if a.threads: torch.set_num_threads(a.threads)
    if a.memory_child: return cpu_memory_child(a.memory_child, a)

    models = {w: build(w, a) for w in ('hmunet', 'unet2d')}
    steps = {w: make_step(*models[w], a) for w in models}
    times = {w: [] for w in models}
    peak = {w: 0 for w in models}
    cuda = a.device.startswith('cuda')
    for i in range(a.warmup + a.steps):
        for w in models:  # alternate the two models step by step
            if cuda: torch.cuda.reset_peak_memory_stats()
            sync(a); t0 = time.perf_counter()
            steps[w]()
            sync(a); dt = time.perf_counter() - t0
            if i >= a.warmup: times[w].append(dt)
            if cuda: peak[w] = max(peak[w], torch.cuda.max_memory_allocated())
    if not cuda:  # each model alone in a fresh process
        how = ''
        for w in models:
            r = child_memory(__file__, w, list(argv or sys.argv[1:]))
            peak[w], how = r['delta'], r['how']
        mem_note = f'peak RSS delta during training steps, own process (VmHWM; baseline via {how})'
    else: mem_note = 'torch.cuda.max_memory_allocated'
    nparams = {w: sum(p.numel() for p in models[w][0].parameters()) for w in models}
    med = {w: statistics.median(times[w]) for w in models}
    print(f"device {a.device}, threads {torch.get_num_threads()}, batch {a.batch}, size {a.size}, channels {a.channels}, "
          f"widths {tuple(a.widths)}, layers_per_block {a.layers}, {a.steps} measured steps after {a.warmup} warm-up (alternating)")
    for w, name in (('hmunet', 'HMUNet     '), ('unet2d', 'UNet2DModel')):
        q = sorted(times[w])
        print(f"{name}: params {nparams[w]:>9,d}  median step {1e3 * med[w]:8.2f} ms  (min {1e3 * q[0]:.2f}, max {1e3 * q[-1]:.2f})"
              f"  peak memory {peak[w] / 2 ** 20:8.1f} MiB")
    ratio = med['hmunet'] / med['unet2d']
    print(f"ratio HMUNet / UNet2DModel (median step time): {ratio:.3f}  (acceptance <= 1.10: {'PASS' if ratio <= 1.10 else 'FAIL'})")
    print(f"memory: {mem_note}")


if __name__ == '__main__':
    main()
