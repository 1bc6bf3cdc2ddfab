"""No penalty vs L2 (C=0.1) logistic regression on 100 random small data sets.

One split of 30 test examples is too noisy to compare models; means and win counts over seeds are not.
"""
import warnings

import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

models = {"no penalty": dict(C=np.inf), "L2, C=0.1": dict(C=0.1)}   # C=np.inf: the unpenalised fit
acc = {name: [] for name in models}     # per seed: (train acc, test acc)
with warnings.catch_warnings():
    warnings.simplefilter("error")      # a deprecation or convergence warning stops the script
    for seed in range(100):
        X, y = make_classification(n_samples=100, n_features=20, n_informative=10, flip_y=0.1,
                                   random_state=seed)
        X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=0.3, stratify=y, random_state=seed)
        scaler = StandardScaler().fit(X_tr)
        X_tr, X_te = scaler.transform(X_tr), scaler.transform(X_te)
        for name, params in models.items():
            clf = LogisticRegression(max_iter=10_000, **params).fit(X_tr, y_tr)
            acc[name].append((clf.score(X_tr, y_tr), clf.score(X_te, y_te)))
acc = {name: np.array(a) for name, a in acc.items()}

n_te = len(y_te)
print(f"100 seeds; {len(y_tr)} train / {n_te} test examples each (one test example = {1 / n_te:.1%})\n")
print(f"{'model':<12} {'train acc':>15} {'test acc':>15}")
for name, a in acc.items():
    (tr_mean, te_mean), (tr_std, te_std) = a.mean(axis=0), a.std(axis=0)
    print(f"{name:<12} {tr_mean:7.3f} ± {tr_std:.3f} {te_mean:7.3f} ± {te_std:.3f}")
diff = acc["L2, C=0.1"][:, 1] - acc["no penalty"][:, 1]
wins, ties, losses = (diff > 1e-9).sum(), (np.abs(diff) <= 1e-9).sum(), (diff < -1e-9).sum()
print(f"\nL2 minus no penalty, test acc: mean {diff.mean():+.3f}, "
      f"min {diff.min():+.3f}, max {diff.max():+.3f}")
print(f"L2 better on {wins} seeds, tied on {ties}, worse on {losses}")
print(f"seed 0 alone: no penalty {acc['no penalty'][0, 1]:.3f}, L2 {acc['L2, C=0.1'][0, 1]:.3f} test acc")

unpen, l2 = acc["no penalty"].mean(axis=0), acc["L2, C=0.1"].mean(axis=0)
assert 0.87 < unpen[0] < 0.93 and 0.68 < unpen[1] < 0.74, unpen
assert 0.82 < l2[0] < 0.88 and 0.70 < l2[1] < 0.76, l2
assert 0.08 < acc['no penalty'][:, 1].std() < 0.12 and 0.08 < acc['L2, C=0.1'][:, 1].std() < 0.12
assert 0 < diff.mean() < 1 / n_te, diff.mean()   # mean gain: less than one test example
assert acc['no penalty'][:, 1].std() > 2 * diff.mean()   # spread across seeds dwarfs the mean gain
assert 45 <= wins <= 60 and 15 <= ties <= 30 and 18 <= losses <= 34, (wins, ties, losses)
assert round(diff[0] * n_te) == -1, diff[0]   # seed 0: L2 loses by one test example

fig, ax = plt.subplots(figsize=(6.4, 3.6),
                       num="Histogram over 100 seeds of L2 minus unpenalised test accuracy")
edges = (np.arange(round(diff.min() * n_te), round(diff.max() * n_te) + 2) - 0.5) / n_te  # 1 bin = 1 example
ax.hist(diff, bins=edges, color="tab:blue", edgecolor="white")
ax.axvline(0, color="black", lw=0.8)
ax.axvline(diff.mean(), color="tab:red", ls="--", label=f"mean {diff.mean():+.3f}")
ax.set_xlabel("test accuracy: L2 (C=0.1) minus no penalty")
ax.set_ylabel("number of seeds")
ax.set_title("L2 helps on average, not on every split")
ax.legend()
fig.tight_layout()
plt.show()
