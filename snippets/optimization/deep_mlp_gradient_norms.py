"""Backpropagated gradient norms, layer by layer, in a 50-layer tanh or sigmoid MLP at initialisation:
how they vanish or explode with the weight scale, and what residual connections and normalisation change."""
# output-tiny-values: vanished gradients and activations are real products of 50 small Jacobians
import matplotlib.pyplot as plt
import numpy as np

width, depth, batch = 128, 50, 128
rng = np.random.default_rng(0)
X = rng.normal(size=(batch, width))             # inputs with unit variance
G = rng.normal(size=(batch, width))
G /= np.linalg.norm(G)                          # dL/dh_50: a fixed random unit gradient at the top


def activation(name: str, a: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Value and elementwise derivative of tanh or the logistic sigmoid."""
    if name == "tanh":
        h = np.tanh(a)
        return h, 1 - h**2                      # tanh' <= 1
    s = 1 / (1 + np.exp(-a))
    return s, s * (1 - s)                       # sigmoid' <= 1/4


def layer_norm(a: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Normalise each row to zero mean and unit variance (no learned gain or bias)."""
    sd = np.sqrt(a.var(axis=1, keepdims=True) + 1e-5)
    return (a - a.mean(axis=1, keepdims=True)) / sd, sd


def layer_norm_backward(dy: np.ndarray, y: np.ndarray, sd: np.ndarray) -> np.ndarray:
    return (dy - dy.mean(axis=1, keepdims=True) - y * (dy * y).mean(axis=1, keepdims=True)) / sd


def error_signal_norms(act: str, gain: float, block: str) -> tuple[np.ndarray, float]:
    """||dL/dh_l|| for l = 0..depth. block: 'plain' h'=f(hW), 'residual' h'=h+f(hW),
    'pre-norm residual' h'=h+f(LN(h)W). Weights are N(0, gain^2/width)."""
    wrng = np.random.default_rng(1)             # the same weights for every block type
    Ws = [wrng.normal(0, gain / np.sqrt(width), (width, width)) for _ in range(depth)]
    h, cache = X, []
    for W in Ws:                                # forward pass, keeping what backprop needs
        u, sd = layer_norm(h) if block == "pre-norm residual" else (h, None)
        f, d = activation(act, u @ W)
        cache.append((u, sd, d))
        h = f if block == "plain" else h + f
    dh, norms = G, [1.0]
    for W, (u, sd, d) in zip(reversed(Ws), reversed(cache)):   # backward pass
        du = (dh * d) @ W.T                     # through the activation, then the weights
        if block == "pre-norm residual":
            du = layer_norm_backward(du, u, sd)
        dh = du if block == "plain" else dh + du   # a residual adds the identity path back
        norms.append(np.linalg.norm(dh))
    return np.array(norms[::-1]), float(h.std())


configs = [("plain", "tanh", 0.5), ("plain", "tanh", 1.0), ("plain", "tanh", 3.0), ("plain", "sigmoid", 1.0),
           ("residual", "tanh", 0.5), ("residual", "tanh", 3.0), ("residual", "sigmoid", 1.0),
           ("pre-norm residual", "tanh", 3.0), ("pre-norm residual", "sigmoid", 1.0)]
results, out_stds = {}, {}
print(f"{'block':<18}{'act':<8}{'gain':>5}{'||dL/dh_0|| / ||dL/dh_50||':>29}{'std of h_50':>13}")
for block, act, gain in configs:
    norms, out_std = error_signal_norms(act, gain, block)
    results[block, act, gain], out_stds[block, act, gain] = norms, out_std
    print(f"{block:<18}{act:<8}{gain:>5.1f}{norms[0]:>29.1e}{out_std:>13.1e}")

r = {k: v[0] for k, v in results.items()}
assert 1e-17 < r["plain", "tanh", 0.5] < 1e-14 and 0.03 < r["plain", "tanh", 1.0] < 0.3
assert 1e5 < r["plain", "tanh", 3.0] < 1e8 and r["plain", "sigmoid", 1.0] < 1e-28
assert 1 < r["residual", "tanh", 0.5] < 30 and 0.5 < r["residual", "sigmoid", 1.0] < 3
assert 1e3 < r["residual", "tanh", 3.0] < 1e5                        # a residual alone is not enough
assert out_stds["plain", "tanh", 0.5] < 1e-12 and 0.7 < out_stds["plain", "tanh", 3.0] < 0.95   # bounded, healthy-looking
assert all(1 < r["pre-norm residual", a, g] < 100 for a, g in (("tanh", 3.0), ("sigmoid", 1.0)))

fig, axes = plt.subplots(1, 2, figsize=(9.6, 3.8), sharey=True,
                         num="log10 of the backpropagated gradient norm against layer index in a 50-layer MLP: "
                             "plain tanh and sigmoid stacks vanish or explode, residual and pre-norm residual "
                             "stacks keep it within a few orders of magnitude")
layers = np.arange(depth + 1)
for (block, act, gain), norms in results.items():
    ax = axes[0] if block == "plain" else axes[1]
    label = f"{act} x{gain:g}" if block == "plain" else f"{block}, {act} x{gain:g}"
    ax.plot(layers, np.log10(norms), label=label, ls="-" if act == "tanh" else "--")
axes[0].set(title="Plain stacks", xlabel="layer l (0 = input side)", ylabel="log10 ||dL/dh_l||")
axes[1].set(title="Residual and pre-norm residual stacks", xlabel="layer l (0 = input side)")
for ax in axes:
    ax.axhline(0, color="gray", lw=0.8)
    ax.legend(fontsize=7, loc="lower right")
fig.tight_layout()
plt.show()
