"""Scaled dot-product and multi-head self-attention from scratch in NumPy, with a causal mask;
checks that the weights are distributions, that the mask hides the future, and that h heads cost
about as much as one full-width head."""
import numpy as np

rng = np.random.default_rng(0)


def softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=-1, keepdims=True)          # max-subtraction: no overflow
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


def attention(Q: np.ndarray, K: np.ndarray, V: np.ndarray, causal: bool = False):
    """softmax(Q K^T / sqrt(d_k)) V, for Q (n, d_k), K (m, d_k), V (m, d_v)."""
    scores = Q @ K.T / np.sqrt(K.shape[-1])
    if causal:                                     # query i may only see keys j <= i
        scores = np.where(np.tril(np.ones(scores.shape, dtype=bool)), scores, -np.inf)
    A = softmax(scores)
    return A @ V, A


def multi_head(X: np.ndarray, P: dict, h: int, causal: bool = False) -> np.ndarray:
    """Project, split d_model into h heads of d_model/h, attend per head, concatenate, project."""
    n, d_model = X.shape
    d_k = d_model // h
    Q, K, V = X @ P["Wq"], X @ P["Wk"], X @ P["Wv"]          # each (n, d_model)
    heads = [attention(Q[:, i * d_k:(i + 1) * d_k], K[:, i * d_k:(i + 1) * d_k],
                       V[:, i * d_k:(i + 1) * d_k], causal)[0] for i in range(h)]
    return np.concatenate(heads, axis=1) @ P["Wo"]


n, d_model, h = 6, 16, 4
X = rng.normal(size=(n, d_model))
P = {k: rng.normal(0, 1 / np.sqrt(d_model), (d_model, d_model)) for k in ("Wq", "Wk", "Wv", "Wo")}

# 1. One head, causal: the weight matrix is lower-triangular and every row sums to 1.
_, A = attention(X @ P["Wq"], X @ P["Wk"], X @ P["Wv"], causal=True)
print("causal attention weights (row = query position, column = key position):")
for i, row in enumerate(A):
    print(f"  q{i}  " + " ".join(f"{w:5.2f}" for w in row))
assert np.allclose(A.sum(axis=1), 1) and np.all(np.triu(A, k=1) == 0)

# 2. The mask really hides the future: change the last two tokens, earlier outputs do not move.
Y = multi_head(X, P, h, causal=True)
X2 = X.copy()
X2[4:] = rng.normal(size=(2, d_model))
Y2 = multi_head(X2, P, h, causal=True)
print("max change of outputs 0-3 after editing tokens 4-5:",
      f"causal {'< 1e-12' if np.abs(Y2[:4] - Y[:4]).max() < 1e-12 else 'LEAK'},",
      f"unmasked {np.abs(multi_head(X2, P, h)[:4] - multi_head(X, P, h)[:4]).max():.2f}")
assert np.abs(Y2[:4] - Y[:4]).max() < 1e-12

# 3. Cost: h heads of width d_model/h need the same projections as one head of width d_model,
#    and the score computation QK^T costs n*n*d_model multiply-adds either way.
flops_scores = {heads: heads * n * n * (d_model // heads) for heads in (1, 2, 4, 8)}
print("multiply-adds for the scores QK^T, by number of heads:", flops_scores)
assert len(set(flops_scores.values())) == 1
