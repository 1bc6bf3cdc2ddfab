"""Flow matching in 1-D: regress a velocity field v(x, t) onto x1 - x0 along straight lines from N(0, 1) noise to
a two-mode mixture, then integrate dx/dt = v with a few Euler steps. Compared with the exact marginal velocity, in
Wasserstein-1 distance to the target. Then one reflow (rectified flow): retrain on the flow's own (noise, sample)
pairs, and the paths become straight enough for a single step."""
import matplotlib.pyplot as plt
import numpy as np

rng = np.random.default_rng(0)
w, m, s = np.array([0.3, 0.7]), np.array([-2.0, 2.0]), 0.4       # data: 0.3 N(-2, .4^2) + 0.7 N(2, .4^2)


def sample_data(n: int) -> np.ndarray:
    return rng.normal(m[(rng.random(n) < w[1]).astype(int)], s)


def v_exact(x: np.ndarray, t: float) -> np.ndarray:
    """E[x1 - x0 | x_t = x] for x_t = (1 - t) x0 + t x1, x0 ~ N(0, 1): per mixture component it is Gaussian."""
    mean, var = t * m, t ** 2 * s ** 2 + (1 - t) ** 2
    logp = np.log(w) - 0.5 * (x[:, None] - mean) ** 2 / var - 0.5 * np.log(var)
    r = np.exp(logp - logp.max(axis=1, keepdims=True))
    r /= r.sum(axis=1, keepdims=True)                              # responsibilities of the two components
    return (r * (m + (t * s ** 2 - (1 - t)) * (x[:, None] - mean) / var)).sum(axis=1)


def score(x: np.ndarray, t: float) -> np.ndarray:
    """d/dx log p_t(x) of the noised mixture p_t, a diffusion marginal with signal t and noise std 1 - t."""
    mean, var = t * m, t ** 2 * s ** 2 + (1 - t) ** 2
    logp = np.log(w) - 0.5 * (x[:, None] - mean) ** 2 / var - 0.5 * np.log(var)
    r = np.exp(logp - logp.max(axis=1, keepdims=True))
    r /= r.sum(axis=1, keepdims=True)
    return (r * -(x[:, None] - mean) / var).sum(axis=1)


xs = np.linspace(-4, 4, 801)
gap = max(np.abs(v_exact(xs, t) - (xs + (1 - t) * score(xs, t)) / t).max() for t in (0.25, 0.5, 0.75))
print(f"exact velocity = (x + (1 - t) * score) / t, as for a diffusion's probability-flow ODE: {gap < 1e-9}")


def x_features(x: np.ndarray) -> np.ndarray:
    """27 features of x: a constant, a line and 25 tanh steps."""
    return np.column_stack([np.ones_like(x), x, np.tanh((x[:, None] - np.linspace(-3, 3, 25)) / 0.2)])


def t_features(t: np.ndarray) -> np.ndarray:
    """7 Legendre polynomials of t on [0, 1]."""
    return np.polynomial.legendre.legvander(2 * t - 1, 6)


def fit_velocity(x0: np.ndarray, x1: np.ndarray) -> np.ndarray:
    """Flow-matching regression: least squares of x1 - x0 on (x features) x (t features) of (x_t, t), t ~ U(0, 1).
    Returns a 27 x 7 coefficient matrix; the normal equations are summed over chunks to save memory."""
    t = rng.random(len(x0))
    xt = (1 - t) * x0 + t * x1
    A, b = 0.0, 0.0
    for chunk in np.array_split(np.arange(len(x0)), 10):
        phi = (x_features(xt[chunk])[:, :, None] * t_features(t[chunk])[:, None, :]).reshape(len(chunk), -1)
        A, b = A + phi.T @ phi, b + phi.T @ (x1[chunk] - x0[chunk])
    return np.linalg.solve(A + 1e-6 * np.eye(len(A)), b).reshape(27, 7)


def velocity(coef: np.ndarray):
    """The fitted field v(x, t) = x_features(x) @ coef @ t_features(t)."""
    return lambda x, t: x_features(x) @ (coef @ t_features(np.array([t]))[0])


def euler(v, x: np.ndarray, steps: int, keep_path: bool = False):
    path = [x]
    for k in range(steps):
        x = x + v(x, k / steps) / steps
        path.append(x)
    return np.array(path) if keep_path else x


grid = np.linspace(-5, 5, 20_001)                                  # target quantiles, for Wasserstein-1
cdf = np.cumsum(sum(wk * np.exp(-0.5 * ((grid - mk) / s) ** 2) for wk, mk in zip(w, m)))
cdf /= cdf[-1]


