"""Post-training int8 quantization of a weight matrix: per-tensor vs per-output-channel scales, with an outlier
input column or output row, keeping the outlier column in float (as LLM.int8() does for outlier features),
symmetric vs affine for a skewed activation tensor, and an integer matrix-vector product."""
import numpy as np

rng = np.random.default_rng(0)
n_out, n_in = 128, 256
row_scale = np.exp(rng.uniform(-1.0, 1.0, size=(n_out, 1)))      # output channels differ in scale
W0 = 0.02 * row_scale * rng.normal(size=(n_out, n_in))
x = rng.normal(size=n_in)


def quant_sym(A: np.ndarray, axis: int | None) -> tuple[np.ndarray, np.ndarray]:
    """Symmetric int8: q = round(A / s), s = max|A| / 127, per tensor (axis=None) or per row (axis=1)."""
    s = np.abs(A).max(axis=axis, keepdims=axis is not None) / 127
    return np.clip(np.round(A / s), -127, 127).astype(np.int8), s


def rel(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.linalg.norm(a - b) / np.linalg.norm(b))


W_col, W_row = W0.copy(), W0.copy()
W_col[:, 7] *= 40.0                                 # one outlier input column (an inner dimension)
W_row[5, :] *= 40.0                                 # one outlier output row (an outer dimension)
ordinary = np.ones((n_out, n_in), bool)             # the error is measured on the ordinary weights
ordinary[:, 7] = ordinary[5, :] = False
rows = np.arange(n_out) != 5                        # ... and on the outputs of the ordinary rows,
y_ref = W0 @ x                                      # in units of a typical output without outliers
print(f"{'weights':<16}{'scheme':<34}{'ordinary weights':>17}{'W x outputs':>13}")
res = {}
for case, W in [("no outlier", W0), ("outlier column", W_col), ("outlier row", W_row)]:
    W_hats = {name: np.multiply(*quant_sym(W, axis)) for name, axis in
              [("per-tensor", None), ("per-channel (one scale per row)", 1)]}
    if case == "outlier column":                    # mixed precision: column 7 stays in float
        keep = np.arange(n_in) != 7
        W_hat = W.copy()
        W_hat[:, keep] = np.multiply(*quant_sym(W[:, keep], 1))
        W_hats["per-channel + column 7 in float"] = W_hat
    for name, W_hat in W_hats.items():
        y_err = np.linalg.norm((W_hat @ x - W @ x)[rows]) / np.linalg.norm(y_ref[rows])
        res[case, name] = (rel(W_hat[ordinary], W[ordinary]), y_err)
        print(f"{case:<16}{name:<34}{res[case, name][0]:>17.4f}{y_err:>13.4f}")
e = {k: v[0] for k, v in res.items()}
pt, pc = "per-tensor", "per-channel (one scale per row)"
assert e["no outlier", pc] < 0.7 * e["no outlier", pt]
assert e["outlier column", pt] > 10 * e["no outlier", pt] and e["outlier row", pt] > 10 * e["no outlier", pt]
assert e["outlier column", pc] > 5 * e["no outlier", pc]               # per-row scales cannot help here
assert abs(e["outlier row", pc] - e["no outlier", pc]) < 1e-3          # ... but fully fix an outlier row
assert abs(e["outlier column", "per-channel + column 7 in float"] - e["no outlier", pc]) < 1e-3
y = {k: v[1] for k, v in res.items()}
assert y["outlier column", pc] > 5 * y["no outlier", pc] and y["outlier row", pc] < 1.2 * y["no outlier", pc]

# Symmetric vs affine on a skewed tensor (GELU-like activations, min about -0.17): affine r = S (q - Z)
# spends its 256 levels on [min, max]; symmetric int8 spends them on [-max, max], half of it unused.
g = rng.normal(size=4096)
a = g / (1 + np.exp(-1.702 * g))
q_s, s_s = quant_sym(a, None)
S = (a.max() - a.min()) / 255
Z = int(np.round(-a.min() / S))                     # zero point: the integer that represents real 0 exactly
q_a = np.clip(np.round(a / S) + Z, 0, 255)
err_sym, err_aff = np.sqrt(np.mean((q_s * s_s - a) ** 2)), np.sqrt(np.mean((S * (q_a - Z) - a) ** 2))
print(f"GELU-like activations in [{a.min():.3f}, {a.max():.3f}]: symmetric scale {s_s:.5f}, "
      f"affine scale {S:.5f} with zero point Z = {Z}")
print(f"RMS error: symmetric {err_sym:.5f}, affine {err_aff:.5f} (ratio {err_sym / err_aff:.2f})")
assert 1.6 < err_sym / err_aff < 2.0

# An integer matvec: int8 x int8 products summed in int32, then one float rescale per output row.
q_W, s_W = quant_sym(W0, 1)
q_x, s_x = quant_sym(x, None)
acc = q_W.astype(np.int32) @ q_x.astype(np.int32)   # integer-only inner products
y_int = acc * (s_W[:, 0] * s_x)                     # per-row scales factor out of each sum
print(f"int32-accumulated matvec vs float W x: relative error {rel(y_int, W0 @ x):.4f}; "
      f"largest |accumulator| {np.abs(acc).max()} (int32 limit {np.iinfo(np.int32).max})")
assert rel(y_int, W0 @ x) < 0.02
assert abs(e["no outlier", pt] - 0.0142) < 5e-4 and abs(e["no outlier", pc] - 0.0069) < 5e-4
assert abs(e["outlier column", pc] - 0.0967) < 2e-3 and abs(err_sym / err_aff - 1.84) < 0.01
