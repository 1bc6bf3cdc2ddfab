"""Learning curves of a small MLP on digits with 20% wrong labels, and patience-based early stopping.

Validation loss turns upward while training loss keeps falling;
stopping near its minimum keeps the better model.
"""
import copy

import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier

X, y = load_digits(return_X_y=True)
X = X / 16.0
X_train, X_rest, y_train, y_rest = train_test_split(X, y, train_size=500, stratify=y, random_state=0)
X_val, X_test, y_val, y_test = train_test_split(X_rest, y_rest, train_size=400, stratify=y_rest,
                                                random_state=0)
rng = np.random.default_rng(0)

def corrupt(labels: np.ndarray, rate: float = 0.2) -> np.ndarray:
    """Replace a fraction `rate` of the labels with a different, random class."""
    noisy = labels.copy()
    hit = rng.random(len(noisy)) < rate
    noisy[hit] = (noisy[hit] + rng.integers(1, 10, hit.sum())) % 10
    return noisy

y_train, y_val = corrupt(y_train), corrupt(y_val)   # same labelling process; test labels stay clean
sets = {"train": (X_train, y_train), "val": (X_val, y_val), "test": (X_test, y_test)}

def evaluate(net: MLPClassifier, X: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """Mean cross-entropy and accuracy."""
    p = net.predict_proba(X)
    return -np.mean(np.log(np.clip(p[np.arange(len(y)), y], 1e-15, 1))), np.mean(p.argmax(axis=1) == y)

net = MLPClassifier(hidden_layer_sizes=(64,), alpha=0.0, learning_rate_init=0.01, batch_size=100,
                    random_state=0)                      # alpha=0: no L2 penalty
patience, epochs = 20, 120
hist = {name: [] for name in sets}                       # per epoch: (loss, accuracy)
best_loss, best_epoch, stop_epoch, best_net = np.inf, 0, None, None
for epoch in range(1, epochs + 1):
    net.partial_fit(X_train, y_train, classes=np.arange(10))   # one pass over the training set
    for name, (X_s, y_s) in sets.items():
        hist[name].append(evaluate(net, X_s, y_s))
    if stop_epoch is None:                               # the early-stopping rule, run online
        if hist["val"][-1][0] < best_loss:
            best_loss, best_epoch, best_net = hist["val"][-1][0], epoch, copy.deepcopy(net)
        elif epoch - best_epoch >= patience:
            stop_epoch = epoch                           # keep training only to draw the curves
hist = {name: np.array(h) for name, h in hist.items()}

print(f"train {len(y_train)} / val {len(y_val)} (20% wrong labels), test {len(y_test)} (clean labels)\n")
print("epoch  train loss  val loss  train acc  val acc  test acc")
for e in sorted({1, 5, best_epoch, stop_epoch, 50, 100, epochs}):
    (tl, ta), (vl, va), (_, sa) = hist["train"][e - 1], hist["val"][e - 1], hist["test"][e - 1]
    print(f"{e:5d}  {tl:10.3f}  {vl:8.3f}  {ta:9.3f}  {va:7.3f}  {sa:8.3f}")
stopped_acc, final_acc = best_net.score(X_test, y_test), hist["test"][-1, 1]
print(f"\nbest val loss at epoch {best_epoch}; patience {patience} -> stop at epoch {stop_epoch}")
print(f"test acc, restored best weights: {stopped_acc:.3f}")
print(f"test acc, after all {epochs} epochs: {final_acc:.3f}")

assert 5 <= best_epoch <= 40 and stop_epoch == best_epoch + patience, (best_epoch, stop_epoch)
assert hist["train"][-1, 0] < 0.2 and hist["val"][-1, 0] > 1.5 and hist["train"][-1, 1] > 0.98
assert 0.90 < stopped_acc < 0.95 and 0.74 < final_acc < 0.81, (stopped_acc, final_acc)

title = "Training and validation learning curves of an MLP with an early-stopping point"
fig, (ax_loss, ax_acc) = plt.subplots(1, 2, figsize=(7.2, 3.4), num=title)
ep = np.arange(1, epochs + 1)
ax_loss.plot(ep, hist["train"][:, 0], label="train")
ax_loss.plot(ep, hist["val"][:, 0], label="validation")
ax_loss.set(xlabel="epoch", ylabel="cross-entropy", title="Loss")
ax_acc.plot(ep, hist["train"][:, 1], label="train (noisy labels)")
ax_acc.plot(ep, hist["val"][:, 1], label="validation (noisy labels)")
ax_acc.plot(ep, hist["test"][:, 1], label="test (clean labels)")
ax_acc.set(xlabel="epoch", ylabel="accuracy", title="Accuracy")
for ax in (ax_loss, ax_acc):
    ax.axvline(best_epoch, color="grey", ls="--", lw=0.8)
    ax.axvline(stop_epoch, color="grey", ls=":", lw=0.8)
    ax.legend(fontsize=7)
ax_loss.text(stop_epoch + 2, hist["val"][:, 0].max() * 0.95, "best (--) / stop (:)", fontsize=7, color="grey")
fig.tight_layout()
plt.show()
