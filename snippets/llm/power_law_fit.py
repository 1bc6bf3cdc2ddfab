"""Fit L(x) = a x^(-alpha) + c on log-log axes: to synthetic losses with known parameters, and to the
test loss of a logistic regression trained on growing subsets of load_digits."""
import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import load_digits
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import log_loss
from sklearn.model_selection import train_test_split


def fit_power_law(x: np.ndarray, L: np.ndarray) -> tuple[float, float, float]:
    """Grid over the offset c; for each c a straight-line fit of log(L - c) on log x.
    Keeps the c whose curve a x^-alpha + c best matches log L."""
    best = None
    for c in np.linspace(0.0, 0.999 * L.min(), 1000):
        slope, intercept = np.polyfit(np.log(x), np.log(L - c), 1)
        pred = np.exp(intercept) * x**slope + c
        err = np.sum((np.log(L) - np.log(pred)) ** 2)
        if best is None or err < best[0]:
            best = (err, np.exp(intercept), -slope, c)
    return best[1], best[2], best[3]


rng = np.random.default_rng(0)
# 1) Synthetic losses: a = 50, alpha = 0.3, c = 1.7, with 0.5% multiplicative noise, N from 1e5 to 1e9.
N = np.logspace(5, 9, 9)
L_syn = (50.0 * N**-0.3 + 1.7) * np.exp(0.005 * rng.normal(size=N.size))
a, alpha, c = fit_power_law(N, L_syn)
alpha_naive = -np.polyfit(np.log(N), np.log(L_syn), 1)[0]   # pretend there is no floor c
print("synthetic  true:   a = 50.00, alpha = 0.300, c = 1.700")
print(f"           fitted: a = {a:.2f}, alpha = {alpha:.3f}, c = {c:.3f};"
      f"  straight line through log L: alpha = {alpha_naive:.3f}")
assert abs(alpha - 0.3) < 0.05 and abs(c - 1.7) < 0.05 and 0.04 < alpha_naive < 0.09, (alpha, c, alpha_naive)

# 2) Measured: test cross-entropy of a logistic regression trained on D examples of load_digits.
X, y = load_digits(return_X_y=True)
X_pool, X_te, y_pool, y_te = train_test_split(X / 16.0, y, test_size=500, stratify=y, random_state=0)
D = np.array([30, 60, 120, 240, 480, 960, 1297])
L_dig = []
for d in D:
    runs = []
    for rep in range(5 if d < len(y_pool) else 1):
        idx = np.random.default_rng(rep).permutation(len(y_pool))[:d]
        clf = LogisticRegression(max_iter=2000).fit(X_pool[idx], y_pool[idx])
        runs.append(log_loss(y_te, clf.predict_proba(X_te), labels=range(10)))
    L_dig.append(np.mean(runs))
L_dig = np.array(L_dig)
a_d, alpha_d, c_d = fit_power_law(D, L_dig)
print(f"digits     fitted: a = {a_d:.2f}, alpha = {alpha_d:.3f}, c = {c_d:.3f}")
print(f"{'D':>6}{'test loss':>11}{'fit':>8}")
for d, l in zip(D, L_dig):
    print(f"{d:>6}{l:>11.3f}{a_d * d**-alpha_d + c_d:>8.3f}")
fit_err = np.abs(L_dig - (a_d * D**-alpha_d + c_d)).max()
print(f"largest gap between measured loss and fit: {fit_err:.3f}")
assert fit_err < 0.006 and 0.3 < alpha_d < 1.2, (fit_err, alpha_d)

fig, axes = plt.subplots(1, 2, figsize=(8.8, 3.6),
                         num="Power-law fits on log-log axes: synthetic loss versus parameters, "
                             "and digits test loss versus training-set size")
for ax, x, L, (aa, al, cc), xl in [(axes[0], N, L_syn, (a, alpha, c), "parameters N"),
                                   (axes[1], D, L_dig, (a_d, alpha_d, c_d), "training examples D")]:
    grid = np.logspace(np.log10(x.min()), np.log10(x.max()), 100)
    ax.loglog(x, L - cc, "o", ms=5, label="measured loss minus fitted c")
    ax.loglog(grid, aa * grid**-al, "-", label=f"fit: slope = -{al:.2f}")
    ax.set(xlabel=xl, ylabel="L - c (log scale)")
    ax.legend(fontsize=8)
axes[0].set_title("Synthetic: reducible loss is a straight line")
axes[1].set_title("Logistic regression on digits")
fig.tight_layout()
plt.show()
