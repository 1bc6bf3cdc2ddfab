"""The reparameterization trick in NumPy: gradients of E[z^2] under z ~ N(mu, sigma^2) by the pathwise and
score-function estimators against the exact values, and the closed-form Gaussian KL checked by Monte Carlo."""
import matplotlib.pyplot as plt
import numpy as np

rng = np.random.default_rng(0)
mu, sigma = 1.0, 0.5
exact = {"mu": 2 * mu, "sigma": 2 * sigma}  # E[z^2] = mu^2 + sigma^2


def estimates(n_samples: int, n_repeats: int = 20_000) -> dict[str, np.ndarray]:
    """Each row is one gradient estimate from n_samples draws; rows are independent repeats."""
    eps = rng.standard_normal((n_repeats, n_samples))
    z = mu + sigma * eps                                   # reparameterized sample
    f = z ** 2
    score_mu = (z - mu) / sigma ** 2                       # d log q / d mu
    score_sigma = ((z - mu) ** 2 - sigma ** 2) / sigma ** 3  # d log q / d sigma
    baseline = mu ** 2 + sigma ** 2                        # E[f], the best constant baseline here
    return {
        "pathwise (reparameterized)": np.stack([(2 * z).mean(1), (2 * z * eps).mean(1)]),
        "score function (REINFORCE)": np.stack([(f * score_mu).mean(1), (f * score_sigma).mean(1)]),
        "score function - baseline": np.stack([((f - baseline) * score_mu).mean(1),
                                                ((f - baseline) * score_sigma).mean(1)]),
    }


print(f"q(z) = N({mu}, {sigma}^2), f(z) = z^2;  exact gradient: d/dmu = {exact['mu']:.3f}, "
      f"d/dsigma = {exact['sigma']:.3f}")
print(f"{'estimator':<28}{'samples':>8}{'mean d/dmu':>12}{'std':>8}{'mean d/dsigma':>15}{'std':>8}")
stds = {}
for n in (1, 100):
    for name, g in estimates(n).items():
        stds[name, n] = g.std(axis=1)
        print(f"{name:<28}{n:>8}{g[0].mean():>12.3f}{g[0].std():>8.3f}{g[1].mean():>15.3f}{g[1].std():>8.3f}")
        assert abs(g[0].mean() - exact["mu"]) < 0.1 and abs(g[1].mean() - exact["sigma"]) < 0.1  # unbiased
path1, score1 = stds["pathwise (reparameterized)", 1], stds["score function (REINFORCE)", 1]
print(f"single-sample std ratio, score / pathwise: d/dmu {score1[0] / path1[0]:.1f}x, "
      f"d/dsigma {score1[1] / path1[1]:.1f}x")
assert abs(path1[0] - 2 * sigma) < 0.03                   # Var(2z) = 4 sigma^2 exactly
assert 4.0 < score1[0] / path1[0] < 5.2 and score1[1] / path1[1] > 3

# KL(N(m, diag s^2) || N(0, I)) = 1/2 sum(m^2 + s^2 - 1 - log s^2), checked by Monte Carlo.
m, s = np.array([1.0, -0.5, 0.0]), np.array([0.5, 1.5, 1.0])
kl_dims = 0.5 * (m ** 2 + s ** 2 - 1 - np.log(s ** 2))
kl_closed = kl_dims.sum()
z = m + s * rng.standard_normal((200_000, 3))
log_q = -0.5 * np.sum(((z - m) / s) ** 2 + np.log(2 * np.pi * s ** 2), axis=1)
log_p = -0.5 * np.sum(z ** 2 + np.log(2 * np.pi), axis=1)
kl_mc, kl_se = (log_q - log_p).mean(), (log_q - log_p).std() / np.sqrt(len(z))
print("\nKL per dimension: " + ", ".join(f"N({a:g}, {b:g}^2) -> {k:.4f}" for a, b, k in zip(m, s, kl_dims)))
print(f"KL(q || N(0, I)) in 3-D: closed form {kl_closed:.4f}, Monte Carlo {kl_mc:.4f} +- {kl_se:.4f}")
assert abs(kl_mc - kl_closed) < 4 * kl_se and abs(kl_closed - 1.1627) < 1e-3 and abs(kl_dims[0] - 0.8181) < 1e-3

fig, ax = plt.subplots(figsize=(6.4, 3.4), layout="constrained",
                       num="Histograms of single-sample gradient estimates of the mean "
                           "by the pathwise and score-function estimators")
g1 = estimates(1, 2_000)
bins = np.linspace(-6, 10, 81)
ax.hist(g1["score function (REINFORCE)"][0], bins=bins, alpha=0.6, label="score function")
ax.hist(g1["pathwise (reparameterized)"][0], bins=bins, alpha=0.6, label="pathwise")
ax.axvline(exact["mu"], color="k", ls="--", lw=1, label=f"exact = {exact['mu']:.0f}")
ax.set(xlabel="single-sample estimate of d E[z^2] / d mu", ylabel="count (2,000 repeats)",
       title="Same expectation, very different spread")
ax.legend()
plt.show()
