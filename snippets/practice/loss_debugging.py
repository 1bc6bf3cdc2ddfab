"""Debugging a training run on a 64-64-10 ReLU network and load_digits: the loss at initialisation against
ln(10), overfitting one batch (and a bug that cannot), a naive softmax that returns NaN where log-sum-exp
does not, and a learning-rate sweep with and without clipping the global gradient norm."""
import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import load_digits

X, y = load_digits(return_X_y=True)
X = X / 16.0 - (X / 16.0).mean(0)                        # pixels scaled to [0, 1], then centred
n, d, K = X.shape[0], X.shape[1], 10
Y = np.eye(K)[y]


def mm(a, b):
    """Matrix product without BLAS: the same rounding on every CPU, which a diverging run would amplify."""
    return np.einsum("ij,jk->ik", a, b)


def log_softmax(z):
    """Stable: subtract the row maximum before exponentiating (the log-sum-exp trick)."""
    m = z.max(1, keepdims=True)
    return z - m - np.log(np.exp(z - m).sum(1, keepdims=True))


def naive_cross_entropy(z, Y):
    p = np.exp(z) / np.exp(z).sum(1, keepdims=True)     # exp overflows to inf, then inf / inf = nan;
    return -(Y * np.log(p)).sum(1).mean()                # and p = 0 gives 0 * log 0 = nan


def init(out_scale=1.0, seed=0):
    r = np.random.default_rng(seed)
    return [r.normal(0, np.sqrt(2 / d), (d, 64)), np.zeros(64),
            r.normal(0, np.sqrt(1 / 64), (64, K)) * out_scale, np.zeros(K)]


def loss_and_grads(P, Xb, Yb, double_softmax=False):
    W1, b1, W2, b2 = P
    h = np.maximum(mm(Xb, W1) + b1, 0)
    z = mm(h, W2) + b2
    if double_softmax:                                   # a classic bug: softmax applied to probabilities
        s = np.exp(log_softmax(z))
        logp = log_softmax(s)
        dlogp = -Yb / len(Xb)                            # backprop through both softmaxes
        ds = dlogp - np.exp(logp) * dlogp.sum(1, keepdims=True)
        dz = s * (ds - (ds * s).sum(1, keepdims=True))
    else:
        logp = log_softmax(z)
        dz = (np.exp(logp) - Yb) / len(Xb)
    loss = -(Yb * logp).sum(1).mean()
    dh = mm(dz, W2.T) * (h > 0)
    return loss, z, [mm(Xb.T, dh), dh.sum(0), mm(h.T, dz), dz.sum(0)]


# (a) The loss at initialisation: near-uniform predictions give ln K.
print(f"ln(10) = {np.log(K):.3f}")
init_losses = {}
for label, scale in [("output layer zero", 0.0), ("output layer 1/sqrt(fan-in)", 1.0), ("output layer x10", 10.0)]:
    init_losses[label] = loss_and_grads(init(scale), X, Y)[0]
    print(f"  loss at init, {label:<28} {init_losses[label]:.3f}")
assert abs(init_losses["output layer zero"] - np.log(K)) < 1e-9 and init_losses["output layer x10"] > 3.5

# Overfit one batch of 32 examples: a correct pipeline drives the loss towards 0; the bug cannot go below
# -ln(e / (e + 9)) = 1.46, because softmax over probabilities in [0, 1] is never confident.
xb, yb = X[:32], Y[:32]
for bug in (False, True):
    P = init()
    for _ in range(500):
        loss, _, G = loss_and_grads(P, xb, yb, double_softmax=bug)
        P = [p - 0.5 * g for p, g in zip(P, G)]
    print(f"  one batch, 500 steps, {'softmax applied twice' if bug else 'correct loss':<22} loss {loss:.3f}")
    assert (loss > 1.46) if bug else (loss < 0.01)
print(f"  floor of the double-softmax loss: {-np.log(np.e / (np.e + 9)):.3f}")

