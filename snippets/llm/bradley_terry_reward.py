"""A Bradley-Terry reward model: logistic regression on feature differences, fitted to synthetic pairwise
preferences generated from a known linear reward, with its accuracy ceiling and what it cannot identify."""
import numpy as np
from sklearn.linear_model import LogisticRegression

rng = np.random.default_rng(0)
n_items, d = 500, 8
X = rng.normal(size=(n_items, d))                 # features of 500 candidate responses
w_true = rng.normal(size=d)
r_true = X @ w_true                               # the (unknown) true reward of each response


def sample_pairs(n: int, r: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Random pairs (a, b); the labeller prefers a with probability sigmoid(r_a - r_b)."""
    a, b = rng.integers(0, n_items, size=(2, n))
    keep = a != b
    a, b = a[keep], b[keep]
    prefers_a = rng.random(a.size) < 1 / (1 + np.exp(-(r[a] - r[b])))
    return a, b, prefers_a.astype(int)


a_te, b_te, y_te = sample_pairs(20_000, r_true)
bayes = np.mean((r_true[a_te] > r_true[b_te]) == y_te)   # the best any reward model can do
m_true = r_true[a_te] - r_true[b_te]
nll_true = np.mean(np.logaddexp(0, -np.where(y_te == 1, m_true, -m_true)))
print(f"TRUE reward on 20,000 held-out noisy labels: accuracy {bayes:.3f}, NLL {nll_true:.3f}")
print(f"{'pairs':>7}{'cos(w, w_true)':>16}{'|w| / |w_true|':>16}{'held-out acc':>14}{'test NLL':>10}")
for n in [100, 1_000, 10_000]:
    a, b, y = sample_pairs(n, r_true)
    # Bradley-Terry: P(a > b) = sigmoid(r(a) - r(b)) with r(x) = w.x  ->  logistic regression on x_a - x_b.
    # No intercept: a constant added to every reward cancels in the difference.
    bt = LogisticRegression(fit_intercept=False, C=1e4, max_iter=1000).fit(X[a] - X[b], y)
    w = bt.coef_[0]
    margin = (X[a_te] - X[b_te]) @ w
    acc = np.mean((margin > 0) == y_te)
    nll = np.mean(np.logaddexp(0, -np.where(y_te == 1, margin, -margin)))
    cos = w @ w_true / np.linalg.norm(w) / np.linalg.norm(w_true)
    print(f"{n:>7}{cos:>16.3f}{np.linalg.norm(w) / np.linalg.norm(w_true):>16.3f}{acc:>14.3f}{nll:>10.3f}")
assert cos > 0.99 and abs(acc - bayes) < 0.01 and 0.8 < bayes < 0.9, (cos, acc, bayes)

# Only differences are identified: shifting every reward by a constant leaves every probability unchanged.
shift = 3.0
p1 = 1 / (1 + np.exp(-(r_true[a_te] - r_true[b_te])))
p2 = 1 / (1 + np.exp(-((r_true[a_te] + shift) - (r_true[b_te] + shift))))
print(f"max change in P(a > b) after adding {shift} to every reward: {np.abs(p1 - p2).max():.6f}")
assert np.abs(p1 - p2).max() < 1e-12
