"""Entropy, cross-entropy, KL divergence and mutual information on a grid, in nats: the identity
H(p, q) = H(p) + KL(p || q), mutual information of a correlated Gaussian pair against -1/2 log(1 - rho^2), and a
single Gaussian fitted to a two-mode mixture by minimising forward KL(p || q) and reverse KL(q || p)."""
import matplotlib.pyplot as plt
import numpy as np

x = np.linspace(-20, 20, 2001)                           # wide: reverse KL weighs the tails of q by log p
dx = x[1] - x[0]


def log_normal(x, mu, sigma):
    return -0.5 * ((x - mu) / sigma) ** 2 - np.log(sigma * np.sqrt(2 * np.pi))


def kl(log_a, log_b):
    """KL(a || b) = sum a (log a - log b) dx, from log-densities so that far tails do not underflow to log 0."""
    return np.sum(np.exp(log_a) * (log_a - log_b)) * dx


# Target: two well-separated modes of unequal weight, as a log-density.
w = 0.6
log_p = np.logaddexp(np.log(w) + log_normal(x, -2.5, 0.7), np.log(1 - w) + log_normal(x, 2.5, 0.7))
p = np.exp(log_p)
log_q0 = log_normal(x, 1.0, 1.5)
entropy_p = -np.sum(p * log_p) * dx
cross = -np.sum(p * log_q0) * dx
print(f"H(p) = {entropy_p:.3f} nats, H(p, q) = {cross:.3f}, KL(p || q) = {kl(log_p, log_q0):.3f}, "
      f"KL(q || p) = {kl(log_q0, log_p):.3f}")
print(f"H(p) + KL(p || q) = H(p, q): {abs(entropy_p + kl(log_p, log_q0) - cross) < 1e-9}")

# Mutual information of a bivariate Gaussian with correlation rho: KL(p(x, y) || p(x) p(y)).
rho = 0.8
g = np.linspace(-6, 6, 601)
X, Y = np.meshgrid(g, g, indexing="ij")
joint = np.exp(-(X**2 - 2 * rho * X * Y + Y**2) / (2 * (1 - rho**2))) / (2 * np.pi * np.sqrt(1 - rho**2))
dg = g[1] - g[0]
px, py = joint.sum(1) * dg, joint.sum(0) * dg
mi = np.sum(joint * np.log(joint / np.outer(px, py))) * dg * dg
print(f"mutual information, Gaussian pair with rho = {rho}: {mi:.4f} nats on the grid, "
      f"-1/2 log(1 - rho^2) = {-0.5 * np.log(1 - rho**2):.4f}")

# Fit q = N(mu, sigma^2) to p under each direction of KL, by exhaustive search on a (mu, sigma) grid.
mus = np.round(np.arange(-4.0, 4.0001, 0.02), 2) + 0.0      # + 0.0 turns -0.0 into 0.0
sigmas = np.round(np.arange(0.3, 4.0001, 0.01), 2)
fwd = np.empty((len(mus), len(sigmas)))
rev = np.empty_like(fwd)
for j, s in enumerate(sigmas):
    log_q = log_normal(x[None, :], mus[:, None], s)
    fwd[:, j] = np.sum(p * (log_p - log_q), axis=1) * dx
    rev[:, j] = np.sum(np.exp(log_q) * (log_q - log_p), axis=1) * dx
i_f, j_f = np.unravel_index(fwd.argmin(), fwd.shape)
i_r, j_r = np.unravel_index(rev.argmin(), rev.shape)
right = mus > 0                                          # the other basin of the reverse KL: a local minimum
i_l, j_l = np.unravel_index(rev[right].argmin(), rev[right].shape)
i_l += np.flatnonzero(right)[0]
mean_p = np.sum(x * p) * dx
std_p = np.sqrt(np.sum((x - mean_p) ** 2 * p) * dx)
fits = {"forward KL(p || q)": (mus[i_f], sigmas[j_f]), "reverse KL(q || p)": (mus[i_r], sigmas[j_r]),
        "reverse, local min": (mus[i_l], sigmas[j_l])}
print()
print(f"target: {w} N(-2.5, 0.7^2) + {1 - w:.1f} N(2.5, 0.7^2); its mean {mean_p:.3f}, its std {std_p:.3f}")
print(f"{'minimising':>20} {'mu':>6} {'sigma':>6} {'KL(p || q)':>11} {'KL(q || p)':>11}")
for name, (mu, s) in fits.items():
    log_q = log_normal(x, mu, s)
    print(f"{name:>20} {mu:>6.2f} {s:>6.2f} {kl(log_p, log_q):>11.3f} {kl(log_q, log_p):>11.3f}")
print(f"-log {w} = {-np.log(w):.3f} and -log {1 - w:.1f} = {-np.log(1 - w):.3f}: q sits on one component, "
      "where p is that component's weight times q")

fig, ax = plt.subplots(figsize=(6.4, 3.6), num="A two-mode target and the Gaussians that minimise forward and reverse KL")
ax.fill_between(x, p, color="#cccccc", label="target p (two modes)")
for (name, (mu, s)), color, style in zip(fits.items(), ["#3f6fb5", "#c0392b", "#c0392b"], ["-", "-", ":"]):
    ax.plot(x, np.exp(log_normal(x, mu, s)), color=color, linestyle=style,
            label=f"{name}: mu={mu:.2f}, sigma={s:.2f}")
ax.set_xlim(-7, 7)
ax.set_ylim(0, 0.85)
ax.set_xlabel("x")
ax.set_ylabel("density")
ax.legend(fontsize=8, loc="upper left")
fig.tight_layout()
plt.show()

assert abs(mean_p + 0.5) < 1e-9
assert abs(mi - (-0.5 * np.log(1 - rho**2))) < 1e-3
assert abs(mus[i_f] - mean_p) < 0.03 and abs(sigmas[j_f] - std_p) < 0.01 and abs(std_p**2 - 6.49) < 1e-6
assert abs(mus[i_r] + 2.5) < 0.05 and abs(sigmas[j_r] - 0.7) < 0.02 and abs(rev[i_r, j_r] + np.log(w)) < 0.005
assert abs(mus[i_l] - 2.5) < 0.05 and abs(rev[i_l, j_l] + np.log(1 - w)) < 0.005