# (b) Large logits: the naive softmax overflows, log-sum-exp does not.
z = np.array([[1000.0, 10.0, 0.0] + [0.0] * 7])
with np.errstate(all="ignore"):
    naive = naive_cross_entropy(z, np.eye(K)[[1]])
print(f"\ncross-entropy of logits (1000, 10, 0, ...), true class 1: naive {naive}, "
      f"log-sum-exp {-log_softmax(z)[0, 1]:.1f}")
for name, dt in [("float64", np.float64), ("float32", np.float32), ("float16", np.float16)]:
    print(f"  exp(z) overflows in {name} once z > ln(max) = {np.log(float(np.finfo(dt).max)):.2f}")
assert np.isnan(naive)


# (c) A learning-rate sweep, minibatch SGD with batch 64 for 300 steps, with and without clipping at 0.5.
def train(lr, clip=None, steps=300):
    P, r, losses, norms, nan_step = init(), np.random.default_rng(1), [], [], None
    for t in range(steps):
        idx = r.choice(n, 64, replace=False)
        loss, z, G = loss_and_grads(P, X[idx], Y[idx])
        with np.errstate(all="ignore"):
            if nan_step is None and np.isnan(naive_cross_entropy(z, Y[idx])):
                nan_step = t                             # where a naive softmax would have returned NaN
        norm = np.sqrt(sum((g ** 2).sum() for g in G))
        if clip is not None and norm > clip:
            G = [g * clip / norm for g in G]             # rescale the whole gradient, keep its direction
        P = [p - lr * g for p, g in zip(P, G)]
        losses.append(loss)
        norms.append(norm)
    dead = np.mean(np.all(mm(X, P[0]) + P[1] <= 0, axis=0))   # hidden units that are 0 on every example
    return np.array(losses), np.array(norms), loss_and_grads(P, X, Y)[0], nan_step, dead


def outcome(final):
    return "fits (< 0.1)" if final < 0.1 else "stalls (< ln 10)" if final < np.log(K) else "fails (> ln 10)"


# Only what holds on any CPU is printed: once a run diverges, its later losses depend on rounding.
print(f"\n{'lr':>4}  {'clip':<6}{'peak |g|':>9}{'dead units':>12}  {'final loss':<18}{'naive softmax':>14}")
runs = {}
for lr in (0.5, 8, 16, 64):
    for clip in (None, 0.5):
        losses, norms, final, nan_step, dead = train(lr, clip)
        runs[lr, clip] = (losses, norms, final, dead)
        naive_col = "ok" if nan_step is None else f"NaN at {nan_step}"
        print(f"{lr:>4g}  {'none' if clip is None else clip:<6}{norms.max():>9.2g}{round(dead, 1):>12.0%}  "
              f"{outcome(final):<18}{naive_col:>14}")
print(f"median |g| of the lr 0.5 run: {np.median(runs[0.5, None][1]):.2f}")
assert runs[0.5, None][2] < 0.1 and runs[16, None][2] > np.log(K) and runs[16, 0.5][2] < 0.1
assert runs[64, None][0].max() > 1e6 and runs[64, None][3] > 0.9 and runs[64, 0.5][2] > np.log(K)

fig, ax = plt.subplots(figsize=(6.4, 3.4), num="Minibatch training loss against step, log scale, for learning "
                       "rates 0.5, 16 and 64, and 16 with the gradient norm clipped at 0.5")
for (lr, clip), style in [((0.5, None), "-"), ((16, None), "-"), ((16, 0.5), "--"), ((64, None), "-")]:
    ax.plot(runs[lr, clip][0], style, lw=1.2, label=f"lr {lr:g}, " + ("no clipping" if clip is None else f"clip at {clip}"))
ax.axhline(np.log(K), color="grey", lw=0.8, ls=":", label="ln 10")
ax.set(yscale="log", xlabel="step", ylabel="minibatch loss")
ax.legend(fontsize=8)
fig.tight_layout()
plt.show()
