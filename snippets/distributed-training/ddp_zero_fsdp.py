"""Data parallelism in numbers: a ring all-reduce simulated in NumPy, then per-GPU memory and communication
for DDP and ZeRO stages 1-3 (FSDP's full sharding is ZeRO-3), following Rajbhandari et al. (2020)."""
import matplotlib.pyplot as plt
import numpy as np

rng = np.random.default_rng(0)


def ring_all_reduce(grads: list[np.ndarray]) -> tuple[list[np.ndarray], int]:
    """Sum equal-length vectors over a ring of workers: reduce-scatter, then all-gather.
    Returns every worker's result and the number of elements each worker sent."""
    n = len(grads)
    chunks = [np.array_split(g.copy(), n) for g in grads]
    sent = 0
    for step in range(n - 1):  # reduce-scatter: after n-1 steps worker w owns the full sum of chunk (w+1) % n
        msgs = [(w, (w - step) % n, chunks[w][(w - step) % n].copy()) for w in range(n)]
        for w, c, data in msgs:
            chunks[(w + 1) % n][c] += data
        sent += len(msgs[0][2])
    for step in range(n - 1):  # all-gather: pass the finished chunks around the ring
        msgs = [(w, (w + 1 - step) % n, chunks[w][(w + 1 - step) % n].copy()) for w in range(n)]
        for w, c, data in msgs:
            chunks[(w + 1) % n][c] = data
        sent += len(msgs[0][2])
    return [np.concatenate(c) for c in chunks], sent


n_workers, size = 8, 4096
grads = [rng.normal(size=size) for _ in range(n_workers)]
out, sent = ring_all_reduce(grads)
exact = np.sum(grads, axis=0)
print(f"ring all-reduce over {n_workers} workers of {size} values each")
print(f"  every worker holds the sum, max abs diff < 1e-12: {max(np.abs(o - exact).max() for o in out) < 1e-12}")
print(f"  elements sent per worker: {sent} = 2(N-1)/N x {size} = {2 * (n_workers - 1) / n_workers * size:.0f}")
assert sent == 2 * (n_workers - 1) * size // n_workers

K = 12  # bytes of optimizer state per parameter for mixed-precision Adam: fp32 master weights, m, v


def per_gpu_gb(psi: float, nd: int, stage: str) -> float:
    """Model-state memory per GPU (Rajbhandari et al., 2020, Figure 1)."""
    return {
        "DDP": (2 + 2 + K) * psi,
        "ZeRO-1 (optimizer)": 2 * psi + 2 * psi + K * psi / nd,
        "ZeRO-2 (+ gradients)": 2 * psi + (2 + K) * psi / nd,
        "ZeRO-3 / FSDP (+ weights)": (2 + 2 + K) * psi / nd,
    }[stage] / 1e9


# Communication per GPU and step, in parameter-sized volumes (x Psi), for large N: all-reduce = reduce-scatter +
# all-gather, 2 Psi; ZeRO-3 all-gathers the weights in the forward and again in the backward pass, 3 Psi.
VOLUME = {"DDP": 2, "ZeRO-1 (optimizer)": 2, "ZeRO-2 (+ gradients)": 2, "ZeRO-3 / FSDP (+ weights)": 3}
stages = list(VOLUME)

print("\nZeRO paper's example, 7.5B parameters on 64 GPUs: model states per GPU")
for st in stages:
    print(f"  {st:<27}{per_gpu_gb(7.5e9, 64, st):>7.1f} GB")

psi, nd = 7e9, 8
print(f"\n7B parameters on {nd} GPUs, 2-byte gradients and weights on the wire")
print(f"  {'stage':<27}{'memory/GPU':>11}{'sent/GPU/step':>15}{'vs DDP':>8}")
for st in stages:
    wire = VOLUME[st] * (nd - 1) / nd * psi * 2 / 1e9
    print(f"  {st:<27}{per_gpu_gb(psi, nd, st):>8.1f} GB{wire:>12.1f} GB{VOLUME[st] / VOLUME['DDP']:>7.1f}x")

assert abs(per_gpu_gb(7.5e9, 64, stages[0]) - 120) < 0.1 and abs(per_gpu_gb(7.5e9, 64, stages[1]) - 31.4) < 0.1
assert abs(per_gpu_gb(7.5e9, 64, stages[2]) - 16.6) < 0.1 and abs(per_gpu_gb(7.5e9, 64, stages[3]) - 1.9) < 0.1
assert abs(per_gpu_gb(psi, nd, stages[3]) - 14) < 0.01

nds = 2 ** np.arange(0, 11)
fig, ax = plt.subplots(figsize=(6.4, 3.4), num="Model-state memory per GPU for a 7B model against the number of "
                       "data-parallel GPUs: DDP stays at 112 GB, ZeRO-1 and ZeRO-2 level off at 28 and 14 GB, "
                       "ZeRO-3 keeps falling as 112 GB divided by N")
for st in stages:
    ax.plot(nds, [per_gpu_gb(psi, int(n), st) for n in nds], marker="o", ms=3, label=st)
ax.axhline(80, color="k", ls="--", lw=1, label="80 GB accelerator")
ax.set(xscale="log", yscale="log", xlabel="data-parallel GPUs N", ylabel="GB per GPU",
       title="7B parameters, mixed-precision Adam")
ax.set_xticks(nds[::2], [str(n) for n in nds[::2]])
ax.legend(fontsize=8)
fig.tight_layout()
plt.show()
