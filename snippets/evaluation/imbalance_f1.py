"""At 1% prevalence, a model that always predicts "negative" scores 0.99 accuracy and F1 = 0:
F1 is zero because there are no true positives, not because predictions are wrong."""
import warnings

import numpy as np
from sklearn.exceptions import UndefinedMetricWarning
from sklearn.metrics import (
    accuracy_score,
    balanced_accuracy_score,
    confusion_matrix,
    f1_score,
    precision_score,
    recall_score,
)

n, n_pos = 10_000, 100                       # 1% positives
y_true = np.zeros(n, dtype=int)
y_true[:n_pos] = 1
y_pred = np.zeros(n, dtype=int)              # "always negative": the majority class

tn, fp, fn, tp = confusion_matrix(y_true, y_pred).ravel()
acc = accuracy_score(y_true, y_pred)
print(f"TP={tp}  FP={fp}  FN={fn}  TN={tn}")
print(f"{'accuracy':<30}{acc:.3f}  ({int((y_true == y_pred).sum())} of {n} predictions correct)")
print(f"{'balanced accuracy':<30}{balanced_accuracy_score(y_true, y_pred):.3f}")
print(f"{'recall':<30}{recall_score(y_true, y_pred):.3f}")

# Precision = TP / (TP + FP) = 0 / 0 is undefined; zero_division decides what to report.
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    p_warn = precision_score(y_true, y_pred)   # default zero_division="warn": 0.0 plus a warning
print(f"{'precision, default':<30}{p_warn:.3f}  + {caught[0].category.__name__}")
assert issubclass(caught[0].category, UndefinedMetricWarning)
for zd in (0.0, 1.0, np.nan):
    print(f"{f'precision, zero_division={zd}':<30}{precision_score(y_true, y_pred, zero_division=zd):.3f}")

# F1 = 2TP / (2TP + FP + FN) = 0 / 100: well defined, and zero whatever zero_division says.
f1_values = [f1_score(y_true, y_pred, zero_division=zd) for zd in (0.0, 1.0)]
print(f"{'F1, positive class':<30}{f1_values[0]:.3f}  (zero_division=1 gives {f1_values[1]:.3f} too)")
assert abs(acc - 0.99) < 1e-12 and tp == 0 and f1_values == [0.0, 0.0]

# Averaging over both classes tells very different stories about the same predictions.
print("F1 averaged over the two classes:")
for avg in ("micro", "macro", "weighted"):
    print(f"  {avg:<8} {f1_score(y_true, y_pred, average=avg, zero_division=0):.3f}")
assert abs(f1_score(y_true, y_pred, average="micro") - acc) < 1e-12  # micro-F1 = accuracy here
assert 0.49 < f1_score(y_true, y_pred, average="macro", zero_division=0) < 0.50

# The opposite degenerate model, "always positive": perfect recall, and the harmonic mean
# (F1) stays near the smaller of precision and recall, unlike the arithmetic mean.
all_pos = np.ones(n, dtype=int)
p_all, r_all, f1_all = (m(y_true, all_pos) for m in (precision_score, recall_score, f1_score))
print(f"always positive: accuracy {accuracy_score(y_true, all_pos):.3f}, precision {p_all:.3f}, "
      f"recall {r_all:.3f}, F1 {f1_all:.3f}, arithmetic mean {(p_all + r_all) / 2:.3f}")
assert f1_all < 0.03 and (p_all + r_all) / 2 > 0.5
