"""4-bit weight quantization of one linear layer in NumPy: round-to-nearest with per-group scales against
group size; GPTQ, which quantizes one input column at a time and lets the not-yet-quantized columns absorb
the error using the inverse Hessian of calibration inputs; and AWQ, which scales up the weight columns of
input channels with large activations before rounding. Errors are measured on the layer's outputs for
held-out inputs whose channels differ widely in scale, as LLM activations do."""
import numpy as np

rng = np.random.default_rng(0)
d_out, d_in, n_cal, n_test = 256, 512, 2048, 1024
W = rng.standard_t(df=5, size=(d_out, d_in)) * 0.02           # heavy-tailed weights
channel_scale = np.exp(rng.normal(0, 1.0, d_in))              # input channels differ in magnitude ...
channel_scale[rng.choice(d_in, 5, replace=False)] *= 20       # ... and a few carry outliers
mix = rng.normal(size=(64, d_in)) / 8                         # activations live near a 64-dim subspace
X_cal, X_test = ((rng.normal(size=(n, 64)) @ mix + 0.1 * rng.normal(size=(n, d_in))) * channel_scale
                 for n in (n_cal, n_test))                     # correlated, unevenly scaled activations


def quant_groups(W, bits=4, group=128):
    """Asymmetric round-to-nearest with one scale and zero point per `group` consecutive inputs of a row."""
    G = W.reshape(W.shape[0], -1, group)
    lo, hi = G.min(-1, keepdims=True), G.max(-1, keepdims=True)
    scale = (hi - lo) / (2 ** bits - 1)
    q = np.clip(np.round((G - lo) / scale), 0, 2 ** bits - 1)
    return (q * scale + lo).reshape(W.shape)


def out_err(W_hat, X=X_test):
    return np.linalg.norm(X @ (W_hat - W).T) / np.linalg.norm(X @ W.T)


print(f"{'int4 round-to-nearest, group size':<36}{'weight rel. err':>16}{'output rel. err':>16}{'bits/weight':>12}")
errs = {}
for g in (32, 64, 128, 512):
    Wq = quant_groups(W, 4, g)
    errs[g] = out_err(Wq)
    label = f"{g}" + (" (one group per row)" if g == d_in else "")
    print(f"{label:<36}{np.linalg.norm(Wq - W) / np.linalg.norm(W):>16.3f}{errs[g]:>16.3f}{4 + 32 / g:>12.2f}")
assert errs[32] < errs[64] < errs[128] < errs[512]


def gptq(W, X, bits=4, group=128, damp=0.01):
    """GPTQ (Frantar et al.): quantize columns left to right; spread each column's rounding error over the
    remaining columns through the upper Cholesky factor of the inverse Hessian H = 2 X^T X."""
    W = W.copy()
    H = 2 * X.T @ X
    H += damp * np.mean(np.diag(H)) * np.eye(len(H))
    U = np.linalg.cholesky(np.linalg.inv(H)).T                 # H^-1 = U^T U, U upper triangular
    Q = np.zeros_like(W)
    for i in range(W.shape[1]):
        if i % group == 0:                                     # grid of this group, from the updated weights
            G = W[:, i:i + group]
            lo, hi = G.min(1), G.max(1)
            scale = (hi - lo) / (2 ** bits - 1)
        Q[:, i] = np.clip(np.round((W[:, i] - lo) / scale), 0, 2 ** bits - 1) * scale + lo
        err = (W[:, i] - Q[:, i]) / U[i, i]
        W[:, i + 1:] -= np.outer(err, U[i, i + 1:])
    return Q


def awq(W, X, bits=4, group=128):
    """AWQ (Lin et al.): scale column j by s_j = mean|x_j|^a before rounding (the inputs are divided by s,
    which folds into the previous operation); pick a in [0, 1] by output error on calibration data."""
    act = np.abs(X).mean(0)
    best = None
    for a in np.linspace(0, 1, 11):
        s = act ** a / (act ** a).mean()
        W_hat = quant_groups(W * s, bits, group) / s
        e = out_err(W_hat, X)
        if best is None or e < best[0]:
            best = (e, a, W_hat)
    return best[2], best[1]


rtn = quant_groups(W, 4, 128)
W_gptq = gptq(W, X_cal)
W_awq, a = awq(W, X_cal)
print("\nint4, group 128, output error on held-out inputs:")
print(f"  round-to-nearest {out_err(rtn):.3f}")
print(f"  GPTQ             {out_err(W_gptq):.3f}  ({out_err(rtn) / out_err(W_gptq):.1f}x lower)")
print(f"  AWQ (alpha={a:.1f})  {out_err(W_awq):.3f}  ({out_err(rtn) / out_err(W_awq):.1f}x lower)")
w_rtn, w_gptq = (np.linalg.norm(Wq - W) / np.linalg.norm(W) for Wq in (rtn, W_gptq))
print(f"weight error: round-to-nearest {w_rtn:.3f}, GPTQ {w_gptq:.3f} (larger: it trades weight error for output error)")
assert w_gptq > w_rtn
assert 0.11 < errs[128] < 0.14 and out_err(rtn) / out_err(W_gptq) > 3 and 1.5 < out_err(rtn) / out_err(W_awq) < 2.5
assert 0.17 < errs[512] < 0.20 and 0.07 < errs[32] < 0.10 and out_err(W_gptq) < 0.04 and 0.05 < out_err(W_awq) < 0.08
