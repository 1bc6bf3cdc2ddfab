"""FID in NumPy (matrix square root by eigen-decomposition) on low-dimensional features: full coverage,
mode collapse, dropped modes, a shifted sample, and the upward bias of FID at small sample sizes."""
import matplotlib.pyplot as plt
import numpy as np

rng = np.random.default_rng(0)


def sqrtm_psd(a: np.ndarray) -> np.ndarray:
    vals, vecs = np.linalg.eigh((a + a.T) / 2)
    return (vecs * np.sqrt(np.clip(vals, 0, None))) @ vecs.T


def fid(x: np.ndarray, y: np.ndarray) -> float:
    """||mu_x - mu_y||^2 + Tr(S_x + S_y - 2 (S_x^1/2 S_y S_x^1/2)^1/2) for Gaussians fitted to x and y."""
    mx, my = x.mean(0), y.mean(0)
    sx, sy = np.atleast_2d(np.cov(x, rowvar=False)), np.atleast_2d(np.cov(y, rowvar=False))
    rx = sqrtm_psd(sx)
    return float(np.sum((mx - my) ** 2) + np.trace(sx + sy - 2 * sqrtm_psd(rx @ sy @ rx)))


# Check: for 1-D Gaussians FID = (mu1 - mu2)^2 + (sd1 - sd2)^2.
a, b = rng.normal(1, 2, 200_000)[:, None], rng.normal(0, 1, 200_000)[:, None]
print(f"1-D check: FID {fid(a, b):.3f}, closed form (1-0)^2 + (2-1)^2 = 2.000")
assert abs(fid(a, b) - 2) < 0.03

# Toy "features": 8 Gaussian modes on a circle of radius 2.
angles = np.arange(8) * np.pi / 4
centres = 2 * np.column_stack([np.cos(angles), np.sin(angles)])


def ring(n: int, modes=range(8), sd: float = 0.1, shift=(0.0, 0.0)) -> np.ndarray:
    k = rng.choice(list(modes), size=n)
    return centres[k] + sd * rng.standard_normal((n, 2)) + np.array(shift)


def modes_covered(x: np.ndarray) -> int:
    """Modes that receive at least 2% of the points lying within 0.5 of some centre."""
    d = np.linalg.norm(x[:, None, :] - centres[None], axis=2)
    counts = np.bincount(d.argmin(1)[d.min(1) < 0.5], minlength=8)
    return int(np.sum(counts >= 0.02 * len(x)))


real = ring(5000)
generators = {"full coverage (fresh sample)": ring(5000),
              "collapsed to 1 mode": ring(5000, modes=[0]),
              "every other mode (4 of 8)": ring(5000, modes=[0, 2, 4, 6]),
              "all 8 modes, shifted by 0.5": ring(5000, shift=(0.5, 0.0)),
              "all 8 modes, 3x wider (blurrier)": ring(5000, sd=0.3)}
print(f"\n{'generated sample (n = 5,000)':<36}{'FID':>8}{'modes covered':>15}")
scores = {}
for name, x in generators.items():
    scores[name] = fid(real, x)
    print(f"{name:<36}{scores[name]:>8.3f}{modes_covered(x):>11} of 8")
s = list(scores.values())
assert s[0] < 0.01 and 7.3 < s[1] < 7.8 and s[2] < 0.01 and 0.25 < s[3] < 0.32 and s[4] < 0.01, s

# Bias: FID between two independent samples of the SAME distribution, for growing n (mean of 20 repeats).
# For two N(0, I_d) samples, a first-order expansion gives E[FID] = (2d + d(d+1)/2) / n.
sizes = [100, 200, 400, 800, 1600, 3200]
print("\nFID between two samples of the same distribution (true value 0), mean of 20 repeats")
print(f"{'n':>6}{'2-D ring':>10}{'64-D Gaussian':>15}{'first-order formula':>21}")
bias = {"2-D ring": [], "64-D Gaussian": []}
for n in sizes:
    bias["2-D ring"].append(np.mean([fid(ring(n), ring(n)) for _ in range(20)]))
    bias["64-D Gaussian"].append(np.mean([fid(rng.standard_normal((n, 64)), rng.standard_normal((n, 64)))
                                          for _ in range(20)]))
    formula = (2 * 64 + 64 * 65 / 2) / n
    print(f"{n:>6}{bias['2-D ring'][-1]:>10.3f}{bias['64-D Gaussian'][-1]:>15.2f}{formula:>21.2f}")
    assert abs(bias["64-D Gaussian"][-1] / formula - 1) < 0.1
assert np.all(np.diff(bias["64-D Gaussian"]) < 0) and 20 < bias["64-D Gaussian"][0] < 24

# The bias depends on the generator, so a fixed n can flip a ranking. Real: N(0, I_64).
# A: covariance 1.2^2 I (true FID 64 * 0.2^2 = 2.56); B: mean shifted, identity covariance (true FID 3.00).
shift = np.full(64, np.sqrt(3.0 / 64))
print(f"\n{'n per set':>10}{'FID A (true 2.56)':>19}{'FID B (true 3.00)':>19}   ranked better")
rank = {}
for n in (500, 20_000):
    fa = np.mean([fid(rng.standard_normal((n, 64)), 1.2 * rng.standard_normal((n, 64))) for _ in range(5)])
    fb = np.mean([fid(rng.standard_normal((n, 64)), rng.standard_normal((n, 64)) + shift) for _ in range(5)])
    rank[n] = "A" if fa < fb else "B"
    print(f"{n:>10,}{fa:>19.2f}{fb:>19.2f}   {rank[n]}")
assert rank[500] == "B" and rank[20_000] == "A"

fig, (ax_pts, ax_bias) = plt.subplots(1, 2, figsize=(9.6, 3.8), layout="constrained",
                                      num="Ring-of-eight-modes features with a collapsed and a half-mode "
                                          "generator, and FID against sample size")
shown = [(real[:240], "real", "o", "0.6"),
         (generators["collapsed to 1 mode"][:60], "collapsed to 1 mode", "x", "tab:red"),
         (generators["every other mode (4 of 8)"][:120], "4 of 8 modes", "+", "tab:green")]
for x, label, marker, color in shown:
    ax_pts.plot(x[:, 0], x[:, 1], marker, color=color, ms=3, alpha=0.7, ls="none", label=label)
ax_pts.set(aspect="equal", title=f"FID: collapsed {s[1]:.2f}, 4 of 8 modes {s[2]:.3f}", xlabel="feature 1",
           ylabel="feature 2")
ax_pts.legend(fontsize=8, loc="center")
for name, vals in bias.items():
    ax_bias.loglog(sizes, vals, "o-", label=name)
ax_bias.set(xlabel="samples per set, n", ylabel="FID of two same-distribution sets",
            title="FID is biased upwards, about 1/n")
ax_bias.legend()
plt.show()
