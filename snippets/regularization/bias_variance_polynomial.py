"""Bias-variance decomposition estimated by refitting polynomials of each degree on 500 fresh
training sets of 40 noisy points: test MSE = bias^2 + variance + noise, checked numerically."""
import warnings

import matplotlib.pyplot as plt
import numpy as np
from numpy.polynomial import Legendre

warnings.simplefilter("error")                 # an ill-conditioned fit would stop the script
rng = np.random.default_rng(0)
n, noise, n_sets = 40, 0.3, 500
x_grid = np.linspace(0, 1, 200)                # test inputs, uniform like the training inputs


def f(x: np.ndarray) -> np.ndarray:
    return np.sin(2 * np.pi * x)


degrees = list(range(0, 11))
preds = np.zeros((len(degrees), n_sets, len(x_grid)))
for s in range(n_sets):                        # one training set, all degrees fitted on it
    x = rng.uniform(0, 1, n)
    y = f(x) + noise * rng.normal(size=n)
    for i, k in enumerate(degrees):
        preds[i, s] = Legendre.fit(x, y, k, domain=[0, 1])(x_grid)

y_new = f(x_grid) + noise * rng.normal(size=(n_sets, len(x_grid)))   # fresh noisy test labels
mean_pred = preds.mean(axis=1)                                       # E_D[f_D(x)]
bias2 = ((mean_pred - f(x_grid)) ** 2).mean(axis=1)
var = preds.var(axis=1).mean(axis=1)
mse = ((preds - y_new) ** 2).mean(axis=(1, 2))                       # measured directly

print(f"{n_sets} training sets of n = {n}; noise variance sigma^2 = {noise ** 2:.3f}")
print(f"{'degree':>6} {'bias^2':>9} {'variance':>9} {'sum + sigma^2':>14} {'test MSE':>9}")
for i, k in enumerate(degrees):
    print(f"{k:6d} {bias2[i]:9.4f} {var[i]:9.4f} {bias2[i] + var[i] + noise ** 2:14.4f} {mse[i]:9.4f}")
best = int(np.argmin(mse))
print(f"\nlowest test MSE at degree {degrees[best]}: {mse[best]:.3f} "
      f"(bias^2 {bias2[best]:.3f}, variance {var[best]:.3f})")

assert np.allclose(bias2 + var + noise ** 2, mse, rtol=0.02), (bias2 + var + noise ** 2, mse)
assert np.all(np.diff(bias2[:6]) <= 2e-3)                             # bias falls with degree ...
assert np.all(np.diff(var[3:]) > 0)                                   # ... variance rises from 3 on
assert degrees[best] == 3 and 0.10 < mse[best] < 0.112, (best, mse[best])          # "about 0.106"
assert 0.003 < bias2[best] < 0.007 and 0.009 < var[best] < 0.013                   # "0.005", "0.011"
assert 5 < var[-1] < 20, var[-1]                                                    # "near 10"
assert bias2[1] > 10 * var[1] and var[-1] > 100 * bias2[-1]

fig, ax = plt.subplots(figsize=(6.4, 3.6), num="Squared bias, variance and test error of polynomial "
                       "regression against degree, estimated over 500 training sets of 40 points")
ax.semilogy(degrees, bias2, "o-", ms=3, label="bias$^2$")
ax.semilogy(degrees, var, "s-", ms=3, label="variance")
ax.semilogy(degrees, mse, "k^-", ms=3, label="test MSE (measured)")
ax.axhline(noise ** 2, color="grey", ls=":", label=r"noise $\sigma^2$")
ax.set(xlabel="polynomial degree", ylabel="mean over x", title="The classical U: bias falls, variance rises")
ax.legend(fontsize=8)
fig.tight_layout()
plt.show()
