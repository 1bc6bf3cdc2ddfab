"""FP8 in NumPy: round float64 values to E4M3 (4 exponent, 3 mantissa bits, bias 7, largest value 448) and to
E5M2 (5 and 2, bias 15, largest 57344), their range and relative rounding error; then a KV cache quantized to
8 and 4 bits, keys per channel or per token, measured by the error of the attention output."""
import numpy as np

rng = np.random.default_rng(0)
FORMATS = {"E4M3": dict(mant=3, min_exp=-6, max_val=448.0),          # min_exp: exponent of the smallest normal
           "E5M2": dict(mant=2, min_exp=-14, max_val=57344.0)}


def to_fp8(x, mant, min_exp, max_val):
    """Round to nearest (ties to even) on the format's grid: spacing 2^(e - mant) in binade e, subnormals below
    2^min_exp; saturate at max_val (E4M3 has no infinity; saturating is the usual choice for E5M2 too)."""
    x = np.clip(x, -max_val, max_val)
    e = np.floor(np.log2(np.maximum(np.abs(x), 2.0 ** min_exp)))
    step = 2.0 ** (e - mant)
    return np.round(x / step) * step


for name, f in FORMATS.items():
    smallest = 2.0 ** (f["min_exp"] - f["mant"])
    print(f"{name}: largest {f['max_val']:>7g}, smallest normal 2^{f['min_exp']}, smallest subnormal "
          f"2^{f['min_exp'] - f['mant']}, range {np.log2(f['max_val'] / smallest):.0f} binades, "
          f"max relative rounding error 2^-{f['mant'] + 1} = {2.0 ** -(f['mant'] + 1):.4f}")

x = rng.normal(size=100_000) * np.exp(rng.normal(0, 1.5, 100_000))    # values spread over many binades
fp8_median = {}
for name, f in FORMATS.items():
    s = np.abs(x).max() / f["max_val"]                                 # per-tensor scale onto the format's range
    y = to_fp8(x / s, **f) * s
    fp8_median[name] = np.median(np.abs(y - x) / np.abs(x))
    print(f"{name} with a per-tensor scale: median relative error {fp8_median[name]:.3f}, "
          f"values flushed to zero {np.mean(y == 0):.2%}")
assert 0.015 < fp8_median["E4M3"] < 0.03 and 0.03 < fp8_median["E5M2"] < 0.06
s8 = np.abs(x).max() / 127
y8 = np.round(x / s8) * s8
print(f"int8 with the same per-tensor scale: median relative error {np.median(np.abs(y8 - x) / np.abs(x)):.3f}, "
      f"values flushed to zero {np.mean(y8 == 0):.2%}")
assert np.mean(y8 == 0) > 0.6
assert to_fp8(np.array([448.0, 500.0, 1e-9]), **FORMATS["E4M3"]).tolist() == [448.0, 448.0, 0.0]
assert to_fp8(np.array([1.0 + 2 ** -4]), **FORMATS["E4M3"])[0] == 1.0     # tie rounds to even
assert to_fp8(np.array([240.0]), **FORMATS["E4M3"])[0] == 240.0

# KV-cache quantization: keys with a few outlier channels, as observed in LLMs.
n, d = 512, 64
K = rng.normal(size=(n, d))
K[:, [3, 17, 40]] *= 15                                                # outlier key channels
V = rng.normal(size=(n, d))
q = rng.normal(size=(8, d))


def attend(K, V):
    s = q @ K.T / np.sqrt(d)
    p = np.exp(s - s.max(1, keepdims=True))
    return (p / p.sum(1, keepdims=True)) @ V


def quant(A, bits, axis):
    """Asymmetric round-to-nearest with min/max taken along `axis` (0: per channel, 1: per token)."""
    lo, hi = A.min(axis, keepdims=True), A.max(axis, keepdims=True)
    scale = (hi - lo) / (2 ** bits - 1)
    return np.round((A - lo) / scale) * scale + lo


ref = attend(K, V)
print(f"\nKV cache, attention-output relative error ({n} tokens, 3 outlier key channels):")
results = {}
for bits in (8, 4):
    for k_axis, k_name in ((1, "per token"), (0, "per channel")):
        out = attend(quant(K, bits, k_axis), quant(V, bits, 1))
        results[bits, k_name] = np.linalg.norm(out - ref) / np.linalg.norm(ref)
        print(f"  int{bits} keys {k_name:<11} (values per token): {results[bits, k_name]:.3f}")
assert results[4, "per channel"] < 0.8 * results[4, "per token"] and results[8, "per channel"] < 0.03
assert results[8, "per channel"] < results[4, "per channel"]
assert 0.2 < results[4, "per channel"] < 0.3 < results[4, "per token"] < 0.45
