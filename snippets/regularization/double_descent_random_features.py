"""Double descent with random ReLU features: minimum-norm least squares on 100 noisy training points.
Test error peaks where the number of features N reaches the number of training points n."""
import matplotlib.pyplot as plt
import numpy as np

rng = np.random.default_rng(0)
d, n, n_test, noise = 5, 100, 500, 0.2
u, v = rng.normal(size=(2, d)) / np.sqrt(d)


def target(X: np.ndarray) -> np.ndarray:
    return np.tanh(2 * X @ u) + 0.5 * (X @ v) ** 2


X_tr, X_te = rng.normal(size=(n, d)), rng.normal(size=(n_test, d))
y_tr = target(X_tr) + noise * rng.normal(size=n)
y_te = target(X_te)                        # noise-free targets: the error is the excess risk

Ns = [5, 10, 20, 40, 60, 80, 90, 100, 110, 120, 150, 200, 300, 500, 1000, 2000, 4000]
seeds = range(10)                          # 10 draws of the random features per N
test = {"min-norm": np.zeros((len(Ns), len(seeds))), "ridge": np.zeros((len(Ns), len(seeds)))}
train_mse, coef_norm, s_min = (np.zeros((len(Ns), len(seeds))) for _ in range(3))
for i, N in enumerate(Ns):
    for j in seeds:
        g = np.random.default_rng(1000 + j)
        W, b = g.normal(size=(d, N)), g.normal(size=N)   # random first layer, never trained
        A, A_te = (np.maximum(X @ W + b, 0) / np.sqrt(N) for X in (X_tr, X_te))
        c = np.linalg.lstsq(A, y_tr, rcond=None)[0]          # minimum-norm least squares
        c_ridge = A.T @ np.linalg.solve(A @ A.T + 1e-3 * np.eye(n), y_tr)   # small ridge penalty
        test["min-norm"][i, j] = np.mean((A_te @ c - y_te) ** 2)
        test["ridge"][i, j] = np.mean((A_te @ c_ridge - y_te) ** 2)
        train_mse[i, j] = np.mean((A @ c - y_tr) ** 2)
        coef_norm[i, j] = np.linalg.norm(c)
        s_min[i, j] = np.linalg.svd(A, compute_uv=False)[min(n, N) - 1]
med = {k: np.median(t, axis=1) for k, t in test.items()}

print(f"n = {n} training points, d = {d}, label noise sd {noise}; medians over {len(seeds)} feature draws")
print(f"{'N':>5} {'train MSE':>10} {'test MSE':>10} {'||c||':>8} {'smallest s.v.':>14} {'test, ridge':>12}")
for i, N in enumerate(Ns):
    print(f"{N:5d} {np.median(train_mse[i]):10.4f} {med['min-norm'][i]:10.3f} "
          f"{np.median(coef_norm[i]):8.0f} {np.median(s_min[i]):14.4f} {med['ridge'][i]:12.3f}")

under = [i for i, N in enumerate(Ns) if N < n]
best_under = min(under, key=lambda i: med["min-norm"][i])
peak = int(np.argmax(med["min-norm"]))
print(f"\nclassical sweet spot: N = {Ns[best_under]}, test MSE {med['min-norm'][best_under]:.3f}")
print(f"peak: N = {Ns[peak]}, test MSE {med['min-norm'][peak]:.2f}")
print(f"largest model: N = {Ns[-1]}, test MSE {med['min-norm'][-1]:.3f}; "
      f"ridge at N = n: {med['ridge'][peak]:.3f}")

assert Ns[peak] == n and 12 < med["min-norm"][peak] < 25                      # "about 17"
assert Ns[best_under] == 40 and 0.13 < med["min-norm"][best_under] < 0.17      # "about 0.15"
assert 0.085 < med["min-norm"][-1] < 0.11 < med["min-norm"][best_under]        # "about 0.10", lower
assert np.all(np.median(train_mse[[i for i, N in enumerate(Ns) if N >= n]], axis=1) < 1e-6)
assert np.median(train_mse[Ns.index(90)]) > 1e-3                               # not yet interpolating
assert int(np.argmax(np.median(coef_norm, axis=1))) == peak == int(np.argmin(np.median(s_min, axis=1)))
assert 0.15 < med["ridge"][peak] < 0.25 and med["ridge"][-1] < med["min-norm"][-1]   # "about 0.2"

fig, ax = plt.subplots(figsize=(6.4, 3.6), num="Test error against number of random ReLU features "
                       "for minimum-norm least squares on 100 points: a peak at 100 features, "
                       "then a second descent; a small ridge penalty removes the peak")
for k, style in (("min-norm", "o-"), ("ridge", "s--")):
    lo, hi = np.percentile(test[k], [25, 75], axis=1)
    label = "minimum-norm least squares" if k == "min-norm" else "ridge, lambda = 1e-3"
    ax.loglog(Ns, med[k], style, ms=3, label=label)
    ax.fill_between(Ns, lo, hi, alpha=0.2)
ax.axvline(n, color="black", lw=0.8, ls=":", label=f"interpolation threshold N = n = {n}")
ax.set(xlabel="number of random features N", ylabel="test MSE (median, IQR band)",
       title="Double descent in random-features regression")
ax.legend(fontsize=8)
fig.tight_layout()
plt.show()
