"""A DDPM on a 1-D two-Gaussian mixture: closed-form forward noising q(x_t | x_0), an epsilon-predictor fit by
least squares per time step (compared with the exact optimal one), and ancestral sampling back to the modes."""
import matplotlib.pyplot as plt
import numpy as np

rng = np.random.default_rng(0)
w, m, s = np.array([0.3, 0.7]), np.array([-2.0, 2.0]), 0.4       # data: 0.3 N(-2, .4^2) + 0.7 N(2, .4^2)
T = 1000
beta = np.linspace(1e-4, 0.02, T)                                  # DDPM's linear schedule
alpha = 1 - beta
abar = np.cumprod(alpha)


def sample_data(n: int) -> np.ndarray:
    return rng.normal(m[(rng.random(n) < w[1]).astype(int)], s)


def eps_exact(x: np.ndarray, t: int) -> np.ndarray:
    """E[eps | x_t] = -sqrt(1 - abar) * d/dx log q(x_t), with q(x_t) a Gaussian mixture in closed form."""
    mean, var = np.sqrt(abar[t]) * m, abar[t] * s ** 2 + 1 - abar[t]
    logp = np.log(w) - 0.5 * (x[:, None] - mean) ** 2 / var
    r = np.exp(logp - logp.max(axis=1, keepdims=True))
    r /= r.sum(axis=1, keepdims=True)                              # responsibilities
    return np.sqrt(1 - abar[t]) * (r * (x[:, None] - mean) / var).sum(axis=1)


def features(x: np.ndarray) -> np.ndarray:
    centres = np.linspace(-3, 3, 9)
    return np.column_stack([np.ones_like(x), x, np.tanh((x[:, None] - centres) / 0.5)])


# Training: for every t, regress the noise eps on features of x_t = sqrt(abar) x_0 + sqrt(1 - abar) eps.
coef = np.empty((T, 11))
for t in range(T):
    x0, eps = sample_data(4000), rng.standard_normal(4000)
    xt = np.sqrt(abar[t]) * x0 + np.sqrt(1 - abar[t]) * eps
    coef[t] = np.linalg.lstsq(features(xt), eps, rcond=None)[0]

print(f"T = {T}, beta {beta[0]:.0e} -> {beta[-1]:.2f}, abar_T = {abar[-1]:.1e} (x_T is almost pure noise)")
print(f"{'t':>5}{'sqrt(abar)':>11}{'std x_t: closed':>17}{'sampled':>9}"
      f"{'eps MSE: fit':>14}{'exact':>7}{'predict 0':>11}")
x0, eps = sample_data(20_000), rng.standard_normal(20_000)
mse = {}
for t in (0, 50, 200, 500, 999):
    xt = np.sqrt(abar[t]) * x0 + np.sqrt(1 - abar[t]) * eps
    var_closed = abar[t] * (s ** 2 + w @ m ** 2 - (w @ m) ** 2) + 1 - abar[t]
    mse[t] = (np.mean((features(xt) @ coef[t] - eps) ** 2), np.mean((eps_exact(xt, t) - eps) ** 2))
    print(f"{t + 1:>5}{np.sqrt(abar[t]):>11.3f}{np.sqrt(var_closed):>17.3f}{xt.std():>9.3f}"
          f"{mse[t][0]:>14.3f}{mse[t][1]:>7.3f}{np.mean(eps ** 2):>11.3f}")
    assert abs(xt.std() - np.sqrt(var_closed)) < 0.03 and mse[t][0] < mse[t][1] + 0.01
assert mse[0][1] > 0.95 and mse[999][1] < 0.01 and abs(abar[-1] - 4.0e-5) < 1e-6  # hard at low noise, easy at high


def ancestral_sample(eps_model, n: int) -> np.ndarray:
    """DDPM reverse process: x_{t-1} = (x_t - beta_t / sqrt(1 - abar_t) * eps) / sqrt(alpha_t) + sigma_t z."""
    x = rng.standard_normal(n)
    for t in range(T - 1, -1, -1):
        x = (x - beta[t] / np.sqrt(1 - abar[t]) * eps_model(x, t)) / np.sqrt(alpha[t])
        if t > 0:
            x += np.sqrt(beta[t] * (1 - abar[t - 1]) / (1 - abar[t])) * rng.standard_normal(n)
    return x


samples = {"data": sample_data(2000),
           "fitted eps-predictor": ancestral_sample(lambda x, t: features(x) @ coef[t], 2000),
           "exact eps-predictor": ancestral_sample(eps_exact, 2000)}
print(f"\n{'2,000 samples':<22}{'weight x>0':>11}{'mean left':>11}{'mean right':>12}{'std left':>10}{'std right':>11}")
for name, x in samples.items():
    left, right = x[x < 0], x[x >= 0]
    print(f"{name:<22}{right.size / x.size:>11.3f}{left.mean():>11.3f}{right.mean():>12.3f}"
          f"{left.std():>10.3f}{right.std():>11.3f}")
    assert abs(right.size / x.size - 0.7) < 0.04 and abs(left.mean() + 2) < 0.1 and abs(right.mean() - 2) < 0.1
    assert abs(left.std() - s) < 0.06 and abs(right.std() - s) < 0.06

fig, axes = plt.subplots(1, 3, figsize=(9.6, 3.0), sharey=True, layout="constrained",
                         num="Histograms of the 1-D mixture data, the data noised at t = 200 and t = 1000, "
                             "and DDPM samples")
bins = np.linspace(-4, 4, 61)
grid = np.linspace(-4, 4, 400)
density = sum(wk * np.exp(-0.5 * ((grid - mk) / s) ** 2) / (s * np.sqrt(2 * np.pi)) for wk, mk in zip(w, m))
axes[0].hist(samples["data"], bins=bins, density=True, color="tab:gray")
axes[0].set(title="data x_0", xlabel="x", ylabel="density")
for t, color in ((199, "tab:orange"), (999, "tab:red")):
    xt = np.sqrt(abar[t]) * samples["data"] + np.sqrt(1 - abar[t]) * rng.standard_normal(2000)
    axes[1].hist(xt, bins=bins, density=True, histtype="step", color=color, lw=1.5, label=f"t = {t + 1}")
axes[1].set(title="forward process q(x_t | x_0)", xlabel="x")
axes[1].legend()
axes[2].hist(samples["fitted eps-predictor"], bins=bins, density=True, color="tab:blue", alpha=0.7)
axes[2].plot(grid, density, "k--", lw=1, label="true density")
axes[2].set(title="samples, fitted eps-predictor", xlabel="x")
axes[2].legend()
plt.show()
