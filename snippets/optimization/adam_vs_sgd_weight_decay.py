"""Adam versus SGD with momentum on ill-conditioned 2-D quadratics (axis-aligned and rotated), and a
numeric check that an L2 term in the gradient equals decoupled weight decay under SGD but not under Adam."""
# output-tolerance: rel=0.01 ints; a 2,000-step count shifts by a few steps with the CPU's rounding
import matplotlib.pyplot as plt
import numpy as np


def adam(grad, x0: np.ndarray, lr: float, steps: int, wd: float = 0.0, decoupled: bool = False,
         b1: float = 0.9, b2: float = 0.999, eps: float = 1e-8) -> np.ndarray:
    """Adam (Kingma & Ba). wd > 0 adds either an L2 term wd*x to the gradient (Adam + L2) or, if
    decoupled, a separate decay lr*wd*x outside the adaptive rescaling (AdamW, Loshchilov & Hutter)."""
    x, m, v, path = x0.copy(), np.zeros_like(x0), np.zeros_like(x0), [x0.copy()]
    for t in range(1, steps + 1):
        g = grad(x, t) + (0.0 if decoupled else wd * x)
        m, v = b1 * m + (1 - b1) * g, b2 * v + (1 - b2) * g * g
        step = (m / (1 - b1**t)) / (np.sqrt(v / (1 - b2**t)) + eps)
        x = x - lr * (step + (wd * x if decoupled else 0.0))
        path.append(x.copy())
    return np.array(path)


def sgd(grad, x0: np.ndarray, lr: float, steps: int, wd: float = 0.0, decoupled: bool = False,
        beta: float = 0.9) -> np.ndarray:
    """SGD with (heavy-ball) momentum, with an L2 term in the gradient or decoupled decay."""
    x, u, path = x0.copy(), np.zeros_like(x0), [x0.copy()]
    for t in range(1, steps + 1):
        u = beta * u + grad(x, t) + (0.0 if decoupled else wd * x)
        x = x - lr * u - (lr * wd * x if decoupled else 0.0)
        path.append(x.copy())
    return np.array(path)


