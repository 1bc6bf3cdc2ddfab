"""Sigmoid, tanh, ReLU and GELU with their derivatives (saturation), and how one over-large SGD step
leaves a share of a ReLU layer dead for good on load_digits."""
import math

import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

erf = np.vectorize(math.erf)


def gelu(x: np.ndarray) -> np.ndarray:
    return 0.5 * x * (1 + erf(x / np.sqrt(2)))              # x * Phi(x), Phi = standard normal CDF


def gelu_grad(x: np.ndarray) -> np.ndarray:
    return 0.5 * (1 + erf(x / np.sqrt(2))) + x * np.exp(-x**2 / 2) / np.sqrt(2 * np.pi)


sig = lambda x: 1 / (1 + np.exp(-x))
funcs = {  # name: (f, f')
    "sigmoid": (sig, lambda x: sig(x) * (1 - sig(x))),
    "tanh": (np.tanh, lambda x: 1 - np.tanh(x) ** 2),
    "ReLU": (lambda x: np.maximum(x, 0), lambda x: (x > 0).astype(float)),
    "GELU": (gelu, gelu_grad),
}
xs = np.array([-4.0, -2.0, -0.5, 0.5, 2.0, 4.0])
print("derivative at x:" + "".join(f"{x:>9.1f}" for x in xs))
for name, (f, df) in funcs.items():
    print(f"{name:<16}" + "".join(f"{v:>9.4f}" for v in df(xs)))
grid = np.linspace(-5, 5, 1001)
approx = 0.5 * grid * (1 + np.tanh(np.sqrt(2 / np.pi) * (grid + 0.044715 * grid**3)))
gap = np.abs(approx - gelu(grid)).max()
print(f"max |tanh approximation - exact GELU| on [-5, 5]: {gap:.0e};  min GELU = {gelu(grid).min():.3f}")
assert abs(funcs["sigmoid"][1](np.array(0.0)) - 0.25) < 1e-12 and funcs["tanh"][1](np.array(4.0)) < 2e-3
assert gap < 1e-3 and -0.18 < gelu(grid).min() < -0.16

# Dead ReLUs: a 64-128-10 ReLU net (He init) on load_digits, pixels scaled to [0, 1].
X, y = load_digits(return_X_y=True)
X_tr, X_te, y_tr, y_te = train_test_split(X / 16.0, y, test_size=0.25, stratify=y, random_state=0)


def forward(P: list, X: np.ndarray, slope: float) -> tuple[np.ndarray, np.ndarray]:
    a = X @ P[0] + P[1]
    return a, np.where(a > 0, a, slope * a) @ P[2] + P[3]   # slope 0: ReLU; slope > 0: leaky ReLU


def gradients(P: list, X: np.ndarray, y: np.ndarray, slope: float) -> list:
    a, z = forward(P, X, slope)
    p = np.exp(z - z.max(1, keepdims=True))
    p /= p.sum(1, keepdims=True)
    p[np.arange(len(y)), y] -= 1
    dz, h = p / len(y), np.where(a > 0, a, slope * a)
    da = (dz @ P[2].T) * np.where(a > 0, 1.0, slope)
    return [X.T @ da, da.sum(0), h.T @ dz, dz.sum(0)]


def dead_units(P: list) -> np.ndarray:
    """Units whose pre-activation is <= 0 on every training image: ReLU passes them no gradient."""
    return forward(P, X_tr, 0.0)[0].max(axis=0) <= 0


def run(first_lr: float, slope: float = 0.0, epochs: int = 15) -> tuple[float, float, float, list]:
    rng = np.random.default_rng(0)
    P = [rng.normal(0, np.sqrt(2 / 64), (64, 128)), np.zeros(128), rng.normal(0, np.sqrt(1 / 128), (128, 10)),
         np.zeros(10)]
    dead0 = dead_units(P).mean()
    g = gradients(P, X_tr[:64], y_tr[:64], slope)
    P = [p - first_lr * gp for p, gp in zip(P, g)]           # one step with the chosen learning rate
    dead1 = dead_units(P).mean()
    for _ in range(epochs):                                 # then ordinary SGD at lr 0.1
        order = rng.permutation(len(y_tr))
        for s in range(0, len(order), 32):
            g = gradients(P, X_tr[order[s:s + 32]], y_tr[order[s:s + 32]], slope)
            P = [p - 0.1 * gp for p, gp in zip(P, g)]
    acc = (forward(P, X_te, slope)[1].argmax(1) == y_te).mean()
    return dead0, dead1, acc, P


print("\nfirst-step lr  dead at init  dead after step  dead after 15 epochs  test acc")
dead_after = {}
for lr in (0.1, 1.0, 10.0, 30.0):
    dead0, dead1, acc, P = run(lr)
    dead_after[lr] = (dead1, dead_units(P).mean(), acc)
    print(f"{lr:>13.1f}{dead0:>14.3f}{dead1:>17.3f}{dead_after[lr][1]:>22.3f}{acc:>10.3f}")
assert dead_after[0.1][0] < 0.06 and 0.3 < dead_after[30.0][0] < 0.45
assert all(dead_after[lr][1] >= dead_after[lr][0] for lr in dead_after)   # the dead stay dead
assert min(v[2] for v in dead_after.values()) > 0.94

# Gradient reaching the dead units' incoming weights, ReLU versus leaky ReLU (slope 0.01).
for slope in (0.0, 0.01):
    _, _, _, P = run(30.0, slope)
    mask = dead_units(P)
    g = gradients(P, X_tr, y_tr, slope)[0][:, mask]
    print(f"slope {slope:<4}: {mask.sum():>3} units inactive on all images, gradient norm into them {np.linalg.norm(g):.1e}")
    assert (np.linalg.norm(g) == 0) == (slope == 0.0)

fig, (ax_f, ax_d) = plt.subplots(1, 2, figsize=(9.6, 3.6),
                                 num="Sigmoid, tanh, ReLU and GELU (left) and their derivatives (right) "
                                     "on [-5, 5]: the sigmoid and tanh derivatives vanish in the tails")
for name, (f, df) in funcs.items():
    ax_f.plot(grid, f(grid), label=name)
    ax_d.plot(grid, df(grid), label=name)
ax_f.set(title="Activation functions", xlabel="x", ylabel="f(x)", ylim=(-1.5, 3))
ax_d.set(title="Derivatives", xlabel="x", ylabel="f'(x)", ylim=(-0.2, 1.2))
for ax in (ax_f, ax_d):
    ax.axhline(0, color="gray", lw=0.6)
    ax.axvline(0, color="gray", lw=0.6)
ax_f.legend(fontsize=8, loc="upper left")
fig.tight_layout()
plt.show()
