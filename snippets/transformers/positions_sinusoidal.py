"""Self-attention without positions is permutation-equivariant (a causal mask or position vectors break it);
the sinusoidal encodings of Vaswani et al. (2017) as a heatmap, and why a fixed offset is a linear map."""
import matplotlib.pyplot as plt
import numpy as np

rng = np.random.default_rng(0)
n, d = 8, 16
X = rng.normal(size=(n, d))
Wq, Wk, Wv = (rng.normal(0, 1 / np.sqrt(d), (d, d)) for _ in range(3))


def self_attention(X: np.ndarray, causal: bool = False) -> np.ndarray:
    s = (X @ Wq) @ (X @ Wk).T / np.sqrt(d)
    if causal:
        s = np.where(np.tril(np.ones((len(X), len(X)), dtype=bool)), s, -np.inf)
    w = np.exp(s - s.max(1, keepdims=True))
    return (w / w.sum(1, keepdims=True)) @ (X @ Wv)


def sinusoidal(n_pos: int, d: int) -> np.ndarray:
    """PE[pos, 2i] = sin(pos / 10000^(2i/d)), PE[pos, 2i+1] = cos(pos / 10000^(2i/d))."""
    angles = np.arange(n_pos)[:, None] / 10000 ** (np.arange(0, d, 2) / d)
    pe = np.empty((n_pos, d))
    pe[:, 0::2], pe[:, 1::2] = np.sin(angles), np.cos(angles)
    return pe


perm = rng.permutation(n)                  # reorder the tokens
PE = sinusoidal(n, d)
gap_plain = np.abs(self_attention(X[perm]) - self_attention(X)[perm]).max()
gap_pos = np.abs(self_attention(X[perm] + PE) - self_attention(X + PE)[perm]).max()
gap_causal = np.abs(self_attention(X[perm], True) - self_attention(X, True)[perm]).max()
print(f"permutation: {perm.tolist()}")
print(f"max |Attn(PX) - P Attn(X)|, no positions      : {'< 1e-12 (equivariant)' if gap_plain < 1e-12 else gap_plain}")
print(f"max |Attn(PX) - P Attn(X)|, sinusoids added   : {gap_pos:.2f}")
print(f"max |Attn(PX) - P Attn(X)|, causal mask only  : {gap_causal:.2f}")
assert gap_plain < 1e-12 and 0.9 < gap_pos < 1.2 and 1.8 < gap_causal < 2.1

# A fixed offset k is the same linear map (a rotation of each sin/cos pair) at every position.
d_model, k = 64, 5
PE = sinusoidal(200, d_model)
M = np.zeros((d_model, d_model))                                 # block-diagonal, depends on k only
for i, w in enumerate(1 / 10000 ** (np.arange(0, d_model, 2) / d_model)):
    c, s_ = np.cos(w * k), np.sin(w * k)
    M[2 * i:2 * i + 2, 2 * i:2 * i + 2] = [[c, -s_], [s_, c]]     # [sin, cos] of angle a -> of a + w k
err = np.abs(PE[:-k] @ M - PE[k:]).max()
print(f"PE[pos + {k}] = PE[pos] @ M_{k} for all {200 - k} positions, max error < 1e-12: {err < 1e-12}")
dots = PE[:150] @ PE[50:200].T                                    # dot products depend on the offset only
print(f"PE[p] . PE[p + 50] = {dots[0, 0]:.3f} for every p = 0..149: {np.ptp(np.diag(dots)) < 1e-9}")
assert err < 1e-12 and np.ptp(np.diag(dots)) < 1e-9 and abs(dots[0, 0] - 15.674) < 1e-3

fig, ax = plt.subplots(figsize=(7.2, 3.2), num="Heatmap of sinusoidal positional encodings: 100 positions "
                                                "by 64 dimensions, fast oscillation in low dimensions, slow in high")
im = ax.imshow(PE[:100].T, aspect="auto", cmap="RdBu", vmin=-1, vmax=1, interpolation="nearest")
ax.set(xlabel="position", ylabel="dimension (sin, cos pairs)", title="Sinusoidal positional encodings, d = 64")
fig.colorbar(im, ax=ax, fraction=0.04)
fig.tight_layout()
plt.show()
