"""Why attention divides by sqrt(d_k): with unit-variance query and key entries, q.k has variance d_k,
so unscaled scores saturate the softmax (one weight near 1) and its Jacobian, the gradient path, vanishes."""
import matplotlib.pyplot as plt
import numpy as np

rng = np.random.default_rng(0)
n_keys, trials = 16, 2000
dims = [4, 16, 64, 256, 1024]


def softmax(z: np.ndarray) -> np.ndarray:
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def jacobian_norm(p: np.ndarray) -> np.ndarray:
    """Frobenius norm of d softmax / d scores = diag(p) - p p^T, for each row of p."""
    J = p[:, :, None] * np.eye(p.shape[1]) - p[:, :, None] * p[:, None, :]
    return np.sqrt((J**2).sum(axis=(1, 2)))


rows = []
print(f"{'d_k':>5} {'var(q.k)':>9} {'var scaled':>10} | {'max weight':>10} {'scaled':>7} |"
      f" {'median ||J||':>14} {'scaled':>7}")
for d in dims:
    q = rng.normal(size=(trials, d))                       # entries: mean 0, variance 1
    s = np.stack([rng.normal(size=(n_keys, d)) @ q[t] for t in range(trials)])  # raw q.k scores
    p_raw, p_scaled = softmax(s), softmax(s / np.sqrt(d))
    r = (d, s.var(), (s / np.sqrt(d)).var(), p_raw.max(1).mean(), p_scaled.max(1).mean(),
         np.median(jacobian_norm(p_raw)), np.median(jacobian_norm(p_scaled)))
    rows.append(r)
    print(f"{r[0]:5d} {r[1]:9.1f} {r[2]:10.2f} | {r[3]:10.3f} {r[4]:7.3f} | {r[5]:14.1e} {r[6]:7.3f}")

rows = np.array(rows)
assert np.all(np.abs(rows[:, 1] / rows[:, 0] - 1) < 0.1)   # var(q.k) ~ d_k
assert np.all(np.abs(rows[:, 2] - 1) < 0.1)                # scaled variance ~ 1 for every d_k
assert rows[-1, 3] > 0.95 and rows[-1, 5] < 1e-3           # unscaled, d_k=1024: saturated
assert np.ptp(rows[:, 4]) < 0.02 and np.ptp(rows[:, 6]) < 0.02  # scaled: flat in d_k
assert 0.40 < rows[0, 3] < 0.47 and np.all((rows[:, 6] > 0.28) & (rows[:, 6] < 0.32))
ratio = rows[-1, 6] / rows[-1, 5]
assert 1e3 < ratio < 1e6, ratio
print(f"d_k = 1024: the median unscaled Jacobian is about 10^{np.log10(ratio):.0f} times smaller")

fig, (a1, a2) = plt.subplots(1, 2, figsize=(7.6, 3.2),
                             num="Mean largest attention weight and softmax Jacobian norm against "
                                 "key dimension d_k, with and without dividing scores by sqrt(d_k)")
for col, ax, ylabel in ((3, a1, "mean largest weight"), (5, a2, "median ||d softmax / d scores||")):
    ax.plot(dims, rows[:, col], "o-", label="q.k (unscaled)")
    ax.plot(dims, rows[:, col + 1], "s-", label="q.k / sqrt(d_k)")
    ax.set(xscale="log", xlabel="d_k", ylabel=ylabel, yscale="log" if col == 5 else "linear")
    ax.set_xticks(dims, [str(d) for d in dims])
a1.set(title=f"Saturation ({n_keys} keys)", ylim=(0, 1.05))
a2.set(title="Gradient through the softmax")
a1.legend()
fig.tight_layout()
plt.show()
