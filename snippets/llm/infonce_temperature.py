"""The InfoNCE / NT-Xent loss in NumPy for a batch of paired embeddings: its value for random and for
aligned pairs, the log(K) ceiling on the mutual-information bound, and what the temperature does."""
import numpy as np


def nt_xent(z1: np.ndarray, z2: np.ndarray, tau: float) -> tuple[float, np.ndarray]:
    """SimCLR's loss: 2N views, each must pick its partner among the other 2N - 1 views.
    Returns the mean loss and the softmax weights over candidates (rows = anchors)."""
    z = np.concatenate([z1, z2])
    z = z / np.linalg.norm(z, axis=1, keepdims=True)       # cosine similarity
    s = z @ z.T / tau
    np.fill_diagonal(s, -np.inf)                            # a view is not its own candidate
    n = len(z1)
    partner = np.concatenate([np.arange(n, 2 * n), np.arange(n)])
    s_max = s.max(axis=1, keepdims=True)
    log_p = s - s_max - np.log(np.exp(s - s_max).sum(axis=1, keepdims=True))
    return float(-log_p[np.arange(2 * n), partner].mean()), np.exp(log_p)


rng = np.random.default_rng(0)
n, d = 256, 32
K = 2 * n - 1                                               # candidates per anchor
content = rng.normal(size=(n, d))                           # what the two views share
view1 = content + 0.6 * rng.normal(size=(n, d))             # two "augmentations"
view2 = content + 0.6 * rng.normal(size=(n, d))
random1, random2 = rng.normal(size=(n, d)), rng.normal(size=(n, d))

print(f"batch of N = {n} pairs, so each anchor has K = 2N - 1 = {K} candidates; log K = {np.log(K):.3f}")
print(f"{'tau':>6}{'loss random':>13}{'loss aligned':>14}{'bound log K - L':>17}"
      f"{'p(partner)':>12}{'top-1 match':>13}{'top-neg share':>15}")
rows = {}
for tau in [0.05, 0.1, 0.2, 0.5, 1.0]:
    loss_r, _ = nt_xent(random1, random2, tau)
    loss_a, p = nt_xent(view1, view2, tau)
    partner = np.concatenate([np.arange(n, 2 * n), np.arange(n)])
    p_pos = p[np.arange(2 * n), partner]
    neg = p.copy()
    neg[np.arange(2 * n), partner] = 0.0
    top_share = (neg.max(axis=1) / neg.sum(axis=1)).mean()  # weight of the hardest negative
    top1 = (p.argmax(axis=1) == partner).mean()              # does the partner rank first?
    rows[tau] = (loss_r, loss_a, p_pos.mean(), top_share, top1)
    print(f"{tau:>6.2f}{loss_r:>13.3f}{loss_a:>14.3f}{np.log(K) - loss_a:>17.3f}"
          f"{p_pos.mean():>12.3f}{top1:>13.3f}{top_share:>15.3f}")

# Random embeddings: at tau = 1 every candidate looks alike, so the loss is close to log K.
assert abs(rows[1.0][0] - np.log(K)) < 0.05, rows[1.0]
# Aligned pairs: the loss falls far below log K once tau is small.
assert rows[0.05][1] < 0.3 and rows[1.0][1] > 5.0, rows
# Same embeddings at every tau: the ranking (top-1 match) does not change, only the loss does.
assert len({r[4] for r in rows.values()}) == 1 and rows[1.0][4] > 0.95, rows
# Low temperature concentrates the negatives' weight on the hardest negative.
assert rows[0.05][3] > 0.15 and rows[1.0][3] < 0.01, rows
# The bound log K - L can never exceed log K, however good the encoder.
assert all(np.log(K) - r[1] <= np.log(K) for r in rows.values())
assert abs(rows[1.0][0] - 6.250) < 0.002 and abs(rows[1.0][1] - 5.525) < 0.002 and abs(rows[0.05][1] - 0.149) < 0.002
assert abs(rows[1.0][4] - 0.979) < 0.002 and 0.27 < rows[0.05][3] < 0.33, rows
