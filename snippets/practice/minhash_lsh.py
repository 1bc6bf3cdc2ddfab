"""Near-duplicate detection with MinHash and LSH banding, in NumPy, on a synthetic corpus with planted
near-duplicates: exact Jaccard similarity of word 5-gram sets, its MinHash estimate, the candidate pairs
that banding finds for several (bands, rows) settings, and the S-curve 1 - (1 - s^r)^b that predicts them."""
import hashlib

import matplotlib.pyplot as plt
import numpy as np

rng = np.random.default_rng(0)
V, N_ORIG, N_COPY, NGRAM, K = 5000, 800, 200, 5, 128
zipf = 1.0 / np.arange(1, V + 1) ** 1.1                      # word frequencies of a Zipf-like vocabulary
docs = [rng.choice(V, size=rng.integers(150, 400), p=zipf / zipf.sum()) for _ in range(N_ORIG)]
boilerplate = rng.choice(V, size=60, p=zipf / zipf.sum())    # a 60-word notice pasted into 40 documents
with_notice = rng.choice(N_ORIG, size=40, replace=False)
for i in with_notice:
    at = int(rng.integers(len(docs[i])))
    docs[i] = np.concatenate([docs[i][:at], boilerplate, docs[i][at:]])
source = list(range(N_ORIG))
for _ in range(N_COPY):                                      # a copy of a random document with edits:
    i = int(rng.integers(N_ORIG))                            # each word replaced with probability q
    q = rng.choice([0.0, rng.uniform(0.0, 0.12)], p=[0.15, 0.85])
    doc = docs[i].copy()
    edit = rng.random(len(doc)) < q
    doc[edit] = rng.integers(V, size=edit.sum())
    docs.append(doc[int(rng.integers(0, 5)):])               # and a few words cut from the start
    source.append(i)
N = len(docs)

# Exact duplicates: one hash of the whole text finds only byte-identical copies.
digests = [hashlib.sha1(d.tobytes()).hexdigest() for d in docs]
print(f"{N} documents ({N_COPY} edited copies); exact-hash duplicates: {N - len(set(digests))}")

# Shingles: each word 5-gram packed into one integer (modulo the prime P).
P = (1 << 31) - 1
shingles = []
for d in docs:
    code = np.zeros(len(d) - NGRAM + 1, dtype=np.int64)
    for j in range(NGRAM):
        code = (code * V + d[j:len(d) - NGRAM + 1 + j]) % P
    shingles.append(np.unique(code))

# Exact Jaccard of every pair that shares a shingle: invert the index, count shared shingles per pair.
sh = np.concatenate(shingles)
owner = np.concatenate([np.full(len(s), i) for i, s in enumerate(shingles)])
order = np.argsort(sh, kind="stable")
sh, owner = sh[order], owner[order]
starts = np.flatnonzero(np.r_[True, sh[1:] != sh[:-1]])
sizes = np.diff(np.r_[starts, len(sh)])
pair_codes = []
for s0, m in zip(starts[sizes > 1], sizes[sizes > 1]):
    members = owner[s0:s0 + m]
    a, b = np.triu_indices(m, 1)
    pair_codes.append(members[a] * N + members[b])
