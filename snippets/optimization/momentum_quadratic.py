"""Gradient descent, heavy-ball momentum and Nesterov momentum on ill-conditioned quadratics:
iterations to shrink the error a millionfold as the condition number grows, and 2-D trajectories."""
import matplotlib.pyplot as plt
import numpy as np


def settings(L: float, mu: float, method: str) -> tuple[float, float]:
    """Step size and momentum: the classic tuned values for a quadratic with curvatures in [mu, L]."""
    r = (np.sqrt(L / mu) - 1) / (np.sqrt(L / mu) + 1)
    return {"GD": (2 / (L + mu), 0.0),                                  # best fixed step for GD
            "heavy ball": (4 / (np.sqrt(L) + np.sqrt(mu)) ** 2, r**2),    # Polyak's tuning
            "Nesterov": (1 / L, r)}[method]


def optimise(A: np.ndarray, x0: np.ndarray, method: str, lr: float, beta: float,
             tol: float = 1e-6, max_iter: int = 100_000) -> tuple[int, np.ndarray]:
    """Minimise f(x) = x^T A x / 2. Updates in the form of Sutskever et al. (2013):
    heavy ball  v <- beta v - lr grad f(x);           x <- x + v
    Nesterov    v <- beta v - lr grad f(x + beta v);  x <- x + v"""
    x, v, path = x0.copy(), np.zeros_like(x0), [x0.copy()]
    for t in range(1, max_iter + 1):
        look = x + beta * v if method == "Nesterov" else x
        v = beta * v - lr * (A @ look)
        x = x + v
        path.append(x.copy())
        if np.linalg.norm(x) <= tol * np.linalg.norm(x0):
            return t, np.array(path)
    return -1, np.array(path)


methods = ("GD", "heavy ball", "Nesterov")
rng = np.random.default_rng(0)
x0 = rng.normal(size=50)
print("iterations until ||x_t|| <= 1e-6 ||x_0||  (50-D quadratic, curvatures log-spaced in [1, kappa])")
print(f"{'kappa':>7}" + "".join(f"{m:>12}" for m in methods) + f"{'GD / heavy ball':>17}")
iters = {}
for kappa in (10, 100, 1000, 10000):
    A = np.diag(np.logspace(0, np.log10(kappa), 50))
    iters[kappa] = [optimise(A, x0, m, *settings(kappa, 1.0, m))[0] for m in methods]
    print(f"{kappa:>7}" + "".join(f"{n:>12}" for n in iters[kappa]) + f"{iters[kappa][0] / iters[kappa][1]:>17.1f}")

print("\nheavy ball with lr = 1/L on kappa = 100: iterations for each momentum beta")
A100 = np.diag(np.logspace(0, 2, 50))
sweep = {beta: optimise(A100, x0, "heavy ball", 1 / 100, beta)[0] for beta in (0.0, 0.5, 0.8, 0.9, 0.99)}
print("  ".join(f"beta={b:g}: {n}" for b, n in sweep.items()))

gd, hb, nag = (np.array([iters[k][i] for k in iters]) for i in range(3))
assert all(gd[1:] > 5 * hb[1:]) and all(gd[1:] > 3 * nag[1:]) and gd[0] > 2 * hb[0]
assert 8 < gd[2] / gd[1] < 11 and 2.5 < hb[2] / hb[1] < 4       # ~kappa versus ~sqrt(kappa)
assert 550 < gd[1] < 680 and 70 < hb[1] < 100 and 110 < nag[1] < 150 and 55_000 < gd[3] < 67_000 and 900 < hb[3] < 1100
assert sweep[0.8] < sweep[0.9] < sweep[0.5] < sweep[0.0] < sweep[0.99]

# 2-D picture: a valley rotated by 30 degrees, curvature 1 along it and 50 across it.
theta = np.deg2rad(30)
R = np.array([[np.cos(theta), -np.sin(theta)], [np.sin(theta), np.cos(theta)]])
A2 = R @ np.diag([1.0, 50.0]) @ R.T
start = R @ np.array([-9.0, 0.6])                      # far along the valley, a little up its side
fig, (ax, ax_err) = plt.subplots(1, 2, figsize=(10.0, 4.0),
                                 num="Left: the first 40 steps of gradient descent, heavy-ball and Nesterov "
                                     "momentum in a 2-D quadratic valley with condition number 50. Right: "
                                     "log10 distance to the minimum against iteration")
g1, g2 = np.meshgrid(np.linspace(-10, 3, 200), np.linspace(-6, 3, 200))
fval = 0.5 * (A2[0, 0] * g1**2 + 2 * A2[0, 1] * g1 * g2 + A2[1, 1] * g2**2)
ax.contour(g1, g2, fval, levels=np.geomspace(0.05, 1500, 12), colors="lightgray", linewidths=0.8)
steps_2d = {}
for m, color in zip(methods, ("tab:blue", "tab:orange", "tab:green")):
    n, path = optimise(A2, start, m, *settings(50.0, 1.0, m))
    steps_2d[m] = n
    ax.plot(path[:41, 0], path[:41, 1], "-o", ms=2, lw=1, color=color, label=m)
    ax_err.plot(np.log10(np.linalg.norm(path, axis=1)), color=color, label=f"{m}: {n} steps to 1e-6")
assert steps_2d["heavy ball"] < steps_2d["Nesterov"] < steps_2d["GD"] / 2
ax.plot(0, 0, "k*", ms=10)
ax.set(xlim=(-10, 3), ylim=(-6, 3), aspect="equal", xlabel="x1", ylabel="x2",
       title="First 40 steps, kappa = 50")
ax_err.set(xlabel="iteration", ylabel="log10 ||x_t||", title="Distance to the minimum", xlim=(0, 400))
ax.legend(fontsize=8, loc="upper left")
ax_err.legend(fontsize=8)
fig.tight_layout()
plt.show()