# Part 1: f(x) = x^T A x / 2 with curvatures 1 and kappa, eigenvectors along the axes or rotated 30 degrees.
def problem(kappa: float, degrees: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    th = np.deg2rad(degrees)
    R = np.array([[np.cos(th), -np.sin(th)], [np.sin(th), np.cos(th)]])
    return R @ np.diag([1.0, kappa]) @ R.T, R @ np.array([-8.0, 0.5]), R   # same start in the eigenbasis


def steps_to(path: np.ndarray, A: np.ndarray, tol: float = 1e-8) -> int:
    f = 0.5 * np.einsum("ti,ij,tj->t", path, A, path)
    hit = np.flatnonzero(f <= tol * f[0])
    return int(hit[0]) if hit.size else 10**9


grids = {"Adam": (adam, [0.1, 0.3, 1.0, 3.0, 10.0]), "SGD+momentum": (sgd, [0.5, 1.0, 2.0, 3.0, 3.5])}
print("steps until f <= 1e-8 f(x0), best learning rate from a 5-point grid (momentum 0.9 for both)")
print(f"{'kappa':>7}  {'eigenvectors':<13}{'Adam':>7}{'(lr)':>7}{'SGD+mom':>10}{'(lr*kappa)':>12}")
best = {}
for kappa in (1e3, 1e4):
    for degrees, label in ((0, "axis-aligned"), (30, "rotated 30")):
        A, x0, _ = problem(kappa, degrees)
        row = []
        for name, (opt, lrs) in grids.items():
            scale = 1 / kappa if name == "SGD+momentum" else 1.0         # SGD's step must scale with 1/L
            n, lr = min((steps_to(opt(lambda x, t: A @ x, x0, c * scale, 2500), A), c) for c in lrs)
            best[kappa, degrees, name] = (n, lr)
            row += [n, lr]
        print(f"{kappa:>7.0f}  {label:<13}{row[0]:>7}{row[1]:>7g}{row[2]:>10}{row[3]:>12g}")

b = {k: v[0] for k, v in best.items()}
assert b[1e4, 0, "SGD+momentum"] == b[1e4, 30, "SGD+momentum"]          # SGD is rotation-equivariant
assert b[1e4, 0, "Adam"] == b[1e3, 0, "Adam"] < 200                       # diagonal scaling: kappa is irrelevant
assert b[1e4, 0, "SGD+momentum"] > 10 * b[1e4, 0, "Adam"]
assert 0.8 < b[1e4, 30, "Adam"] / b[1e4, 30, "SGD+momentum"] < 1.5        # rotated: the advantage is gone
assert 100 < b[1e3, 0, "SGD+momentum"] < 180 and 1800 < b[1e4, 0, "SGD+momentum"] < 2300
assert 350 < b[1e3, 30, "Adam"] < 600

# Part 2: weight decay. Three weights start at 1; the data do not determine them: each gradient
# alternates +-s with s = 10, 1, 0.01, so ideal weight decay should shrink all three alike.
s = np.array([10.0, 1.0, 0.01])
noise = lambda x, t: s * (-1.0) ** t
lr, wd, T = 1e-3, 0.1, 10_000
final = {
    "SGD + L2 in gradient": sgd(noise, np.ones(3), lr, T, wd, decoupled=False, beta=0.0)[-1],
    "SGD + decoupled decay": sgd(noise, np.ones(3), lr, T, wd, decoupled=True, beta=0.0)[-1],
    "Adam + L2 in gradient": adam(noise, np.ones(3), lr, T, wd, decoupled=False)[-1],
    "AdamW (decoupled)": adam(noise, np.ones(3), lr, T, wd, decoupled=True)[-1],
}
print(f"\nweights after {T} steps, lr {lr:g}, decay {wd:g} (no-noise reference exp(-1) = {np.exp(-1):.3f})")
print(f"{'optimizer':<24}" + "".join(f"{'s=' + format(v, 'g'):>9}" for v in s))
for name, w in final.items():
    print(f"{name:<24}" + "".join(f"{np.round(v, 3) + 0.0:>9.3f}" for v in w))   # + 0.0: no "-0.000"
same = np.abs(final["SGD + L2 in gradient"] - final["SGD + decoupled decay"]).max()
print(f"max |SGD + L2 - SGD decoupled| < 1e-12: {same < 1e-12}")
adam_l2, adamw = final["Adam + L2 in gradient"], final["AdamW (decoupled)"]
assert same < 1e-12 and np.ptp(adamw) < 1e-9 and abs(adamw[0] - np.exp(-1)) < 0.01
assert adam_l2[0] > 0.85 and abs(adam_l2[1] - np.exp(-1)) < 0.01 and abs(adam_l2[2]) < 0.01

# Figure: the first 150 steps at kappa = 1000, drawn in the eigenbasis of A (flat axis horizontal).
fig, axes = plt.subplots(1, 2, figsize=(10.0, 3.8), sharey=True,
                         num="Trajectories of Adam and SGD with momentum on a quadratic with condition number "
                             "1000, drawn in its eigenbasis: axis-aligned (left) and rotated by 30 degrees (right)")
for ax, degrees in zip(axes, (0, 30)):
    A, x0, R = problem(1e3, degrees)
    for (name, (opt, _)), color in zip(grids.items(), ("tab:red", "tab:blue")):
        lr_c = best[1e3, degrees, name][1] * (1e-3 if name == "SGD+momentum" else 1.0)
        path = opt(lambda x, t: A @ x, x0, lr_c, 150) @ R                 # back to eigen-coordinates
        ax.plot(path[:, 0], path[:, 1], "-o", ms=1.5, lw=0.8, color=color,
                label=f"{name}, lr {lr_c:g}: {best[1e3, degrees, name][0]} steps to 1e-8")
    u, w = np.meshgrid(np.linspace(-9, 1, 200), np.linspace(-1.2, 1.2, 200))
    ax.contour(u, w, 0.5 * (u**2 + 1e3 * w**2), levels=np.geomspace(0.1, 700, 10), colors="lightgray",
               linewidths=0.8)
    ax.plot(0, 0, "k*", ms=9)
    ax.set(title="axis-aligned valley" if degrees == 0 else "valley rotated by 30 degrees",
           xlabel="flat eigen-direction", ylim=(-1.2, 1.2))
    ax.legend(fontsize=7, loc="lower right")
axes[0].set_ylabel("steep eigen-direction")
fig.tight_layout()
plt.show()
