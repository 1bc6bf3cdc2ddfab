"""Float16 and bfloat16 in NumPy: ranges, underflow of small gradients and static loss scaling, lost
weight updates without float32 master weights, and float16 vs float32 accumulation in a long sum.
bfloat16 is emulated by rounding float32 values to their top 16 bits through integer views."""
# output-tiny-values: the smallest normal and subnormal numbers of each format are constants of the format
import matplotlib.pyplot as plt
import numpy as np


def to_bf16(x, mode: str = "nearest") -> np.ndarray:
    """Round float32 values to bfloat16 (kept in a float32 container): keep the top 16 of the 32 bits."""
    bits = np.asarray(x, dtype=np.float32).view(np.uint32)
    if mode == "nearest":                              # round to nearest, ties to even, before truncating
        bits = bits + np.uint32(0x7FFF) + ((bits >> np.uint32(16)) & np.uint32(1))
    return (bits & np.uint32(0xFFFF0000)).view(np.float32)


def bf16_from_bits(b: int) -> float:
    return float(np.array([b << 16], dtype=np.uint32).view(np.float32)[0])


f16, f32 = np.finfo(np.float16), np.finfo(np.float32)
print(f"{'format':<9}{'exp/mant bits':>14}{'max':>10}{'min normal':>12}{'min subnormal':>15}{'eps (gap at 1)':>16}")
print(f"{'float32':<9}{'8/23':>14}{f32.max:>10.2e}{f32.tiny:>12.2e}{f32.smallest_subnormal:>15.2e}{f32.eps:>16.2e}")
print(f"{'float16':<9}{'5/10':>14}{float(f16.max):>10.0f}{float(f16.tiny):>12.2e}"
      f"{float(f16.smallest_subnormal):>15.2e}{float(f16.eps):>16.2e}")
bf_max, bf_tiny, bf_sub = bf16_from_bits(0x7F7F), bf16_from_bits(0x0080), bf16_from_bits(0x0001)
bf_eps = bf16_from_bits(0x3F81) - 1.0
print(f"{'bfloat16':<9}{'8/7':>14}{bf_max:>10.2e}{bf_tiny:>12.2e}{bf_sub:>15.2e}{bf_eps:>16.2e}")
assert float(f16.max) == 65504 and bf_eps == 2.0**-7 and abs(bf_max / f32.max - 1) < 0.01

# Synthetic gradient values spread over many orders of magnitude: log10|g| ~ N(-6, 1.25).
rng = np.random.default_rng(0)
g = (rng.choice([-1.0, 1.0], 100_000) * 10 ** rng.normal(-6, 1.25, 100_000)).astype(np.float32)
print(f"\n{len(g):,} gradient values, median |g| = {np.median(np.abs(g)):.1e}, largest {np.abs(g).max():.1e}")
print(f"{'cast':<22}{'zero':>8}{'subnormal':>11}{'inf (count)':>13}{'median rel. error':>19}")
rows = {}
for label, scale in [("float16, scale 1", 1.0), ("float16, scale 2^8", 2.0**8),
                     ("float16, scale 2^16", 2.0**16), ("float16, scale 2^24", 2.0**24), ("bfloat16, scale 1", 1.0)]:
    with np.errstate(over="ignore"):
        h = (g * scale).astype(np.float16) if label.startswith("float16") else to_bf16(g * scale)
    a = np.abs(h.astype(np.float32))
    zero, inf = np.mean(a == 0), int(np.isinf(a).sum())
    sub = np.mean((a > 0) & (a < float(f16.tiny))) if label.startswith("float16") else 0.0
    finite = np.isfinite(a)
    rel = np.median(np.abs(h[finite].astype(np.float64) / scale - g[finite]) / np.abs(g[finite]))
    rows[label] = (zero, sub, inf, rel)
    print(f"{label:<22}{zero:>8.1%}{sub:>11.1%}{inf:>13d}{rel:>19.1e}")
