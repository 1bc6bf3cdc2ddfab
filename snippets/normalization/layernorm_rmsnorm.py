"""BatchNorm, LayerNorm and RMSNorm in NumPy: the axes each normalizes over, what each is invariant to,
and the gradient norms of stacked pre-LN and post-LN residual blocks at initialisation (MLP blocks, no attention)."""
import matplotlib.pyplot as plt
import numpy as np

EPS = 1e-5


def batch_norm(x):  # x: (tokens, features); statistics per feature, over the batch
    return (x - x.mean(0)) / np.sqrt(x.var(0) + EPS)


def layer_norm(x):  # statistics per token, over its features
    return (x - x.mean(-1, keepdims=True)) / np.sqrt(x.var(-1, keepdims=True) + EPS)


def rms_norm(x):    # no centring: divide by the root mean square over the features
    return x / np.sqrt((x**2).mean(-1, keepdims=True) + EPS)


rng = np.random.default_rng(0)
x = 3.0 + 2.0 * rng.standard_normal((6, 16))          # 6 tokens, 16 features
norms = {"BatchNorm": batch_norm, "LayerNorm": layer_norm, "RMSNorm": rms_norm}
print(f"{'':<10}{'token 0 mean':>14}{'token 0 rms':>13}{'feature 0 mean':>16}")
for name, f in norms.items():
    y = f(x)
    m_tok, rms_tok, m_feat = (round(float(v), 3) + 0.0 for v in (y[0].mean(), np.sqrt((y[0]**2).mean()), y[:, 0].mean()))
    print(f"{name:<10}{m_tok:>14.3f}{rms_tok:>13.3f}{m_feat:>16.3f}")

# Invariances: largest change in token 0's output under each transformation of the input.
W = rng.standard_normal((16, 16)) / 4
h = x @ W
tests = {
    "scale token 0 x3": lambda h: h * np.r_[3.0, np.ones(5)][:, None],
    "shift token 0 +2": lambda h: h + np.r_[2.0, np.zeros(5)][:, None],
    "change token 5": lambda h: np.vstack([h[:5], 10 * h[5:]]),
    "weights W x3": lambda h: 3 * h,
}
print("\nmax |change| in token 0's output")
print(f"{'':<10}" + "".join(f"{t:>18}" for t in tests))
inv = {}
for name, f in norms.items():
    inv[name] = [np.abs(f(t(h))[0] - f(h)[0]).max() for t in tests.values()]
    print(f"{name:<10}" + "".join(f"{round(float(v), 3) + 0.0:>18.3f}" for v in inv[name]))
assert max(inv["LayerNorm"][0], inv["LayerNorm"][1], inv["LayerNorm"][2], inv["LayerNorm"][3]) < 1e-3
assert inv["RMSNorm"][0] < 1e-3 and inv["RMSNorm"][1] > 0.1 and inv["RMSNorm"][3] < 1e-3
assert inv["BatchNorm"][0] > 0.1 and 1.5 < inv["BatchNorm"][2] < 1.75 and inv["BatchNorm"][3] < 1e-3
assert 0.55 < inv["RMSNorm"][1] < 0.65 and 0.75 < rms_norm(x)[0].mean() < 0.85


# Stacked residual blocks with a ReLU MLP branch F (d -> 4d -> d), Xavier-initialised.
def ln_backward(g, xh, sd):
    return (g - g.mean(-1, keepdims=True) - xh * (g * xh).mean(-1, keepdims=True)) / sd


def ln_forward(x):
    sd = np.sqrt(x.var(-1, keepdims=True) + EPS)
    xh = (x - x.mean(-1, keepdims=True)) / sd
    return xh, (xh, sd)


