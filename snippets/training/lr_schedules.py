"""Constant, step, cosine and warmup+cosine learning-rate schedules, and what they do to mini-batch
SGD on an L2-regularised softmax regression of load_digits when the peak learning rate is 4."""
import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

X, y = load_digits(return_X_y=True)
X_tr, X_te, y_tr, y_te = train_test_split(X / 16.0, y, test_size=0.25, stratify=y, random_state=0)
Xa = np.hstack([X_tr, np.ones((len(y_tr), 1))])      # the bias is a constant feature
Xa_te = np.hstack([X_te, np.ones((len(y_te), 1))])
n, lam, batch, epochs, peak = len(y_tr), 1e-3, 128, 30, 4.0
T = epochs * int(np.ceil(n / batch))                  # 330 steps
warmup = T // 5                                       # 20% of the steps


def lr_at(kind: str, t: int) -> float:
    if kind == "constant":
        return peak
    if kind == "step":                                # divide by 10 at 50% and at 75% of training
        return peak * 0.1 ** ((t >= T // 2) + (t >= 3 * T // 4))
    if kind == "cosine":
        return 0.5 * peak * (1 + np.cos(np.pi * t / T))
    if t < warmup:                                    # warmup+cosine: linear ramp, then cosine to 0
        return peak * (t + 1) / warmup
    return 0.5 * peak * (1 + np.cos(np.pi * (t - warmup) / (T - warmup)))


def probs(W: np.ndarray, A: np.ndarray) -> np.ndarray:
    z = A @ W
    z -= z.max(axis=1, keepdims=True)
    p = np.exp(z)
    return p / p.sum(axis=1, keepdims=True)


def objective(W: np.ndarray) -> float:
    """Full training objective: mean cross-entropy plus the L2 penalty."""
    p = probs(W, Xa)
    return -np.log(p[np.arange(n), y_tr]).mean() + 0.5 * lam * (W[:-1] ** 2).sum()


def sharpness(W: np.ndarray) -> float:
    """Largest Hessian eigenvalue of the objective, by power iteration on Hessian-vector products.

    The start vector is random: a constant one is almost in the Hessian's null space at W = 0 (the
    softmax Hessian annihilates directions equal across classes), and would give rounding noise.
    """
    p, V = probs(W, Xa), np.random.default_rng(0).standard_normal(W.shape)
    for _ in range(50):
        U = Xa @ V
        HV = Xa.T @ (p * U - p * (p * U).sum(axis=1, keepdims=True)) / n
        HV[:-1] += lam * V[:-1]
        top = np.linalg.norm(HV)
        V = HV / top
    return top


def train(kind: str, seed: int) -> tuple[list[float], float, np.ndarray]:
    rng = np.random.default_rng(seed)
    W, t = np.zeros((65, 10)), 0
    curve = [objective(W)]
    for _ in range(epochs):
        order = rng.permutation(n)
        for s in range(0, n, batch):
            idx = order[s:s + batch]
            g = probs(W, Xa[idx])
            g[np.arange(len(idx)), y_tr[idx]] -= 1
            grad = Xa[idx].T @ g / len(idx)
            grad[:-1] += lam * W[:-1]
            W -= lr_at(kind, t) * grad
            t += 1
            if t % 2 == 0:
                curve.append(objective(W))
    return curve, (probs(W, Xa_te).argmax(1) == y_te).mean(), W


kinds = ["constant", "step", "cosine", "warmup+cosine"]
seeds = [0, 1, 2]
runs = {k: [train(k, s) for s in seeds] for k in kinds}
limit0 = 2 / sharpness(np.zeros((65, 10)))
limit_end = 2 / sharpness(runs["cosine"][0][2])
print(f"largest stable step 2/lambda_max: {limit0:.2f} at initialisation, {limit_end:.1f} at the end"
      f" (peak learning rate {peak:.0f})")
print(f"batch {batch}, {T} steps, {len(y_te)} test images; initial objective ln(10) = {np.log(10):.3f}")
print(f"means over {len(seeds)} seeds:")
print(f"{'schedule':<15}{'worst objective':>17}{'final objective':>17}{'test acc':>10}")
summary = {}
for k in kinds:
    worst = np.mean([max(c[1:]) for c, _, _ in runs[k]])
    final = np.mean([c[-1] for c, _, _ in runs[k]])
    acc = np.mean([a for _, a, _ in runs[k]])
    summary[k] = (worst, final, acc)
    print(f"{k:<15}{worst:>17.2f}{final:>17.3f}{acc:>10.3f}")

assert 1.6 < limit0 < 1.9 and peak < limit_end < 5.0, (limit0, limit_end)
assert 4.0 < summary["cosine"][0] < 7.0 and summary["warmup+cosine"][0] < np.log(10), summary
assert 0.28 < summary["constant"][1] < 0.30 and 0.255 < summary["cosine"][1] < 0.265, summary
assert 0.02 < summary["constant"][1] - summary["cosine"][1] < 0.035, summary
assert max(summary[k][1] for k in kinds[1:]) - min(summary[k][1] for k in kinds[1:]) < 0.002, summary
assert all(0.94 < summary[k][2] < 0.97 for k in kinds), summary

fig, ax = plt.subplots(figsize=(6.4, 3.0), num="Learning rate against training step for four schedules: "
                       "constant, step decay, cosine, and linear warmup followed by cosine")
for k in kinds:
    ax.plot(np.arange(T), [lr_at(k, t) for t in range(T)], label=k)
ax.set(xlabel="step", ylabel="learning rate", title=f"Four schedules with peak {peak:.0f}")
ax.legend()
fig.tight_layout()

fig, ax = plt.subplots(figsize=(6.4, 3.4), num="Training objective against step for the four schedules, seed 0, "
                       "log scale: runs without warmup spike early and the constant rate never settles")
for k in kinds:
    ax.plot(np.arange(len(runs[k][0][0])) * 2, runs[k][0][0], label=k, lw=1.2)
ax.set(yscale="log", xlabel="step", ylabel="training objective", title="Softmax regression, SGD, batch 128")
ax.legend()
fig.tight_layout()
plt.show()
