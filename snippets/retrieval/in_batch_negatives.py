"""Train a linear bi-encoder from scratch with the in-batch softmax loss (each query's B - 1 other positives are
its negatives), with and without one hard negative per query, and measure recall@1 over all passages."""
from itertools import combinations

import numpy as np

rng = np.random.default_rng(0)
n_topics, syn = 10, 6                                  # 10 topics, 6 interchangeable words each: 60 words
V = n_topics * syn
pairs = list(combinations(range(n_topics), 2))         # 45 passages, each about two topics
P = np.zeros((len(pairs), V))
for i, (a, b) in enumerate(pairs):                     # a passage uses 3 of the 6 words of each topic
    for t in (a, b):
        P[i, t * syn + rng.choice(syn, 3, replace=False)] = 1.0


def queries_for(ids):
    """A query names each topic of its passage with 2 words drawn afresh: often not the passage's words."""
    Q = np.zeros((len(ids), V))
    for row, i in enumerate(ids):
        for t in pairs[i]:
            Q[row, t * syn + rng.choice(syn, 2, replace=False)] = 1.0
    return Q


def hard_negative(i):
    """A passage that shares exactly one topic with passage i."""
    a, b = pairs[i]
    return rng.choice([j for j, p in enumerate(pairs) if len(set(p) & {a, b}) == 1])


def normed(X):
    n = np.linalg.norm(X, axis=1, keepdims=True)
    return X / n, n


def train(B, hard, steps=100, d=8, tau=0.1, lr=0.5):
    W = rng.normal(scale=0.1, size=(V, d))
    for _ in range(steps):
        ids = rng.choice(len(pairs), B, replace=False)
        Q = queries_for(ids)
        docs = np.concatenate([ids, [hard_negative(i) for i in ids]]) if hard else ids
        q, qn = normed(Q @ W)
        p, pn = normed(P[docs] @ W)
        S = q @ p.T / tau                              # B x B (or B x 2B): row i's positive is column i
        G = np.exp(S - S.max(1, keepdims=True))
        G /= G.sum(1, keepdims=True)
        G[np.arange(B), np.arange(B)] -= 1.0           # d loss / d S for the mean cross-entropy, times B
        G /= B * tau
        gq, gp = G @ p, G.T @ q                        # through the normalisation, then the linear map
        gq = (gq - q * (q * gq).sum(1, keepdims=True)) / qn
        gp = (gp - p * (p * gp).sum(1, keepdims=True)) / pn
        W -= lr * (Q.T @ gq + P[docs].T @ gp)
    return W


test_ids = np.repeat(np.arange(len(pairs)), 20)        # 900 held-out queries, 20 per passage
Q_test = queries_for(test_ids)


def recall_at_1(W):
    s = normed(Q_test @ W)[0] @ normed(P @ W)[0].T
    return np.mean(s.argmax(1) == test_ids)


print(f"{len(pairs)} passages; {len(test_ids)} test queries; recall@1 over all passages after 100 steps")
print(f"{'batch B':>7} {'negatives per query':>20} {'recall@1':>9}")
res = {}
for B, hard in [(2, False), (4, False), (8, False), (16, False), (4, True), (8, True)]:
    r = np.mean([recall_at_1(train(B, hard)) for _ in range(3)])    # mean of 3 training runs
    res[B, hard] = r
    negs = f"{B - 1}" + (f" + {B} hard" if hard else "")
    print(f"{B:7d} {negs:>20} {r:9.2f}")
shares = np.mean([len(set(pairs[i]) & set(pairs[j])) == 1 for i in range(45) for j in range(45) if i != j])
print(f"a random other passage shares one topic with the positive {shares:.0%} of the time")
assert res[2, False] < res[4, False] < res[8, False] and res[4, False] < res[4, True]
print(f"untrained encoder: {np.mean([recall_at_1(rng.normal(scale=0.1, size=(V, 8))) for _ in range(3)]):.2f}")
