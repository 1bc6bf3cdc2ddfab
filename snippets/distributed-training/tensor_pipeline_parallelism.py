"""Model parallelism in numbers: Megatron's column/row split of an MLP checked in NumPy, pipeline bubbles from a
schedule simulation against (p-1)/(m+p-1), and candidate layouts of a 70B model on 256 GPUs."""
import matplotlib.pyplot as plt
import numpy as np

rng = np.random.default_rng(0)


def gelu(x: np.ndarray) -> np.ndarray:
    return 0.5 * x * (1 + np.tanh(np.sqrt(2 / np.pi) * (x + 0.044715 * x**3)))


# 1. Tensor parallelism: Y = gelu(X A) B with A split by columns and B by rows over t GPUs.
s, h, t = 16, 64, 4
X, A, B = rng.normal(size=(s, h)), rng.normal(size=(h, 4 * h)) / 8, rng.normal(size=(4 * h, h)) / 16
Y = gelu(X @ A) @ B
parts = [gelu(X @ Ac) @ Br for Ac, Br in zip(np.split(A, t, axis=1), np.split(B, t, axis=0))]
print(f"tensor parallelism over t = {t}: column-split A, row-split B, one all-reduce (sum) at the end")
print(f"  sum of the {t} partial outputs equals the full MLP, max abs diff < 1e-12: "
      f"{np.abs(sum(parts) - Y).max() < 1e-12}")
wrong = sum(gelu(Xr @ Ar) for Xr, Ar in zip(np.split(X, t, axis=1), np.split(A, t, axis=0))) @ B
print(f"  row-splitting A instead needs a sum before the GeLU; skipping it is wrong by > 0.1: "
      f"{np.abs(wrong - Y).max() > 0.1}")


# 2. Pipeline bubbles: simulate GPipe and 1F1B on p stages with m micro-batches (backward = 2 x forward).
def simulate(p: int, m: int, schedule: str, tf: float = 1.0, tb: float = 2.0) -> tuple[float, int]:
    """Return the idle fraction of the pipeline and the largest number of micro-batches whose activations
    one stage holds at once."""
    orders = []
    for st in range(p):
        if schedule == "GPipe":
            orders.append([("F", j) for j in range(m)] + [("B", j) for j in range(m)])
        else:  # 1F1B: p-st-1 warm-up forwards, then alternate one forward and one backward
            w = min(p - st - 1, m)
            steady = [op for j in range(m - w) for op in (("F", w + j), ("B", j))]
            orders.append([("F", j) for j in range(w)] + steady + [("B", j) for j in range(m - w, m)])
    done, free, pos = {}, [0.0] * p, [0] * p
    while any(pos[st] < len(orders[st]) for st in range(p)):
        for st in range(p):
            while pos[st] < len(orders[st]):
                kind, j = orders[st][pos[st]]
                dep = (("F", st - 1, j) if st > 0 else None) if kind == "F" else \
                      (("B", st + 1, j) if st < p - 1 else ("F", st, j))
                if dep is not None and dep not in done:
                    break
                start = max(free[st], done.get(dep, 0.0))
                free[st] = done[(kind, st, j)] = start + (tf if kind == "F" else tb)
                pos[st] += 1
    held = [np.cumsum([1 if kind == "F" else -1 for kind, _ in order]) for order in orders]
    return 1 - m * (tf + tb) / max(free), int(max(h.max() for h in held))


print("\npipeline bubble (idle fraction), simulated vs (p-1)/(m+p-1); peak micro-batches held by one stage")
print(f"{'p':>3}{'m':>5}{'GPipe':>8}{'1F1B':>8}{'formula':>9}{'held GPipe':>12}{'held 1F1B':>11}")
for p, m in [(4, 4), (4, 16), (4, 64), (8, 8), (8, 32), (8, 128)]:
    (bg, hg), (b1, h1) = simulate(p, m, "GPipe"), simulate(p, m, "1F1B")
    formula = (p - 1) / (m + p - 1)
    assert abs(bg - formula) < 1e-9 and abs(b1 - formula) < 1e-9 and hg == m and h1 == p
    print(f"{p:>3}{m:>5}{bg:>8.3f}{b1:>8.3f}{formula:>9.3f}{hg:>12}{h1:>11}")

# 3. Layouts of a 70B model (80 layers, width 8192, 64 heads) on 256 GPUs, sequences of 4096 tokens,
#    global batch 1024 sequences, micro-batch 1, ZeRO-1 over the data-parallel group, and Korthikanti et al.'s
#    tensor + sequence parallelism with selective recomputation: 34 sbh / t bytes per layer.
N, L, hid, seq, gbatch, gpus, node = 70e9, 80, 8192, 4096, 1024, 256, 8
print(f"\n70B on {gpus} GPUs, nodes of {node}, s = {seq}, batch {gbatch} sequences, micro-batch 1")
print(f"{'t':>3}{'p':>4}{'d':>5}{'m':>6}{'states GB':>11}{'activ. GB':>11}{'total GB':>10}{'bubble':>8}"
      f"{'TP in node':>12}")
layouts = {}
for tp in (1, 2, 4, 8, 16):
    for pp in (1, 2, 4, 8, 16):
        dp = gpus // (tp * pp)
        if tp * pp * dp != gpus or L % pp or gbatch % dp:
            continue
        m = gbatch // dp
        states = (4 + 12 / dp) * N / (tp * pp) / 1e9  # 16-bit weights and grads, optimizer state sharded over d
        activ = L * 34 * seq * hid / tp / 1e9  # 1F1B: first stage holds p micro-batches x L/p layers = L layers
        bubble = (pp - 1) / (m + pp - 1)
        layouts[tp, pp, dp] = states + activ, bubble
        if (tp, pp) in {(1, 1), (2, 4), (4, 4), (8, 1), (8, 2), (8, 4), (8, 8), (16, 2)}:
            print(f"{tp:>3}{pp:>4}{dp:>5}{m:>6}{states:>11.1f}{activ:>11.1f}{states + activ:>10.1f}"
                  f"{bubble:>8.3f}{'yes' if tp <= node else 'no':>12}")
assert abs(layouts[8, 4, 8][0] - 23.4) < 0.1 and abs(layouts[8, 4, 8][1] - 3 / 131) < 1e-9

fig, ax = plt.subplots(figsize=(6.4, 3.2), num="Pipeline bubble fraction (p-1)/(m+p-1) against the number of "
                       "micro-batches m for 4, 8 and 16 stages: the bubble falls below 10% only once m is "
                       "about ten times p")
ms = np.arange(1, 257)
for p in (4, 8, 16):
    ax.plot(ms, (p - 1) / (ms + p - 1), label=f"p = {p} stages")
ax.axhline(0.1, color="k", ls=":", lw=1)
ax.set(xscale="log", xlabel="micro-batches per step m", ylabel="idle fraction", title="GPipe and 1F1B bubble")
ax.legend()
fig.tight_layout()
plt.show()
