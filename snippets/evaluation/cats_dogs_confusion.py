"""The cats-vs-dogs example rebuilt from a concrete confusion matrix: what its metrics say,
why no whole-number matrix gives exactly 90/80/80/90 at 85% accuracy, and how uncertain 85% is."""
import numpy as np
from sklearn.metrics import accuracy_score, classification_report, confusion_matrix, f1_score

# 530 cats (425 predicted cat, 105 predicted dog); 470 dogs (45 predicted cat, 425 predicted dog)
y_true = np.array(["cat"] * 530 + ["dog"] * 470)
y_pred = np.array(["cat"] * 425 + ["dog"] * 105 + ["cat"] * 45 + ["dog"] * 425)
labels = ["cat", "dog"]

cm = confusion_matrix(y_true, y_pred, labels=labels)
print("confusion matrix (rows = true, columns = predicted)")
print(f"{'':>10}{'cat':>6}{'dog':>6}")
for name, row in zip(labels, cm):
    print(f"{'true ' + name:>10}{row[0]:>6}{row[1]:>6}")
print()
print(classification_report(y_true, y_pred, labels=labels, digits=3))

acc = accuracy_score(y_true, y_pred)
f1_cat, f1_dog = f1_score(y_true, y_pred, labels=labels, average=None)
print(f"accuracy {acc:.3f}   F1 cat {f1_cat:.3f}   F1 dog {f1_dog:.3f}")
assert abs(acc - 0.85) < 1e-12 and abs(f1_cat - f1_dog) < 1e-12  # same F1: not "better at cats"
n_pred_dog = int((y_pred == "dog").sum())
n_true_dog = int((y_true == "dog").sum())
print(f"predicted dog {n_pred_dog} times for {n_true_dog} real dogs -> leans towards 'dog'")
assert n_pred_dog > n_true_dog

# Search every 2x2 matrix [[a, b], [c, d]] on 1,000 images with a + d = 850 (85% exactly).
a, b = np.meshgrid(np.arange(851), np.arange(151), indexing="ij")
c, d = 150 - b, 850 - a
with np.errstate(divide="ignore", invalid="ignore"):
    p_cat, r_cat = a / (a + c), a / (a + b)
    p_dog, r_dog = d / (d + b), d / (d + c)
exact = (10 * a == 9 * (a + c)) & (10 * a == 8 * (a + b)) \
    & (10 * d == 8 * (d + b)) & (10 * d == 9 * (d + c))
rounded = (np.round(100 * p_cat) == 90) & (np.round(100 * r_cat) == 80) \
    & (np.round(100 * p_dog) == 80) & (np.round(100 * r_dog) == 90)
print(f"matrices with accuracy 85.0%: {a.size}; exactly 90/80/80/90: {int(exact.sum())}; "
      f"rounding to 90/80/80/90: {int(rounded.sum())}")
assert exact.sum() == 0 and rounded.sum() == 17 and rounded[425, 105]
f1_gap = np.abs(2 * a / (2 * a + b + c) - 2 * d / (2 * d + b + c))[rounded].max()
f1_stated = 2 * 0.9 * 0.8 / (0.9 + 0.8)
print(f"largest cat-vs-dog F1 gap among those: {f1_gap:.4f}; "
      f"F1 from the stated 90/80 figures: {f1_stated:.3f} for both classes")
assert f1_gap < 0.003

# How precise is 85% on 1,000 test images?
n = len(y_true)
se = np.sqrt(acc * (1 - acc) / n)
correct = (y_true == y_pred).astype(float)
rng = np.random.default_rng(0)
boot = correct[rng.integers(0, n, size=(2000, n))].mean(axis=1)
lo, hi = np.percentile(boot, [2.5, 97.5])
print(f"binomial standard error {se:.4f}; "
      f"normal 95% interval [{acc - 1.96 * se:.3f}, {acc + 1.96 * se:.3f}]")
print(f"bootstrap 95% interval (2,000 resamples) [{lo:.3f}, {hi:.3f}]")
assert 0.010 < se < 0.012 and 0.82 < lo < 0.84 < 0.86 < hi < 0.88
