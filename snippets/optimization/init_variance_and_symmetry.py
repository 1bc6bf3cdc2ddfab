"""Activation spread across 50 layers of tanh and ReLU nets under zero, small, Xavier and He
initialisation; then why identical initial weights (zero or constant) never break symmetry."""
# output-tiny-values: activations that vanish through deep layers are real, not rounding noise
import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

# Part 1: forward signal through 50 square layers of width 256 at initialisation.
width, depth = 256, 50
rng = np.random.default_rng(0)
X = rng.normal(size=(256, width))                      # unit-variance inputs
inits = {                                              # weight standard deviation for fan-in = fan-out = 256
    "zero": 0.0,
    "small N(0, 0.01^2)": 0.01,
    "Xavier 1/n": np.sqrt(2 / (width + width)),        # Glorot & Bengio: 2 / (fan_in + fan_out)
    "He 2/n": np.sqrt(2 / width),                      # He et al.: 2 / fan_in
}
acts = {"tanh": np.tanh, "ReLU": lambda a: np.maximum(a, 0)}
spread = {}
print("std of the activations at layer l (rows: activation and init)")
print(f"{'act':<6}{'init':<20}" + "".join(f"{'l=' + str(l):>10}" for l in (1, 10, 25, 50)))
for act_name, act in acts.items():
    for init_name, std in inits.items():
        wrng = np.random.default_rng(1)
        h, stds = X, []
        for _ in range(depth):
            h = act(h @ (std * wrng.normal(size=(width, width))))
            stds.append(h.std())
        spread[act_name, init_name] = np.array(stds)
        print(f"{act_name:<6}{init_name:<20}" + "".join(f"{stds[l - 1]:>10.1e}" for l in (1, 10, 25, 50)))

s = {k: v[-1] for k, v in spread.items()}
assert s["tanh", "zero"] == 0 and s["ReLU", "zero"] == 0
assert 1e-42 < s["tanh", "small N(0, 0.01^2)"] < 1e-38 and 1e-50 < s["ReLU", "small N(0, 0.01^2)"] < 1e-46
assert 0.05 < s["tanh", "Xavier 1/n"] < 0.2 and 1e-8 < s["ReLU", "Xavier 1/n"] < 1e-6   # ReLU halves the variance
assert 0.5 < s["ReLU", "He 2/n"] < 2 and 0.5 < s["tanh", "He 2/n"] < 0.8

# Part 2: symmetry. A 64-32-10 tanh network on load_digits, trained with plain SGD.
Xd, yd = load_digits(return_X_y=True)
X_tr, X_te, y_tr, y_te = train_test_split(Xd / 16.0, yd, test_size=0.25, stratify=yd, random_state=0)


def train(W1: np.ndarray, W2: np.ndarray, epochs: int = 25, lr: float = 0.2) -> tuple[np.ndarray, float]:
    b1, b2, order_rng = np.zeros(32), np.zeros(10), np.random.default_rng(2)
    for _ in range(epochs):
        order = order_rng.permutation(len(y_tr))
        for start in range(0, len(order), 32):
            idx = order[start:start + 32]
            h = np.tanh(X_tr[idx] @ W1 + b1)
            z = h @ W2 + b2
            p = np.exp(z - z.max(1, keepdims=True))
            p /= p.sum(1, keepdims=True)
            p[np.arange(len(idx)), y_tr[idx]] -= 1
            dz = p / len(idx)
            da = (dz @ W2.T) * (1 - h**2)
            W2, b2 = W2 - lr * h.T @ dz, b2 - lr * dz.sum(0)
            W1, b1 = W1 - lr * X_tr[idx].T @ da, b1 - lr * da.sum(0)
    acc = ((np.tanh(X_te @ W1 + b1) @ W2 + b2).argmax(1) == y_te).mean()
    return W1, acc


irng = np.random.default_rng(3)
xavier1, xavier2 = irng.normal(0, np.sqrt(2 / 96), (64, 32)), irng.normal(0, np.sqrt(2 / 42), (32, 10))
cases = {
    "all zeros": (np.zeros((64, 32)), np.zeros((32, 10))),
    "all 0.05 (constant)": (np.full((64, 32), 0.05), np.full((32, 10), 0.05)),
    "Xavier, zero output layer": (xavier1, np.zeros((32, 10))),
    "Xavier everywhere": (xavier1, xavier2),
}
print("\ninit of the 64-32-10 tanh net    distinct hidden units   ||W1||   test acc")
out = {}
for name, (W1, W2) in cases.items():
    W1, acc = train(W1.copy(), W2.copy())
    distinct = np.unique(W1.round(10), axis=1).shape[1]  # hidden units = columns of W1
    out[name] = (distinct, acc)
    print(f"{name:<33}{distinct:>22}{np.linalg.norm(W1):>9.2f}{acc:>11.3f}")

assert out["all zeros"][0] == 1 and out["all 0.05 (constant)"][0] == 1
assert 0.09 < out["all zeros"][1] < 0.12 and 0.25 < out["all 0.05 (constant)"][1] < 0.4
assert out["Xavier, zero output layer"][0] == 32 and out["Xavier everywhere"][0] == 32
assert min(out["Xavier, zero output layer"][1], out["Xavier everywhere"][1]) > 0.94

fig, axes = plt.subplots(1, 2, figsize=(9.6, 3.6), sharey=True,
                         num="log10 of the activation standard deviation against depth for 50-layer tanh and "
                             "ReLU nets under small, Xavier and He initialisation (zero init is identically 0)")
for ax, act_name in zip(axes, acts):
    for init_name in list(inits)[1:]:
        ax.plot(np.arange(1, depth + 1), np.log10(spread[act_name, init_name]), label=init_name)
    ax.set(title=f"{act_name} network", xlabel="layer l", ylim=(-50, 2))
    ax.axhline(0, color="gray", lw=0.8)
axes[0].set_ylabel("log10 std of activations")
axes[1].legend(fontsize=8, loc="lower left")
fig.tight_layout()
plt.show()
