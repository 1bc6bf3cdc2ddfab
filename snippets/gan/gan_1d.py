"""A 1-D GAN in NumPy with hand-written gradients, target N(3, 0.5^2). One discriminator step per
generator step at equal learning rates collapses to (nearly) a point; five discriminator steps and
a five times slower generator recover the mean and the spread."""
import matplotlib.pyplot as plt
import numpy as np

MU, SIGMA = 3.0, 0.5                  # target distribution of the real data
HIDDEN, BATCH, ITERS, LR_D = 16, 128, 3000, 0.02


def sigmoid(t: np.ndarray) -> np.ndarray:
    """Logistic function written with tanh, so it never overflows."""
    return 0.5 * (1.0 + np.tanh(0.5 * t))


def train(d_steps: int, lr_g: float, seed: int = 0) -> dict:
    """Generator G(z) = a*z + b with z ~ N(0, 1); discriminator D(x) = sigmoid(v . tanh(W x + c) + d)."""
    rng = np.random.default_rng(seed)
    a, b = 1.0, 0.0                                    # G starts as N(0, 1), far from the target
    W, c = rng.normal(0, 0.3, HIDDEN), rng.normal(0, 0.3, HIDDEN)
    v, d = rng.normal(0, 1, HIDDEN) / np.sqrt(HIDDEN), 0.0
    y = np.r_[np.ones(BATCH), np.zeros(BATCH)]         # labels: real = 1, generated = 0
    spread = []
    for _ in range(ITERS):
        for _ in range(d_steps):                       # D: gradient descent on binary cross-entropy
            x = np.r_[rng.normal(MU, SIGMA, BATCH), a * rng.normal(size=BATCH) + b]
            h = np.tanh(np.outer(x, W) + c)
            g = (sigmoid(h @ v + d) - y) / BATCH       # dLoss/dlogit
            gh = np.outer(g, v) * (1 - h**2)           # back through tanh
            W, c = W - LR_D * (gh.T @ x), c - LR_D * gh.sum(0)
            v, d = v - LR_D * (h.T @ g), d - LR_D * g.sum()
        z = rng.normal(size=BATCH)                     # G: non-saturating loss -log D(G(z))
        x = a * z + b
        h = np.tanh(np.outer(x, W) + c)
        dx = -(1 - sigmoid(h @ v + d)) * ((1 - h**2) @ (v * W))   # dLoss/dx for each sample
        a, b = a - lr_g * np.mean(dx * z), b - lr_g * np.mean(dx)
        spread.append(abs(a))
    sample = a * np.random.default_rng(seed + 1).normal(size=2000) + b
    d_of = lambda s: float(np.mean(sigmoid(np.tanh(np.outer(s, W) + c) @ v + d)))
    real = np.random.default_rng(seed + 2).normal(MU, SIGMA, 2000)
    return {"sample": sample, "spread": spread, "d_real": d_of(real), "d_fake": d_of(sample)}


runs = {"1 D step, lr_G = lr_D": train(d_steps=1, lr_g=LR_D),
        "5 D steps, lr_G = lr_D / 5": train(d_steps=5, lr_g=LR_D / 5)}

print(f"target: mean {MU:.2f}, std {SIGMA:.2f}; {ITERS} generator updates, lr_D = {LR_D}")
print(f"{'setting':<28}{'mean':>6}{'std':>7}{'D(real)':>9}{'D(fake)':>9}")
for name, r in runs.items():
    s = r["sample"]
    print(f"{name:<28}{s.mean():>6.2f}{s.std():>7.3f}{r['d_real']:>9.2f}{r['d_fake']:>9.2f}")
checkpoints = range(500, ITERS + 1, 500)
print("\ngenerated std after n generator updates")
print(f"{'n':<28}" + "".join(f"{n:>6}" for n in checkpoints))
for name, r in runs.items():
    print(f"{name:<28}" + "".join(f"{r['spread'][n - 1]:>6.2f}" for n in checkpoints))

collapsed, fitted = runs.values()
assert 2.5 < collapsed["sample"].mean() < 3.5 and 0.005 < collapsed["sample"].std() < 0.06
assert 2.9 < fitted["sample"].mean() < 3.1 and 0.4 < fitted["sample"].std() < 0.6
assert 0.3 < min(fitted["spread"]) < 0.4                        # early undershoot, then recovery
assert all(0.45 < r[key] < 0.55 for r in runs.values() for key in ("d_real", "d_fake"))  # D ~ 1/2 in both

fig, axes = plt.subplots(1, 2, figsize=(8, 3.2),
                         num="Histograms of generated samples against the target N(3, 0.5^2) density for both settings")
grid = np.linspace(1, 5, 200)
for ax, (name, r) in zip(axes, runs.items()):
    ax.hist(r["sample"], bins=np.linspace(1, 5, 61), density=True, alpha=0.6, label="generated")
    ax.plot(grid, np.exp(-0.5 * ((grid - MU) / SIGMA) ** 2) / (SIGMA * np.sqrt(2 * np.pi)), "k", label="target")
    ax.set_title(name, fontsize=10)
    ax.set_xlabel("x")
    ax.set_ylabel("density")
axes[0].legend()
fig.tight_layout()

fig, ax = plt.subplots(figsize=(6.4, 3.2), num="Standard deviation of the generator during training for both settings")
for name, r in runs.items():
    ax.plot(np.arange(1, ITERS + 1, 10), r["spread"][::10], label=name)
ax.axhline(SIGMA, color="k", ls="--", lw=1, label="target std 0.5")
ax.set_yscale("log")
ax.set_xlabel("generator update")
ax.set_ylabel("std of G(z)")
ax.set_title("Spread of the generated distribution")
ax.legend()
fig.tight_layout()
plt.show()
