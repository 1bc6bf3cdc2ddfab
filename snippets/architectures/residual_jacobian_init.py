"""Plain vs residual ReLU stacks of width 64 at initialisation: the input-output Jacobian is a product of
per-layer Jacobians; an identity path keeps it well conditioned, gradients large and unshattered."""
import matplotlib.pyplot as plt
import numpy as np

n = 64
rng = np.random.default_rng(0)


def make(L: int, residual: bool) -> list:
    """He-initialised weights; a residual block is h + W2 relu(W1 h) / sqrt(L), no ReLU after the sum."""
    if residual:
        return [(rng.normal(0, np.sqrt(2 / n), (n, n)), rng.normal(0, np.sqrt(1 / n), (n, n)) / np.sqrt(L))
                for _ in range(L)]
    return [rng.normal(0, np.sqrt(2 / n), (n, n)) for _ in range(L)]


def forward(x: np.ndarray, layers: list, residual: bool) -> tuple[np.ndarray, list]:
    """Returns h_L and, per layer, what the backward pass needs (ReLU masks)."""
    h, masks = x, []
    for p in layers:
        a = (p[0] if residual else p) @ h
        masks.append(a > 0)
        h = h + p[1] @ np.maximum(a, 0) if residual else np.maximum(a, 0)
    return h, masks


def input_grad(x: np.ndarray, layers: list, residual: bool, u: np.ndarray) -> np.ndarray:
    """Gradient of u . h_L with respect to x: the backward pass, u^T J_L ... J_1, one layer at a time."""
    g = u
    for p, m in zip(reversed(layers), reversed(forward(x, layers, residual)[1])):
        if residual:                                    # J_l = I + W2 diag(relu') W1
            g = g + p[0].T @ (m * (p[1].T @ g))
        else:                                           # J_l = diag(relu') W
            g = p.T @ (m * g)
    return g


def jacobian(x: np.ndarray, layers: list, residual: bool) -> np.ndarray:
    """The full product J = J_L ... J_1 (n x n), for its singular values."""
    J = np.eye(n)
    for p, m in zip(layers, forward(x, layers, residual)[1]):
        J = (J + p[1] @ (m[:, None] * (p[0] @ J))) if residual else m[:, None] * (p @ J)
    return J


depths, n_nets, n_jac = [1, 3, 10, 30, 100], 100, 20
stats, spectra = {}, {}
for L in depths:
    for residual in (False, True):
        norms, ranks, corr = [], [], []
        for k in range(n_nets):
            layers = make(L, residual)
            x = rng.normal(size=n)
            u = rng.normal(size=n)
            u /= np.linalg.norm(u)                            # a unit gradient arriving at the top
            g = input_grad(x, layers, residual, u)
            g_near = input_grad(x + 0.1 * rng.normal(size=n), layers, residual, u)
            norms.append(np.linalg.norm(g))
            corr.append(g @ g_near / (np.linalg.norm(g) * np.linalg.norm(g_near)))
            if k < n_jac:
                J = jacobian(x, layers, residual)
                assert np.allclose(J.T @ u, g)                # the same gradient, two ways
                s = np.linalg.svd(J, compute_uv=False)
                ranks.append(s.sum() ** 2 / (s ** 2).sum())   # effective rank of the Jacobian
                if L == 30 and k == 0:
                    spectra[residual] = s
        stats[L, residual] = (np.percentile(norms, [10, 50, 90]), np.median(ranks), np.mean(corr))

print(f"width {n}; {n_nets} random networks and inputs per row ({n_jac} for the rank); "
      f"||grad|| = ||J^T u||, u a unit vector at the top")
print(f"{'':>5} {'plain ReLU stack':^34} {'residual stack':^34}")
print(f"{'depth':>5}" + f" {'||grad|| p10/med/p90':>21} {'rank':>5} {'corr':>6}" * 2)
for L in depths:
    line = f"{L:5d}"
    for residual in (False, True):
        (p10, med, p90), rank, corr = stats[L, residual]
        line += f" {p10:7.3f}{med:7.3f}{p90:7.3f} {rank:5.1f} {corr:6.2f}"
    print(line)

plain1, plain100, res100 = stats[1, False], stats[100, False], stats[100, True]
assert 0.11 < plain100[0][1] < 0.17 and plain100[0][2] / plain100[0][0] > 40    # "about 0.14", "> 40x"
assert 1.4 < res100[0][1] < 1.9 and res100[0][2] / res100[0][0] < 1.6           # "near 1.6", narrow
assert 26 < plain1[1] < 29 and plain100[1] < 1.5                                # rank "28 -> 1"
assert all(stats[L, True][1] > 40 for L in depths)                              # "above 40"
assert plain1[2] > 0.97 and 0.2 < plain100[2] < 0.35                            # "0.98 -> 0.27"
assert all(stats[L, True][2] > 0.965 for L in depths)                           # "0.97 at every depth"
assert all(stats[a, False][1] > stats[b, False][1] for a, b in zip(depths, depths[1:]))
assert 0.5 < stats[10, False][0][1] < 1.5 and stats[10, False][1] < 8           # moderate depth
assert spectra[True].min() > 0.1 and spectra[False].min() < 1e-6 < spectra[False].max()

fig, axes = plt.subplots(1, 2, figsize=(7.2, 3.4),
                         num="Left: singular values of the input-output Jacobian of a 30-layer plain and "
                             "residual ReLU stack; right: correlation of input gradients at nearby inputs "
                             "against depth")
axes[0].semilogy(np.arange(1, n + 1), spectra[False], ".-", label="plain")
axes[0].semilogy(np.arange(1, n + 1), spectra[True], ".-", label="residual")
axes[0].axhline(1e-15 * spectra[False].max(), color="grey", ls=":", lw=0.8,
                label="round-off level: numerically zero below")
axes[0].set(xlabel="index", ylabel="singular value of J (log)", title="Jacobian spectrum, depth 30",
            ylim=(1e-18, 1e3))
axes[0].legend(fontsize=8, loc="upper right")
for residual, label in ((False, "plain"), (True, "residual")):
    axes[1].semilogx(depths, [stats[L, residual][2] for L in depths], "o-", label=label)
axes[1].set(xlabel="depth (layers or blocks)", ylabel="mean gradient correlation",
            title="Nearby inputs, similar gradients?", ylim=(0, 1.05))
axes[1].legend(fontsize=8)
fig.tight_layout()
plt.show()
