"""One logistic regression scored on test sets with 50%, 5% and 1% positives: the ROC curve and
ROC AUC barely move, while precision, the PR curve and average precision fall with prevalence."""
import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import average_precision_score, precision_recall_curve, roc_auc_score, roc_curve
from sklearn.model_selection import train_test_split

X, y = make_classification(n_samples=20_000, n_features=20, n_informative=5, weights=[0.95, 0.05],
                           random_state=0)
X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=0.5, stratify=y, random_state=0)
score = LogisticRegression().fit(X_tr, y_tr).predict_proba(X_te)[:, 1]

# Same model, same score distributions per class; only the mix of the test set changes.
rng = np.random.default_rng(0)
pos, neg = np.flatnonzero(y_te == 1), np.flatnonzero(y_te == 0)
test_sets = {
    "50% positive": np.concatenate([pos, rng.choice(neg, size=pos.size, replace=False)]),
    "5% positive": np.arange(y_te.size),
    "1% positive": np.concatenate([rng.choice(pos, size=neg.size // 99, replace=False), neg]),
}
threshold = np.quantile(score[pos], 0.2)  # one fixed threshold: catches ~80% of positives

fig, (ax_roc, ax_pr) = plt.subplots(
    1, 2, figsize=(9.6, 4.0), num="ROC and precision-recall curves of one classifier at three class balances")
print(f"fixed threshold t = {threshold:.3f} (flags 80% of the positives in the full test set)")
print(f"{'test set':<14}{'pos':>5}{'neg':>6}{'ROC AUC':>9}{'AP':>7}{'chance AP':>11}"
      f"{'recall@t':>10}{'FPR@t':>7}{'precision@t':>13}")
results = {}
for (name, idx), color in zip(test_sets.items(), ["tab:blue", "tab:orange", "tab:red"]):
    yt, st = y_te[idx], score[idx]
    auc, ap, prevalence = roc_auc_score(yt, st), average_precision_score(yt, st), yt.mean()
    pred = st >= threshold
    tp, fp = int((pred & (yt == 1)).sum()), int((pred & (yt == 0)).sum())
    recall, fpr_at, precision = tp / (yt == 1).sum(), fp / (yt == 0).sum(), tp / (tp + fp)
    results[name] = (auc, ap, precision)
    print(f"{name:<14}{(yt == 1).sum():>5}{(yt == 0).sum():>6}{auc:>9.3f}{ap:>7.3f}{prevalence:>11.3f}"
          f"{recall:>10.3f}{fpr_at:>7.3f}{precision:>13.3f}")
    fpr, tpr, _ = roc_curve(yt, st)
    prec, rec, _ = precision_recall_curve(yt, st, drop_intermediate=True)
    ax_roc.plot(fpr, tpr, color=color, lw=1.2, label=f"{name} (AUC {auc:.2f})")
    ax_pr.plot(rec, prec, color=color, lw=1.2, label=f"{name} (AP {ap:.2f})")
    ax_pr.axhline(prevalence, color=color, ls=":", lw=1)  # chance level = prevalence
    ax_roc.plot(fpr_at, recall, "o", color=color, ms=5)  # where threshold t sits on each curve
    ax_pr.plot(recall, precision, "o", color=color, ms=5)

ax_roc.plot([0, 1], [0, 1], "k--", lw=1, label="chance")
ax_roc.set(xlabel="false positive rate", ylabel="true positive rate (recall)",
           title="ROC curves (dots: threshold t)")
ax_pr.set(xlabel="recall", ylabel="precision", ylim=(0, 1.02),
          title="Precision-recall curves (dotted: chance level)")
ax_roc.legend(loc="lower right", fontsize=8)
ax_pr.legend(loc="lower left", fontsize=8)
fig.tight_layout()

aucs = [r[0] for r in results.values()]
assert max(aucs) - min(aucs) < 0.02 and all(0.91 < a < 0.95 for a in aucs), aucs
assert 0.93 < results["50% positive"][1] < 0.97 and 0.76 < results["5% positive"][1] < 0.83
assert 0.60 < results["1% positive"][1] < 0.72, results
assert results["50% positive"][2] > 0.9 and 0.45 < results["5% positive"][2] < 0.6
assert results["1% positive"][2] < 0.25, results
plt.show()
