"""Feed ranking for 100 M daily users: the funnel's load, the embedding tables, and recalibration after
negative downsampling, shown on a seeded logistic regression."""

import numpy as np
from sklearn.linear_model import LogisticRegression

users, requests_per_user, peak_factor = 100e6, 20, 2.0
qps = users * requests_per_user / 86400 * peak_factor
print(f"Load: {users / 1e6:.0f} M users x {requests_per_user} feed requests a day, x{peak_factor:.0f} at peak"
      f" = {qps:,.0f} requests/s")
funnel = [("the light ranker scores the retrieved", 2000), ("the heavy ranker scores the best", 500),
          ("the feed shows", 50)]
for stage, items in funnel:
    print(f"  {stage} {items:,} items per request: {qps * items / 1e6:,.1f} M items/s")
heavy_flops = 20e6  # assumed FLOPs per item in the heavy ranker's dense layers
print(f"  heavy ranker on 500 items at {heavy_flops / 1e6:.0f} MFLOPs each: {qps * 500 * heavy_flops / 1e15:.2f} PFLOP/s")

corpus = 300e6  # candidate posts
print(f"  scoring all {corpus / 1e6:.0f} M posts for every request instead: {qps * corpus:.1e} scores/s")

ids, dims = 2e9, 64  # user and item ids with learned embeddings
for name, nbytes in [("fp32", 4), ("fp16", 2), ("int8", 1)]:
    print(f"Embedding tables, {ids / 1e9:.0f} B ids x {dims} dims in {name}: {ids * dims * nbytes / 1e9:,.0f} GB")

impressions = users * requests_per_user * 10  # about 10 items seen per request
print(f"Training data: {impressions / 1e9:.0f} B impressions a day")

# Negative downsampling: keep every positive and a fraction w of the negatives, then correct.
rng = np.random.default_rng(0)
n, w = 400_000, 0.1
X = rng.normal(size=(n, 5))
logit = X @ np.array([1.0, -0.5, 0.8, 0.0, 0.3]) - 4.6
y = rng.random(n) < 1 / (1 + np.exp(-logit))
keep = y | (rng.random(n) < w)
model = LogisticRegression(C=1e4, max_iter=1000).fit(X[keep], y[keep])
q = model.predict_proba(X)[:, 1]
p = q / (q + (1 - q) / w)  # undo the sampling: the odds were inflated by 1 / w
print(f"\nClick rate {y.mean():.2%}; negatives kept at w = {w}: trained on {keep.sum():,} of {n:,} rows")
print(f"  mean predicted click rate, as trained: {q.mean():.2%}")
print(f"  after p = q / (q + (1 - q) / w):      {p.mean():.2%}")
assert abs(p.mean() - y.mean()) < 0.003 and q.mean() > 5 * y.mean()
