"""Four layer types applied to the same sequence of T positions with d features each (NumPy):
how many parameters each needs, and which outputs change when one input position changes."""
import numpy as np

D = 32  # features per position


def softmax(z: np.ndarray) -> np.ndarray:
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def make_layers(T: int, rng: np.random.Generator) -> dict:
    """Each layer maps a (T, D) array to a (T, D) array; returns (forward, parameter list)."""
    w = lambda *shape: rng.normal(0.0, 1.0 / np.sqrt(shape[-2]), shape)
    # Dense: every output unit has its own weight to every input unit (flattened T*D).
    Wd, bd = w(T * D, T * D), np.zeros(T * D)
    dense = lambda x: (x.reshape(-1) @ Wd + bd).reshape(T, D)
    # 1-D convolution, kernel 3, 'same' padding: one small weight set reused at every position.
    Wc, bc = w(3, D, D), np.zeros(D)
    def conv(x):
        xp = np.pad(x, ((1, 1), (0, 0)))
        return sum(xp[k:k + T] @ Wc[k] for k in range(3)) + bc
    # Elman RNN: h_t = tanh(x_t Wx + h_{t-1} Wh + b), the same weights at every step.
    Wx, Wh, bh = w(D, D), w(D, D), np.zeros(D)
    def rnn(x):
        h, out = np.zeros(D), []
        for t in range(T):
            h = np.tanh(x[t] @ Wx + h @ Wh + bh)
            out.append(h)
        return np.stack(out)
    # Single-head self-attention: weights depend on D only; mixing weights are computed from x.
    Wq, Wk, Wv, Wo = (w(D, D) for _ in range(4))
    bq, bk, bv, bo = (np.zeros(D) for _ in range(4))
    def attention(x):
        q, k, v = x @ Wq + bq, x @ Wk + bk, x @ Wv + bv
        return softmax(q @ k.T / np.sqrt(D)) @ v @ Wo + bo
    return {"dense (fully connected)": (dense, [Wd, bd]),
            "1-D convolution, k=3": (conv, [Wc, bc]),
            "recurrent (Elman RNN)": (rnn, [Wx, Wh, bh]),
            "self-attention, 1 head": (attention, [Wq, Wk, Wv, Wo, bq, bk, bv, bo])}


rng = np.random.default_rng(0)
small, large = make_layers(16, rng), make_layers(64, rng)
x = rng.normal(size=(16, D))
x_changed = x.copy()
x_changed[8] += 1.0  # perturb input position 8 only

print(f"D = {D} features per position; parameters for sequence length T, and reach at T = 16")
print(f"{'layer':<25}{'params, T=16':>14}{'params, T=64':>14}   outputs changed by input 8")
counts = {}
for name in small:
    f, params = small[name]
    counts[name] = (sum(p.size for p in params), sum(p.size for p in large[name][1]))
    changed = np.flatnonzero(np.abs(f(x_changed) - f(x)).max(axis=1) > 1e-12)
    reach = f"{len(changed):2d} (positions {changed.min()}-{changed.max()})"
    print(f"{name:<25}{counts[name][0]:>14,}{counts[name][1]:>14,}   {reach}")

assert counts["dense (fully connected)"] == (512 * 512 + 512, 2048 * 2048 + 2048)
assert counts["1-D convolution, k=3"] == (3 * D * D + D,) * 2
assert counts["recurrent (Elman RNN)"] == (2 * D * D + D,) * 2
assert counts["self-attention, 1 head"] == (4 * (D * D + D),) * 2
