"""Temperature scaling: an over-trained MLP is over-confident; one temperature fitted on a validation
split by minimising NLL fixes most of its calibration error without changing a single prediction."""
import warnings

import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import make_classification
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier
from sklearn.preprocessing import StandardScaler

X, y = make_classification(n_samples=4000, n_features=20, n_informative=10, n_redundant=0, n_classes=4,
                           flip_y=0.05, random_state=0)
X_tr, X_rest, y_tr, y_rest = train_test_split(X, y, train_size=2000, stratify=y, random_state=0)
X_val, X_te, y_val, y_te = train_test_split(X_rest, y_rest, test_size=0.5, stratify=y_rest, random_state=0)
scaler = StandardScaler().fit(X_tr)
X_tr, X_val, X_te = (scaler.transform(A) for A in (X_tr, X_val, X_te))

# No weight decay, 200 epochs, no early stopping: the net memorises its training set on purpose.
clf = MLPClassifier(hidden_layer_sizes=(128, 128), alpha=0.0, max_iter=200, tol=0, random_state=0)
with warnings.catch_warnings():
    warnings.simplefilter("ignore", ConvergenceWarning)    # "did not converge": we stop it ourselves
    clf.fit(X_tr, y_tr)


def logits(X: np.ndarray) -> np.ndarray:
    h = X
    for W, b in zip(clf.coefs_[:-1], clf.intercepts_[:-1]):
        h = np.maximum(h @ W + b, 0)
    return h @ clf.coefs_[-1] + clf.intercepts_[-1]


def softmax(Z: np.ndarray) -> np.ndarray:
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    return E / E.sum(axis=1, keepdims=True)


def nll(P: np.ndarray, y: np.ndarray) -> float:
    return float(-np.log(P[np.arange(len(y)), y]).mean())


def ece(P: np.ndarray, y: np.ndarray, bins: int = 15) -> float:
    """Expected calibration error: bin by confidence, weight |accuracy - confidence| by bin size."""
    conf, correct = P.max(axis=1), P.argmax(axis=1) == y
    b = np.minimum((conf * bins).astype(int), bins - 1)
    return float(sum(abs(correct[b == m].mean() - conf[b == m].mean()) * (b == m).mean()
                     for m in range(bins) if np.any(b == m)))


# Fit the temperature on the validation split only: a 1-D search over log T.
Z_val, Z_te = logits(X_val), logits(X_te)
grid = np.exp(np.linspace(np.log(0.25), np.log(20), 2001))
val_nll = np.array([nll(softmax(Z_val / T), y_val) for T in grid])
T = float(grid[np.argmin(val_nll)])

P_tr, P_before, P_after = softmax(logits(X_tr)), softmax(Z_te), softmax(Z_te / T)
print(f"MLP 20-128-128-4, no weight decay; {len(y_tr)} train / {len(y_val)} val / {len(y_te)} test")
print(f"temperature fitted on validation NLL: T = {T:.2f}\n")
print(f"{'':<22} {'accuracy':>9} {'mean conf':>10} {'NLL':>7} {'ECE':>7}")
for name, P, yy in (("train", P_tr, y_tr), ("test, before (T = 1)", P_before, y_te),
                    (f"test, after (T = {T:.2f})", P_after, y_te)):
    print(f"{name:<22} {(P.argmax(1) == yy).mean():9.3f} {P.max(1).mean():10.3f} "
          f"{nll(P, yy):7.3f} {ece(P, yy):7.3f}")
print(f"\n{'ECE on test with':<22} {'before':>9} {'after':>10}")
for m in (5, 15, 30):
    print(f"{f'  {m} bins':<22} {ece(P_before, y_te, m):9.3f} {ece(P_after, y_te, m):10.3f}")

acc_before, acc_after = (P_before.argmax(1) == y_te).mean(), (P_after.argmax(1) == y_te).mean()
assert (P_before.argmax(1) == P_after.argmax(1)).all()                   # no prediction changes
assert (P_tr.argmax(1) == y_tr).mean() == 1.0 and nll(P_tr, y_tr) < 0.01     # memorised
assert 0.75 < acc_before < 0.79 and 0.92 < P_before.max(1).mean() < 0.95
assert 3.5 < T < 4.5 and 0.155 < ece(P_before, y_te) < 0.18
assert 1.0 < nll(P_before, y_te) < 1.4 and 0.55 < nll(P_after, y_te) < 0.65
assert abs(P_after.max(1).mean() - acc_after) < 0.03 and 0.73 < P_after.max(1).mean() < 0.76
assert 0.02 < ece(P_after, y_te, 5) < 0.035 and 0.03 < ece(P_after, y_te) < 0.045
assert 0.045 < ece(P_after, y_te, 30) < 0.055
assert ece(P_after, y_te, 5) < ece(P_after, y_te, 15) < ece(P_after, y_te, 30)   # more bins, more noise

fig, axes = plt.subplots(1, 2, figsize=(7.2, 3.6), sharey=True,
                         num="Reliability diagrams on the test set before and after temperature scaling: "
                             "bars far below the diagonal before, close to it after")
edges = np.linspace(0, 1, 11)
for ax, P, title in ((axes[0], P_before, "before: T = 1"), (axes[1], P_after, f"after: T = {T:.2f}")):
    conf, correct = P.max(axis=1), P.argmax(axis=1) == y_te
    b = np.minimum((conf * 10).astype(int), 9)
    acc_bin = [correct[b == m].mean() if np.any(b == m) else 0.0 for m in range(10)]
    ax.bar(edges[:-1], acc_bin, width=0.1, align="edge", edgecolor="black", label="accuracy in bin")
    ax.plot([0, 1], [0, 1], "k--", lw=0.8, label="perfect calibration")
    ax.set(xlabel="confidence (10 bins)", title=f"{title}; ECE (15 bins) {ece(P, y_te):.3f}", xlim=(0, 1))
axes[0].set_ylabel("accuracy")
axes[0].legend(fontsize=8, loc="upper left")
fig.tight_layout()

fig2, ax2 = plt.subplots(figsize=(6.4, 3.2), num="Validation NLL against temperature, with its minimum "
                         "at the fitted temperature")
ax2.semilogx(grid, val_nll)
ax2.axvline(T, color="black", ls=":", lw=0.8, label=f"fitted T = {T:.2f}")
ax2.set(xlabel="temperature T (log scale)", ylabel="validation NLL",
        title="Temperature scaling is a one-parameter fit of the NLL")
ax2.legend(fontsize=8)
fig2.tight_layout()
plt.show()
