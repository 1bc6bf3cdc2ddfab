"""Inverted dropout in NumPy: the 1/(1-p) scaling keeps the expected activation unchanged,
and a 64-128-128-10 network on load_digits shows what goes wrong without eval mode or the scaling."""
import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

p = 0.5                                    # drop probability (PyTorch's `p`, Keras's `rate`)
rng = np.random.default_rng(0)


def dropout(h: np.ndarray, p: float, rescale: bool = True) -> np.ndarray:
    """Zero each entry with probability p; inverted dropout divides the survivors by 1 - p."""
    mask = rng.random(h.shape) >= p
    return h * mask / (1 - p) if rescale else h * mask


# 1. The expectation check: average many masks applied to one fixed activation vector.
h = np.array([0.3, 1.2, 0.0, 2.5, 0.7])    # e.g. five ReLU outputs
n_masks = 100_000
samples = dropout(np.tile(h, (n_masks, 1)), p)
plain = dropout(np.tile(h, (n_masks, 1)), p, rescale=False)
print(f"p = {p}, {n_masks:,} masks on h = [{', '.join(f'{v:.1f}' for v in h)}]")
print(f"{'unit':>4} {'h':>5} {'mean, inverted':>15} {'mean, no 1/(1-p)':>17} "
      f"{'var':>6} {'h^2 p/(1-p)':>12}")
for j in range(len(h)):
    print(f"{j:4d} {h[j]:5.2f} {samples[:, j].mean():15.3f} {plain[:, j].mean():17.3f} "
          f"{samples[:, j].var():6.2f} {h[j] ** 2 * p / (1 - p):12.2f}")
assert np.allclose(samples.mean(0), h, atol=0.03) and np.allclose(plain.mean(0), (1 - p) * h, atol=0.02)

# 2. A 64-128-128-10 ReLU network on digits, trained with dropout after both hidden layers.
X, y = load_digits(return_X_y=True)
X = X / 16.0
X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=0.5, stratify=y, random_state=0)
sizes = [64, 128, 128, 10]


def train() -> list:
    """Mini-batch SGD on cross-entropy, with fresh inverted-dropout masks for every batch."""
    g = np.random.default_rng(1)
    layers = [[g.normal(0, np.sqrt((2 if o < 10 else 1) / i), (i, o)), np.zeros(o)]
              for i, o in zip(sizes[:-1], sizes[1:])]
    for epoch in range(60):
        order = g.permutation(len(y_tr))
        for idx in np.array_split(order, len(order) // 32):
            hs, masks, h = [X_tr[idx]], [], X_tr[idx]
            for W, b in layers[:-1]:
                a = np.maximum(h @ W + b, 0)
                m = (g.random(a.shape) >= p) / (1 - p)
                h = a * m
                hs.append(h)
                masks.append(m * (a > 0))          # d(output)/d(pre-activation)
            z = h @ layers[-1][0] + layers[-1][1]
            q = np.exp(z - z.max(1, keepdims=True))
            q /= q.sum(1, keepdims=True)
            d = q.copy()
            d[np.arange(len(idx)), y_tr[idx]] -= 1
            d /= len(idx)
            for k in range(len(layers) - 1, -1, -1):   # backward pass, last layer first
                W, b = layers[k]
                dW, db = hs[k].T @ d, d.sum(0)
                if k > 0:
                    d = (d @ W.T) * masks[k - 1]
                layers[k] = [W - 0.1 * dW, b - 0.1 * db]
    return layers


def predict(layers: list, X: np.ndarray, hidden_scale: float = 1.0, drop: bool = False) -> np.ndarray:
    """Class probabilities; drop=True leaves inverted dropout on, as if still in train mode."""
    h = X
    for W, b in layers[:-1]:
        h = np.maximum(h @ W + b, 0) * hidden_scale
        if drop:
            h = dropout(h, p)
    z = h @ layers[-1][0] + layers[-1][1]
    q = np.exp(z - z.max(1, keepdims=True))
    return q / q.sum(1, keepdims=True)


def report(name: str, q: np.ndarray) -> tuple[float, float, float]:
    acc = (q.argmax(1) == y_te).mean()
    nll = -np.log(q[np.arange(len(y_te)), y_te]).mean()
    conf = q.max(1).mean()
    print(f"{name:<42} {acc:6.3f} {nll:6.3f} {conf:6.3f}")
    return acc, nll, conf


net = train()
print(f"\n{'64-128-128-10 net, ' + str(len(y_te)) + ' test images':<42} {'acc':>6} {'NLL':>6} {'conf':>6}")
good = report("eval mode (correct)", predict(net, X_te))
passes = [predict(net, X_te, drop=True) for _ in range(50)]
one = report("left in train mode: one pass", passes[0])
mc = report("MC dropout: mean of 50 train-mode passes", np.mean(passes, axis=0))
# Mask-only training with weights W/(1-p) is this same network; at test it needs x(1-p).
# Forgetting that feeds every layer 1/(1-p) = 2x what it saw on average during training.
big = report("scaling skipped: hidden outputs x1/(1-p)", predict(net, X_te, hidden_scale=1 / (1 - p)))
small = report("scaled twice: hidden outputs x(1-p)", predict(net, X_te, hidden_scale=1 - p))
flip = (passes[0].argmax(1) != passes[1].argmax(1)).mean()
print(f"\ntwo train-mode passes disagree on {flip:.1%} of the test images")

assert 0.97 < good[0] < 0.99 and 0.91 < one[0] < 0.95, (good, one)   # "about 0.98", "about 0.93"
assert 0.07 < flip < 0.08, flip                                        # "7.5%"
assert abs(mc[0] - good[0]) < 0.01 and mc[2] < good[2] - 0.03, (mc, good)
assert 0.99 < big[2] and 0.96 < big[0] < 0.975 and 2.5 < big[1] / good[1] < 3.5, (good, big)
assert small[2] < small[0] - 0.2 and small[1] > 3 * good[1], (good, small)
assert abs(big[0] - good[0]) < 0.02 and abs(small[0] - good[0]) < 0.02   # accuracy barely moves

# 3. Running mean of one unit's dropped-out value: inverted dropout converges to h, plain to (1-p)h.
counts = np.unique(np.logspace(0, np.log10(n_masks), 200).astype(int))
j = 3
fig, ax = plt.subplots(figsize=(6.4, 3.6), num="Running mean of a dropped-out activation of 2.5 "
                       "over the number of masks: inverted dropout converges to 2.5, "
                       "unscaled dropout to 1.25")
ax.semilogx(counts, np.cumsum(samples[:, j])[counts - 1] / counts, label="inverted: mask / (1-p)")
ax.semilogx(counts, np.cumsum(plain[:, j])[counts - 1] / counts, label="mask only")
ax.axhline(h[j], color="black", lw=0.8, ls="--", label=f"eval-mode value h = {h[j]}")
ax.axhline((1 - p) * h[j], color="grey", lw=0.8, ls=":", label=f"(1-p) h = {(1 - p) * h[j]}")
ax.set(xlabel="number of sampled masks", ylabel="running mean of the unit's output",
       title=f"Dropout with p = {p}: what the next layer sees on average")
ax.legend(fontsize=8)
fig.tight_layout()
plt.show()