def w1(x: np.ndarray) -> float:
    """Wasserstein-1 distance between a sample and the target: mean |sorted sample - target quantile|."""
    return np.abs(np.sort(x) - np.interp((np.arange(len(x)) + 0.5) / len(x), cdf, grid)).mean()


n_train, n_eval = 200_000, 20_000
v_fit = velocity(fit_velocity(rng.standard_normal(n_train), sample_data(n_train)))   # independent pairs
check = np.linspace(0.05, 0.95, 10)
rms = np.sqrt(np.mean([np.mean((v_fit(xt, t) - v_exact(xt, t)) ** 2) for t in check
                       for xt in [(1 - t) * rng.standard_normal(5000) + t * sample_data(5000)]]))
print(f"fitted velocity vs exact marginal velocity: RMS error {rms:.3f} along the paths")
print(f"W1 of a {n_eval:,}-point sample of the target itself: {w1(sample_data(n_eval)):.3f} (the noise floor)\n")

z0 = rng.standard_normal(n_eval)
print(f"{'Euler steps':>11}{'W1 exact v':>12}{'W1 fitted v':>13}{'mean':>7}{'std':>7}{'weight x>0':>12}")
res = {}
for steps in (1, 2, 4, 8, 32, 128):
    xe, xf = euler(v_exact, z0, steps), euler(v_fit, z0, steps)
    res[steps] = w1(xe), w1(xf)
    print(f"{steps:>11}{res[steps][0]:>12.3f}{res[steps][1]:>13.3f}{xf.mean():>7.2f}{xf.std():>7.2f}"
          f"{(xf > 0).mean():>12.3f}")
print(f"{'target':>11}{'':>12}{'':>13}{w @ m:>7.2f}{np.sqrt(s ** 2 + w @ m ** 2 - (w @ m) ** 2):>7.2f}{w[1]:>12.3f}")

# Reflow: pair each noise point with where the learned flow takes it, and fit a new velocity on those pairs.
r0 = rng.standard_normal(n_train // 2)
v_reflow = velocity(fit_velocity(r0, euler(v_fit, r0, 64)))


def straightness(v, x: np.ndarray, steps: int = 128) -> float:
    """Mean over paths of the integral of |v(x_t, t) - (x_1 - x_0)|^2: zero for perfectly straight paths."""
    path = euler(v, x, steps, keep_path=True)
    vel = np.diff(path, axis=0) * steps
    return np.mean((vel - (path[-1] - path[0])) ** 2)


bend, bend_reflow = straightness(v_fit, z0), straightness(v_reflow, z0)
print(f"\nstraightness (0 = straight): flow {bend:.3f}, after one reflow {bend_reflow:.3f}")
print(f"{'Euler steps':>11}{'W1 flow':>9}{'W1 after reflow':>17}")
res2 = {}
for steps in (1, 2, 4):
    res2[steps] = w1(euler(v_reflow, z0, steps))
    print(f"{steps:>11}{res[steps][1]:>9.3f}{res2[steps]:>17.3f}")

assert rms < 0.08 and res[128][0] < 0.03 and res[128][1] < 0.03          # the fit is close to the exact field
assert res[1][0] > 1.5 and res[8][1] < res[2][1] < res[1][1]            # one step collapses, more steps converge
assert res2[1] < 0.12 < res[8][1] and bend_reflow < 0.05 < 0.5 < bend    # after reflow one step beats eight

fig, axes = plt.subplots(1, 3, figsize=(9.6, 3.2), layout="constrained",
                         num="Sample paths of the learned flow and of the reflowed flow from noise at t = 0 to the "
                             "two-mode target at t = 1, and histograms of samples after few Euler steps")
starts = np.quantile(z0, np.linspace(0.02, 0.98, 25))
ts = np.linspace(0, 1, 129)
for ax, v, title in ((axes[0], v_fit, "flow matching paths"), (axes[1], v_reflow, "after one reflow")):
    ax.plot(ts, euler(v, starts, 128, keep_path=True), color="tab:blue", lw=0.8)
    ax.set(title=title, xlabel="t", ylim=(-4, 4))
axes[0].set_ylabel("x")
bins = np.linspace(-4, 4, 61)
density = np.gradient(cdf, grid)
axes[2].hist(euler(v_fit, z0, 2), bins=bins, density=True, histtype="step", lw=1.5, color="tab:orange",
             label="flow, 2 steps")
axes[2].hist(euler(v_reflow, z0, 1), bins=bins, density=True, histtype="step", lw=1.5, color="tab:blue",
             label="reflow, 1 step")
axes[2].plot(grid, density, "k--", lw=1, label="target")
axes[2].set(title="samples", xlabel="x", xlim=(-4, 4))
axes[2].legend(fontsize=8)
plt.show()
