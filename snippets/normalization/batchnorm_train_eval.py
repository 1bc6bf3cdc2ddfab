"""Batch normalization forward pass in NumPy: batch statistics in training mode, running statistics in
evaluation mode, how the running estimates converge, and how far the two modes disagree at small batch sizes."""
import matplotlib.pyplot as plt
import numpy as np

rng = np.random.default_rng(0)
mu = np.array([2.0, -1.0, 0.5, 5.0])                  # population mean and std of 4 pre-activations
sd = np.array([1.0, 3.0, 0.5, 2.0])


def batch(B: int) -> np.ndarray:
    return mu + sd * rng.standard_normal((B, 4))


class BatchNorm:
    def __init__(self, d: int, momentum: float = 0.1, eps: float = 1e-5):
        self.gamma, self.beta = np.ones(d), np.zeros(d)
        self.run_mean, self.run_var = np.zeros(d), np.ones(d)
        self.momentum, self.eps = momentum, eps

    def __call__(self, x: np.ndarray, train: bool) -> np.ndarray:
        if train:                                     # normalise with this batch's statistics ...
            m, v = x.mean(axis=0), x.var(axis=0)
            unbiased = v * len(x) / max(len(x) - 1, 1)
            self.run_mean += self.momentum * (m - self.run_mean)    # ... and update the running estimates
            self.run_var += self.momentum * (unbiased - self.run_var)
        else:                                         # evaluation: fixed running statistics
            m, v = self.run_mean, self.run_var
        return self.gamma * (x - m) / np.sqrt(v + self.eps) + self.beta


bn = BatchNorm(4)
xb = batch(8)
y = bn(xb, train=True)
fmt = lambda a: " ".join(f"{v:6.2f}" for v in np.round(np.asarray(a), 2) + 0.0)
print(f"train mode, batch of 8: output mean per feature {fmt(y.mean(0))}   std {fmt(y.std(0))}")
y_eval = bn(xb, train=False)
print(f"eval mode after 1 update, same batch: output mean {fmt(y_eval.mean(0))}")

# Running statistics: exponential moving averages with momentum 0.1, starting from mean 0 and variance 1.
print("\nrunning mean of feature 4 (true mean 5.0), momentum 0.1")
print(f"{'steps k':>7}{'B = 4':>9}{'B = 64':>9}{'expected 5(1 - 0.9^k)':>23}")
curves = {}
for B in [4, 64]:
    bn = BatchNorm(4)
    curves[B] = [(bn.run_mean.copy(), bn.run_var.copy())]
    for _ in range(200):
        bn(batch(B), train=True)
        curves[B].append((bn.run_mean.copy(), bn.run_var.copy()))
for k in [1, 10, 20, 50, 200]:
    print(f"{k:>7}{curves[4][k][0][3]:>9.3f}{curves[64][k][0][3]:>9.3f}{5.0 * (1 - 0.9 ** k):>23.3f}")
tail4 = np.array([c[0][3] for c in curves[4][100:]])
tail64 = np.array([c[0][3] for c in curves[64][100:]])
print(f"spread (std) of the running mean over steps 100-200: B = 4 {tail4.std():.3f}, B = 64 {tail64.std():.3f}")
assert abs(curves[64][50][0][3] - 5.0) < 0.1 and abs(curves[4][50][0][3] - 5.0) < 0.2
assert 3.0 < curves[4][10][0][3] < 3.5 and 0.2 < tail4.std() < 0.35 and 0.05 < tail64.std() < 0.11

# Train/eval mismatch: the same example normalised with its batch's statistics (training) or with the
# population statistics (ideal running estimates), averaged over many random batches.
print("\ntrain-mode vs eval-mode output of the same examples, 400 random batches per size")
print(f"{'batch size':>10}{'mean |train - eval|':>21}{'train output std':>18}")
mismatch = {}
for B in [1, 2, 4, 8, 32, 128]:
    diffs, outs = [], []
    for _ in range(400):
        x = batch(B)
        m, v = x.mean(0), x.var(0)
        train_out = (x - m) / np.sqrt(v + 1e-5)
        eval_out = (x - mu) / sd
        diffs.append(np.abs(train_out - eval_out).mean())
        outs.append(train_out)
    mismatch[B] = np.mean(diffs)
    print(f"{B:>10}{mismatch[B]:>21.3f}{np.concatenate(outs).std():>18.3f}")
x2 = batch(2)
print(f"batch of 2, train mode, first example: {fmt((x2 - x2.mean(0))[0] / np.sqrt(x2.var(0) + 1e-5))}")
assert mismatch[1] > 0.75 and 0.7 < mismatch[2] < 0.8 and 0.45 < mismatch[4] < 0.55
assert 0.14 < mismatch[32] < 0.19 and 0.07 < mismatch[128] < 0.1
assert np.allclose(np.abs((x2 - x2.mean(0)) / np.sqrt(x2.var(0) + 1e-5)), 1, atol=1e-3)

fig, ax = plt.subplots(figsize=(6.4, 3.2), num="Running mean of a feature whose true mean is 5, over 200 "
                       "training steps with batch sizes 4 and 64 and momentum 0.1")
for B in [4, 64]:
    ax.plot([c[0][3] for c in curves[B]], label=f"batch {B}")
ax.axhline(5.0, color="k", ls="--", lw=1, label="true mean")
ax.set(xlabel="training step", ylabel="running mean", title="Running-mean estimate (momentum 0.1)")
ax.legend()
fig.tight_layout()

fig, ax = plt.subplots(figsize=(6.4, 3.2), num="Mean absolute difference between training-mode and "
                       "evaluation-mode batch-norm outputs against batch size")
Bs = sorted(mismatch)
ax.plot(Bs, [mismatch[B] for B in Bs], marker="o")
ax.set(xscale="log", xlabel="batch size", ylabel="mean |train - eval| output",
       title="Train/eval mismatch shrinks with batch size")
fig.tight_layout()
plt.show()
