"""Transfer learning measured, not assumed: an MLP pretrained on digits 0-4 is reused for
digits 5-9, as a frozen feature extractor and as a fine-tuning start, and compared with
training from scratch."""
# output-tolerance: abs=0.01; fine-tuning from 5-25 labels amplifies the CPU's rounding differences
import copy
import warnings

import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import load_digits
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

warnings.filterwarnings("ignore", category=ConvergenceWarning)  # tiny label budgets stop early
H, ALPHA = 32, 1e-3
X, y = load_digits(return_X_y=True)
X = X / 16.0
X_src, y_src = X[y < 5], y[y < 5]          # source task: digits 0-4, all labels
X_tgt, y_tgt = X[y >= 5], y[y >= 5] - 5    # target task: digits 5-9, relabelled 0-4
X_pool, X_test, y_pool, y_test = train_test_split(X_tgt, y_tgt, test_size=0.5,
                                                  stratify=y_tgt, random_state=0)


def mlp(seed: int) -> MLPClassifier:
    return MLPClassifier(hidden_layer_sizes=(H,), solver="lbfgs", alpha=ALPHA,
                         max_iter=200, random_state=seed)


source = mlp(0).fit(X_src, y_src)


def features(A: np.ndarray) -> np.ndarray:
    """The pretrained hidden layer, frozen: ReLU(A W1 + b1)."""
    return np.maximum(A @ source.coefs_[0] + source.intercepts_[0], 0.0)


def fine_tune(A: np.ndarray, b: np.ndarray, seed: int) -> MLPClassifier:
    """Start from the source weights, replace the output layer, then train every weight."""
    model = copy.deepcopy(source).set_params(warm_start=True)
    bound = np.sqrt(6.0 / (H + 5))  # Glorot-uniform, as scikit-learn initialises layers
    model.coefs_[1] = np.random.default_rng(seed).uniform(-bound, bound, (H, 5))
    model.intercepts_[1] = np.zeros(5)
    return model.fit(A, b)


budgets, seeds = [1, 2, 5, 10, 20, 50], range(5)
methods = ["scratch MLP", "frozen features + LR", "fine-tuned MLP", "LR on raw pixels"]
acc = np.zeros((len(methods), len(budgets), len(seeds)))
for j, n in enumerate(budgets):
    for s in seeds:
        rng = np.random.default_rng(s)
        idx = np.concatenate([rng.choice(np.flatnonzero(y_pool == c), n, replace=False)
                              for c in range(5)])
        A, b = X_pool[idx], y_pool[idx]
        head = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000))
        acc[0, j, s] = mlp(s).fit(A, b).score(X_test, y_test)
        acc[1, j, s] = head.fit(features(A), b).score(features(X_test), y_test)
        acc[2, j, s] = fine_tune(A, b, s).score(X_test, y_test)
        acc[3, j, s] = LogisticRegression(max_iter=1000).fit(A, b).score(X_test, y_test)

mean, std = acc.mean(axis=2), acc.std(axis=2)
src_acc = source.score(X_src, y_src)
print(f"source MLP: {len(y_src)} images of digits 0-4, train accuracy {src_acc:.3f}")
active = int((features(X_tgt).max(axis=0) > 0).sum())
print(f"pretrained hidden units active on any digit 5-9 image: {active} of {H}")
print(f"target test set: {len(y_test)} images of digits 5-9; mean (std) over {len(seeds)} seeds")
print(f"{'labels/class':<21}" + "".join(f"{n:>7d}{'':7}" for n in budgets).rstrip())
for i, name in enumerate(methods):
    print(f"{name:<21}" + "".join(f"{m:>7.3f} ({sd:.2f})" for m, sd in zip(mean[i], std[i])))
delta = mean[2] - mean[0]
print(f"{'fine-tuned - scratch':<21}" + "".join(f"{d:>+7.3f}{'':7}" for d in delta).rstrip())
assert (mean[1] < mean[0]).all()               # frozen 0-4 features lose at every budget
assert np.abs(delta[:2]).max() < 0.02, delta   # fine-tuning ties scratch at 1-2 labels ...
assert delta.min() < -0.02, delta              # ... clearly hurts at some larger budget ...
assert abs(delta[-1]) < 0.02, delta            # ... and nearly closes again at 50
assert (mean[3] > mean[:3] - 0.01).all()       # a linear model on pixels matches every variant
assert 0.93 < mean[0, -1] < 0.99, mean[0, -1]
assert 0.84 < mean[1, -1] < 0.92, mean[1, -1]
assert active <= 0.75 * H, active              # many source features are dead on digits 5-9

fig, ax = plt.subplots(
    figsize=(6.4, 3.8), layout="constrained",
    num="Test accuracy on digits 5-9 versus labels per class, "
        "with and without transfer from digits 0-4")
for i, name in enumerate(methods):
    ax.errorbar(budgets, mean[i], yerr=std[i], marker="o", capsize=3, label=name)
ax.set_xscale("log")
ax.set_xticks(budgets, [str(n) for n in budgets])
ax.set_xlabel("labelled examples per class (target task)")
ax.set_ylabel("test accuracy, digits 5-9")
ax.set_title("Transfer from digits 0-4 to 5-9")
ax.legend()
plt.show()
