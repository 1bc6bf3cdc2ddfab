"""An IVF index and IVF-PQ (product-quantised residuals, asymmetric distances) in NumPy on 20,000 clustered
vectors: recall@10 against the number of vectors scanned per query for several nprobe, instead of
wall-clock time, so the table is the same on every machine. Then the memory arithmetic at 1 M x 768."""
import matplotlib.pyplot as plt
import numpy as np

rng = np.random.default_rng(0)
N, D, Q, K = 20_000, 32, 200, 10
centres = rng.normal(size=(60, D)) * 0.8     # 60 overlapping clusters
x = centres[rng.integers(60, size=N)] + rng.normal(size=(N, D))           # the vectors to index
queries = centres[rng.integers(60, size=Q)] + rng.normal(size=(Q, D))


def sq_dists(a, b):
    """Squared Euclidean distances between the rows of a and of b, (len(a), len(b))."""
    return (a * a).sum(1)[:, None] - 2 * a @ b.T + (b * b).sum(1)[None]


def kmeans(data, k, iters=12):
    c = data[rng.choice(len(data), k, replace=False)].copy()
    for _ in range(iters):
        label = sq_dists(data, c).argmin(1)
        size = np.bincount(label, minlength=k)
        sums = np.stack([np.bincount(label, weights=col, minlength=k) for col in data.T], axis=1)
        c[size > 0] = sums[size > 0] / size[size > 0, None]          # an empty cluster keeps its centre
    return c, sq_dists(data, c).argmin(1)


truth = np.argsort(sq_dists(queries, x), axis=1, kind="stable")[:, :K]   # exact top-10: N distances a query

# IVF: a coarse k-means quantiser; each vector is stored in the list of its nearest centroid.
n_lists = 128
coarse, assign = kmeans(x, n_lists)
lists = [np.flatnonzero(assign == j) for j in range(n_lists)]

# PQ on the residuals x - centroid (IVFADC): 8 sub-vectors of 4 dims, each coded by one of 256 centroids.
m, ksub = 8, 256
resid = x - coarse[assign]
books, codes = [], np.empty((N, m), dtype=np.uint8)
train = rng.choice(N, 5_000, replace=False)                              # codebooks learnt on a sample
for s in range(m):
    book, _ = kmeans(resid[train, 4 * s:4 * s + 4], ksub)
    books.append(book)
    codes[:, s] = sq_dists(resid[:, 4 * s:4 * s + 4], book).argmin(1)   # every vector: 8 one-byte codes


def search(q, nprobe, rerank=100):
    """Top-10 ids with full vectors (flat), with PQ codes, and with PQ re-ranked; and the vectors scanned."""
    probe = np.argsort(sq_dists(q[None], coarse)[0], kind="stable")[:nprobe]
    cand = np.concatenate([lists[j] for j in probe])
    flat = cand[np.argsort(sq_dists(q[None], x[cand])[0], kind="stable")[:K]]
    # ADC: one 8 x 256 table of sub-distances per probed list, then 8 lookups and adds per scanned vector.
    r = q - coarse[probe]
    table = np.stack([sq_dists(r[:, 4 * s:4 * s + 4], books[s]) for s in range(m)], axis=1)
    which = np.repeat(np.arange(nprobe), [len(lists[j]) for j in probe])
    pq_d = table[which[:, None], np.arange(m), codes[cand]].sum(1)
    short = cand[np.argsort(pq_d, kind="stable")[:rerank]]
    reranked = short[np.argsort(sq_dists(q[None], x[short])[0], kind="stable")]   # exact, short list only
    return flat, short[:K], reranked[:K], len(cand)


def recall(found):
    return np.mean([len(set(f) & set(t)) / K for f, t in zip(found, truth)])


print(f"{N:,} vectors of {D} dims, {n_lists} lists (sizes {min(map(len, lists))} to {max(map(len, lists))}), "
      f"{Q} queries; brute force scans {N:,} vectors a query")
print(f"{'nprobe':>6} {'scanned':>8} {'% of N':>7} {'flat':>6} {'PQ':>6} {'PQ+rerank':>9}   (recall@10)")
rows = []
for nprobe in (1, 2, 4, 8, 16, 32, 128):
    res = [search(q, nprobe) for q in queries]
    scanned = np.mean([r[3] for r in res])
    rows.append((nprobe, scanned, *(recall([r[i] for r in res]) for i in range(3))))
    print(f"{nprobe:6d} {scanned:8.0f} {100 * scanned / N:6.1f}% {rows[-1][2]:6.3f} {rows[-1][3]:6.3f} "
          f"{rows[-1][4]:9.3f}")

flat_err = np.mean((resid - np.hstack([books[s][codes[:, s]] for s in range(m)])) ** 2) / np.mean(resid ** 2)
print(f"PQ code: {m} bytes a vector against {4 * D} in float32 ({4 * D // m}x smaller); "
      f"relative squared error of the coded residuals {flat_err:.2f}")
assert rows[-1][2] == 1.0 and 0.4 < rows[0][2] < 0.7 and 0.85 < rows[3][2] < 0.93   # flat: 1 probe .. all
assert rows[-1][3] < 0.7 and rows[-1][4] > 0.99              # PQ alone is capped; re-ranking restores it

print("\nMemory for 1 M vectors of 768 dims (ids and list overhead left out):")
n, d = 1_000_000, 768
flat_bytes, pq_bytes = n * d * 4, n * 64
print(f"  float32:               {n:,} x {d} x 4 B = {flat_bytes / 1e9:.2f} GB")
print(f"  PQ, 64 x 8-bit codes:  {n:,} x 64 B      = {pq_bytes / 1e6:.0f} MB ({flat_bytes // pq_bytes}x smaller); "
      f"codebooks 64 x 256 x {d // 64} x 4 B = {64 * 256 * (d // 64) * 4 / 1e6:.2f} MB")
M_hnsw = 32
links = n * 2 * M_hnsw * 4
print(f"  HNSW, M = {M_hnsw}: vectors {flat_bytes / 1e9:.2f} GB + layer-0 links {n:,} x {2 * M_hnsw} x 4 B = "
      f"{links / 1e9:.2f} GB")

fig, ax = plt.subplots(figsize=(6.4, 3.6), num="Recall at 10 against vectors scanned per query for an IVF "
                                               "index with full vectors, with 8-byte PQ codes, and with PQ "
                                               "codes re-ranked on full vectors")
scanned = [r[1] for r in rows]
styles = {2: dict(lw=5, alpha=0.45, marker="o", ms=9), 3: dict(marker="s"), 4: dict(ls="--", marker="x")}
for col, label in ((2, "IVF, full vectors"), (3, "IVF-PQ, 8-byte codes"), (4, "IVF-PQ + re-rank top 100 (on top)")):
    ax.plot(scanned, [r[col] for r in rows], label=label, **styles[col])
for r in rows:
    ax.annotate(f"nprobe {r[0]}", (r[1], r[2]), textcoords="offset points", xytext=(4, -12), fontsize=7)
ax.set_xscale("log")
ax.set_xlabel("vectors scanned per query (log scale)")
ax.set_ylabel("recall@10")
ax.set_ylim(0, 1.05)
ax.legend(fontsize=8, loc="lower right")
fig.tight_layout()
plt.show()