codes, shared = np.unique(np.concatenate(pair_codes), return_counts=True)
n_sh = np.array([len(s) for s in shingles])
jac = dict(zip(codes.tolist(), (shared / (n_sh[codes // N] + n_sh[codes % N] - shared)).tolist()))

# MinHash: K hash functions h_k(x) = mix(x XOR seed_k), with splitmix64's well-mixing finaliser; a
# document's signature is the minimum of each hash over its shingles.
seeds = rng.integers(0, 2**63, size=K).astype(np.uint64)


def mix(x):
    x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


sig = np.stack([mix(s.astype(np.uint64)[:, None] ^ seeds[None, :]).min(axis=0) for s in shingles])

pairs = np.array(list(jac))
J = np.array([jac[c] for c in pairs.tolist()])
J_hat = (sig[pairs // N] == sig[pairs % N]).mean(axis=1)
near = J >= 0.1                                              # related pairs; the rest share a chance 5-gram
err = np.abs(J_hat - J)[near]
print(f"pairs sharing a 5-gram: {len(pairs):,}, of them with Jaccard >= 0.1: {near.sum()}")
print(f"MinHash estimate with K = {K}: mean |error| {err.mean():.3f}, max {err.max():.3f}; "
      f"expected sd at J = 0.5: sqrt(J(1-J)/K) = {np.sqrt(0.25 / K):.3f}")
assert err.mean() < 0.04 and err.max() < 0.2

THRESHOLD = 0.7
true_pairs = set(pairs[J >= THRESHOLD].tolist())
print(f"true near-duplicate pairs (Jaccard >= {THRESHOLD}): {len(true_pairs)} "
      f"of {N * (N - 1) // 2:,} possible pairs")


def lsh_candidates(sig, bands, rows):
    """Pairs of documents whose signatures agree on all `rows` values of at least one band."""
    found = set()
    for band in range(bands):
        buckets = {}
        for i, key in enumerate(sig[:, band * rows:(band + 1) * rows]):
            buckets.setdefault(key.tobytes(), []).append(i)
        for members in buckets.values():
            for x in range(len(members)):
                for y in range(x + 1, len(members)):
                    found.add(members[x] * N + members[y])
    return found


def s_curve(s, bands, rows):
    return 1 - (1 - s ** rows) ** bands


print(f"\n{'bands x rows':<13}{'threshold':>10}{'candidates':>11}{'recall':>8}{'precision':>10}{'P(0.5)':>8}"
      f"{'P(0.7)':>8}{'P(0.8)':>8}{'P(0.9)':>8}")
results = {}
for bands, rows in [(64, 2), (32, 4), (16, 8), (14, 8), (8, 16)]:
    cand = lsh_candidates(sig, bands, rows)
    recall = len(cand & true_pairs) / len(true_pairs)
    precision = len(cand & true_pairs) / max(len(cand), 1)
    results[bands, rows] = (len(cand), recall, precision)
    print(f"{f'{bands} x {rows}':<13}{(1 / bands) ** (1 / rows):>10.2f}{len(cand):>11}{recall:>8.2f}{precision:>10.2f}"
          + "".join(f"{s_curve(s, bands, rows):>8.2f}" for s in (0.5, 0.7, 0.8, 0.9)))
assert results[16, 8][1] > 0.85 and results[8, 16][1] < results[16, 8][1] < results[32, 4][1]
assert results[64, 2][2] < results[16, 8][2]

# Empirical check of the S-curve for 16 x 8: the share of pairs made candidates, per similarity bin.
cand = lsh_candidates(sig, 16, 8)
hit = np.array([c in cand for c in pairs.tolist()])
print("\nJaccard bin    pairs  found  predicted (16 x 8)")
for lo in (0.3, 0.5, 0.6, 0.7, 0.8, 0.9):
    hi = {0.3: 0.5, 0.5: 0.6}.get(lo, round(lo + 0.1, 1))
    m = (J >= lo) & (J < hi) if hi < 1.0 else (J >= lo)
    print(f"[{lo:.1f}, {hi:.1f}{')' if hi < 1.0 else ']'}  {m.sum():>7}  {hit[m].mean():>5.2f}  "
          f"{s_curve(J[m], 16, 8).mean():>8.2f}")

# Exact substrings (the idea of Lee et al.'s suffix array): rank every position by its next 50 words with
# the prefix-doubling step that builds a suffix array, then flag spans whose 50 words occur more than once.
SPAN = 50
seq = np.concatenate([np.r_[d, V + i] for i, d in enumerate(docs)])  # a unique separator ends each document
doc_of = np.concatenate([np.full(len(d) + 1, i) for i, d in enumerate(docs)])
rank, k = np.unique(seq, return_inverse=True)[1], 1
while 2 * k <= SPAN:                                         # rank now encodes the next k words; double it
    nxt = np.r_[rank[k:], np.full(k, -1)] + 1
    rank, k = np.unique(rank * (len(seq) + 1) + nxt, return_inverse=True)[1], 2 * k
key = rank[:len(seq) - SPAN + k] * (len(seq) + 1) + rank[SPAN - k:]   # 32 words here + 32 from 18 on = 50
_, inverse, counts = np.unique(key, return_inverse=True, return_counts=True)
repeated = np.flatnonzero(counts[inverse] > 1)                # starts of 50-word spans seen more than once
covered = np.zeros(len(seq), dtype=bool)
for i in repeated:
    covered[i:i + SPAN] = True
docs_hit = np.unique(doc_of[repeated])
notice_pairs = [(min(a, b) * N + max(a, b)) for a in with_notice for b in with_notice if a < b]
near_notice = sum(jac.get(c, 0.0) >= THRESHOLD for c in notice_pairs)
print(f"\nrepeated {SPAN}-word spans: {covered.sum():,} words ({covered.mean():.1%} of the corpus) "
      f"in {len(docs_hit)} documents")
print(f"  all 40 documents with the notice among them: {set(with_notice.tolist()) <= set(docs_hit.tolist())}; "
      f"pairs of them at Jaccard >= {THRESHOLD}: {near_notice} of {len(notice_pairs)}")
assert set(with_notice.tolist()) <= set(docs_hit.tolist()) and near_notice == 0


fig, ax = plt.subplots(figsize=(6.4, 3.6), num="Probability that two documents become an LSH candidate pair "
                       "against their Jaccard similarity, for four bands-by-rows settings of 128 hashes")
s = np.linspace(0, 1, 201)
for bands, rows in [(64, 2), (32, 4), (16, 8), (8, 16)]:
    ax.plot(s, s_curve(s, bands, rows), label=f"{bands} bands x {rows} rows")
ax.axvline(THRESHOLD, color="grey", lw=0.8, ls=":", label=f"target Jaccard {THRESHOLD}")
ax.set(xlabel="Jaccard similarity s", ylabel="P(candidate) = 1 - (1 - s^r)^b")
ax.legend(fontsize=8)
fig.tight_layout()
plt.show()