assert 0.08 < rows["float16, scale 1"][0] < 0.15 and rows["float16, scale 2^16"][0] == 0
assert rows["float16, scale 2^16"][2] == 0 and rows["float16, scale 2^24"][2] > 10
assert rows["bfloat16, scale 1"][0] == 0 and 1e-3 < rows["bfloat16, scale 1"][3] < 3e-3
assert 0.75 < rows["float16, scale 1"][1] < 0.85 and 0.005 < rows["float16, scale 2^16"][1] < 0.012
assert 150 < rows["float16, scale 2^24"][2] < 300 and 0.008 < rows["float16, scale 1"][3] < 0.015

# Weight updates: 1,000 steps that each add 1e-4 to a weight of 1.0.
w16, wbf, w32 = np.float16(1.0), to_bf16(1.0), np.float32(1.0)
for _ in range(1000):
    w16 = np.float16(w16 + np.float16(1e-4))
    wbf = to_bf16(wbf + np.float32(1e-4))
    w32 = np.float32(w32 + np.float32(1e-4))
print(f"\nweight 1.0 after 1,000 updates of +1e-4: float16 {float(w16):.4f}, bfloat16 {float(wbf):.4f}, "
      f"float32 {float(w32):.4f}")
assert float(w16) == 1.0 and float(wbf) == 1.0 and abs(float(w32) - 1.1) < 1e-3

# A long sum of 10,000 float16 inputs in U(0, 0.02), added one at a time.
x = rng.uniform(0, 0.02, 10_000).astype(np.float16)
exact = x.astype(np.float64).sum()
acc = {"float16 accumulator": np.float16(0), "bfloat16, nearest": np.float32(0),
       "bfloat16, truncation": np.float32(0), "float32 accumulator": np.float32(0)}
paths = {k: [] for k in acc}
for v in x:
    acc["float16 accumulator"] = np.float16(acc["float16 accumulator"] + v)
    acc["bfloat16, nearest"] = to_bf16(acc["bfloat16, nearest"] + np.float32(v))[()]
    acc["bfloat16, truncation"] = to_bf16(acc["bfloat16, truncation"] + np.float32(v), "truncate")[()]
    acc["float32 accumulator"] = np.float32(acc["float32 accumulator"] + np.float32(v))
    for k in acc:
        paths[k].append(float(acc[k]))
print(f"\nsum of {len(x):,} values in U(0, 0.02), exact {exact:.3f}")
for k, s in acc.items():
    print(f"  {k:<22}{float(s):>10.3f}   relative error {abs(float(s) - exact) / exact:.1e}")
assert float(acc["float16 accumulator"]) == 64.0 and abs(float(acc["float32 accumulator"]) - exact) < 1e-3
assert float(acc["bfloat16, nearest"]) == 8.0 and float(acc["bfloat16, truncation"]) == 4.0 and 98 < exact < 100

fig, ax = plt.subplots(figsize=(6.4, 3.4), num="Histogram of log2 of gradient magnitudes before and after "
                       "scaling by 2^16, with the float16 zero, subnormal and normal ranges marked")
bins = np.arange(-50, 22, 1)
ax.hist(np.log2(np.abs(g)), bins=bins, histtype="step", label="gradients")
ax.hist(np.log2(np.abs(g) * 2.0**16), bins=bins, histtype="step", label="scaled by $2^{16}$")
ax.axvspan(-50, -25, color="tab:red", alpha=0.15, label="float16 rounds to 0")
ax.axvspan(-25, -14, color="tab:orange", alpha=0.15, label="float16 subnormal")
ax.axvline(np.log2(65504), color="k", ls="--", lw=1, label="float16 max")
ax.set(xlabel=r"$\log_2 |g|$", ylabel="count", title="Static loss scaling shifts gradients into range")
ax.legend(fontsize=8, loc="upper left")
fig.tight_layout()

fig, ax = plt.subplots(figsize=(6.4, 3.2), num="Running sum of 10,000 small float16 values with float16, "
                       "bfloat16 and float32 accumulators: the 16-bit sums stall")
for k in acc:
    ax.plot(np.arange(1, len(x) + 1)[::50], paths[k][::50], label=k)
ax.set(xlabel="number of terms added", ylabel="running sum", title="Accumulator precision in a long sum")
ax.legend(fontsize=8)
fig.tight_layout()
plt.show()