def grads(kind: str, Ws: list, x: np.ndarray, R: np.ndarray) -> tuple[float, list]:
    """Loss sum(out * R) / T and the gradient norm of each block's second weight matrix."""
    caches = []
    for W1, W2 in Ws:
        u, c_ln = ln_forward(x) if kind == "pre" else (x, None)
        a = u @ W1
        f = np.maximum(a, 0) @ W2
        if kind == "post":                            # post-LN: x <- LN(x + F(x))
            x, c_ln = ln_forward(x + f)
        else:                                         # pre-LN:  x <- x + F(LN(x))
            x = x + f
        caches.append((u, a, c_ln))
    out, c_final = ln_forward(x) if kind == "pre" else (x, None)   # pre-LN ends with a final LayerNorm
    loss = (out * R).sum() / len(R)
    g = R / len(R)
    if kind == "pre":
        g = ln_backward(g, *c_final)
    gW2 = [0.0] * len(Ws)
    for l in reversed(range(len(Ws))):
        (W1, W2), (u, a, c_ln) = Ws[l], caches[l]
        if kind == "post":
            g = ln_backward(g, *c_ln)
        gW2[l] = np.maximum(a, 0).T @ g
        gu = ((g @ W2.T) * (a > 0)) @ W1.T
        g = g + (ln_backward(gu, *c_ln) if kind == "pre" else gu)
    return loss, gW2


def init(L: int, d: int, seed: int) -> list:
    r = np.random.default_rng(seed)
    s = np.sqrt(2 / (5 * d))
    return [(r.normal(0, s, (d, 4 * d)), r.normal(0, s, (4 * d, d))) for _ in range(L)]


# Gradient check of the hand-written backward pass on a small stack.
for kind in ["pre", "post"]:
    Ws, xs, Rs = init(3, 8, 1), rng.standard_normal((5, 8)), rng.standard_normal((5, 8))
    _, g = grads(kind, Ws, xs, Rs)
    W2 = Ws[0][1]
    num = np.zeros_like(W2)
    for i in np.ndindex(W2.shape):
        old = W2[i]
        W2[i] = old + 1e-6
        lp = grads(kind, Ws, xs, Rs)[0]
        W2[i] = old - 1e-6
        lm = grads(kind, Ws, xs, Rs)[0]
        W2[i] = old
        num[i] = (lp - lm) / 2e-6
    assert np.linalg.norm(num - g[0]) / np.linalg.norm(num) < 1e-6, kind
print("\ngradient check of both backward passes: relative error < 1e-6")

d, T, depths, seeds = 64, 64, [6, 12, 24, 48], [0, 1, 2]
print(f"norm of the last block's weight gradient at initialisation (d = {d}, {T} tokens, mean of 3 seeds)")
print(f"{'blocks L':>9}{'post-LN':>10}{'pre-LN':>10}{'post / pre':>12}")
last, profiles = {}, {}
for L in depths:
    res = {}
    for kind in ["post", "pre"]:
        per_seed = []
        for s in seeds:
            r = np.random.default_rng(100 + s)
            _, g = grads(kind, init(L, d, s), r.standard_normal((T, d)), r.standard_normal((T, d)))
            per_seed.append([np.linalg.norm(gl) for gl in g])
        res[kind] = np.mean(per_seed, axis=0)
        if L == 24:
            profiles[kind] = res[kind]
    last[L] = (res["post"][-1], res["pre"][-1])
    print(f"{L:>9}{last[L][0]:>10.2f}{last[L][1]:>10.2f}{last[L][0] / last[L][1]:>12.2f}")
assert all(5.6 < last[L][0] < 6.3 for L in depths) and 3.7 < last[6][1] < 4.0 and 1.6 < last[48][1] < 1.8
assert 1.4 < last[6][0] / last[6][1] < 1.55 and 3.3 < last[48][0] / last[48][1] < 3.5
assert last[6][1] > last[12][1] > last[24][1] > last[48][1] and last[48][0] / last[48][1] > 3

fig, ax = plt.subplots(figsize=(6.4, 3.4), num="Gradient norm of each block's second weight matrix at "
                       "initialisation in a 24-block stack, post-LN against pre-LN")
for kind, lab in [("post", "post-LN: x = LN(x + F(x))"), ("pre", "pre-LN: x = x + F(LN(x))")]:
    ax.plot(np.arange(1, 25), profiles[kind], marker="o", ms=3, label=lab)
ax.set(xlabel="block index (1 = nearest the input)", ylabel="gradient norm", ylim=(0, None),
       title="24 residual MLP blocks at initialisation")
ax.legend()
fig.tight_layout()
plt.show()
