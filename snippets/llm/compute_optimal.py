"""Compute-optimal model size N and training tokens D for a budget C, with C ~ 6ND: the ~20 tokens per
parameter rule of thumb, Kaplan's and Hoffmann's exponents, and the optimum of two fitted loss surfaces."""
import matplotlib.pyplot as plt
import numpy as np

# L(N, D) = E + A / N^alpha + B / D^beta: Hoffmann et al. (2022) as published (rounded), and the
# refit of Besiroglu et al. (2024) to data extracted from Hoffmann et al.'s figures.
FITS = {"Hoffmann fit": dict(E=1.69, A=406.4, B=410.7, alpha=0.34, beta=0.28),
        "Besiroglu refit": dict(E=1.8172, A=482.01, B=2085.43, alpha=0.3478, beta=0.3658)}


def loss(N: float, D: float, E: float, A: float, B: float, alpha: float, beta: float) -> float:
    return E + A / N**alpha + B / D**beta


def fit_optimum(C: float, E: float, A: float, B: float, alpha: float, beta: float) -> tuple[float, float]:
    """Minimise E + A N^-alpha + B D^-beta subject to 6 N D = C (closed form)."""
    G = (alpha * A / (beta * B)) ** (1 / (alpha + beta))
    N = G * (C / 6) ** (beta / (alpha + beta))
    return N, C / (6 * N)


def rule_of_thumb(C: float, tokens_per_param: float = 20.0) -> tuple[float, float]:
    """C = 6 N D with D = r N  =>  N = sqrt(C / (6 r))."""
    N = np.sqrt(C / (6 * tokens_per_param))
    return N, tokens_per_param * N


C_chin = 6 * 70e9 * 1.4e12            # Chinchilla: 70B parameters, 1.4T tokens
C_goph = 6 * 280e9 * 300e9            # Gopher: 280B parameters, 300B tokens
print(f"C = 6ND: Chinchilla {C_chin:.2e} FLOPs, Gopher {C_goph:.2e} FLOPs")
print(f"{'budget C':>9} |{'20 tokens/param':^19}|{'Hoffmann fit':^17}|{'Besiroglu refit':^17}")
print(f"{'':>9} |{'N':>9}{'D':>10}|{'N':>9}{'D/N':>8}|{'N':>9}{'D/N':>8}")
ratios = {}
for C in [1e19, 1e21, 1e23, C_chin, 1e25]:
    n20, d20 = rule_of_thumb(C)
    line = f"{C:>9.1e} |{n20:>9.1e}{d20:>10.1e}|"
    for name, p in FITS.items():
        n, d = fit_optimum(C, **p)
        ratios[name, C] = d / n
        line += f"{n:>9.1e}{d / n:>8.0f}|"
    print(line)
n20, d20 = rule_of_thumb(C_chin)
assert abs(n20 / 70e9 - 1) < 0.01 and abs(d20 / 1.4e12 - 1) < 0.01, (n20, d20)
assert 80 < ratios["Hoffmann fit", C_chin] < 100 and 15 < ratios["Besiroglu refit", C_chin] < 22, ratios

print("10x more compute multiplies the optimal N and D by:")
for name, a in [("equal scaling, a = 0.5", 0.5), ("Kaplan et al., N ~ C^0.73", 0.73)] + [
        (f"{k}, a = beta/(alpha+beta) = {p['beta'] / (p['alpha'] + p['beta']):.2f}",
         p["beta"] / (p["alpha"] + p["beta"])) for k, p in FITS.items()]:
    print(f"  {name:<45} N x{10**a:5.2f}   D x{10**(1 - a):5.2f}")

p = FITS["Hoffmann fit"]
L_chin, L_goph = loss(70e9, 1.4e12, **p), loss(280e9, 300e9, **p)
print(f"Hoffmann fit: Chinchilla (70B, 1.4T) {L_chin:.3f}  vs  Gopher (280B, 300B) {L_goph:.3f}")
assert L_chin < L_goph and C_chin / C_goph < 1.2 and abs(L_chin - 1.937) < 0.002 and abs(L_goph - 1.993) < 0.002

fig, ax = plt.subplots(figsize=(6.4, 3.6),
                       num="IsoFLOP curves of two fitted loss surfaces at Chinchilla's compute budget")
Ns = np.logspace(9.5, 12, 200)
for (name, p), color in zip(FITS.items(), ["tab:blue", "tab:orange"]):
    ax.semilogx(Ns, [loss(n, C_chin / (6 * n), **p) for n in Ns], color=color, label=name)
    n_opt, d_opt = fit_optimum(C_chin, **p)
    ax.plot(n_opt, loss(n_opt, d_opt, **p), "s", color=color)
ax.axvline(70e9, color="k", ls=":", lw=1, label="Chinchilla, 70B")
ax.set(xlabel="parameters N (tokens D = C / 6N)", ylabel="fitted loss L(N, D)",
       title=f"Same compute C = {C_chin:.1e} FLOPs (squares: minima)")
ax.legend(fontsize=8)
fig.tight_layout()
plt.show()
