"""A unigram language-model tokenizer in the style of Kudo (2018), trained on the descriptions bundled with
scikit-learn's datasets: start from many candidate pieces, fit their probabilities by EM, prune the pieces
whose removal costs the least likelihood, then segment by Viterbi, list the alternatives, and sample them."""
import math
import re
from collections import Counter

import numpy as np
from sklearn import datasets

text = "\n".join(f().DESCR for f in (datasets.load_iris, datasets.load_digits, datasets.load_wine,
                                      datasets.load_breast_cancer, datasets.load_diabetes))
words = Counter("▁" + w for w in re.findall(r"[a-z]+", text.lower()))    # ▁ marks a word start, as SentencePiece
MAX_LEN, TARGET, KEEP = 8, 500, 0.8

# Seed vocabulary: every character, plus the 2,000 most frequent longer substrings.
chars = {c for w in words for c in w}
subs = Counter()
for w, f in words.items():
    for i in range(len(w)):
        for j in range(i + 2, min(len(w), i + MAX_LEN) + 1):
            subs[w[i:j]] += f
vocab = {c: 1.0 for c in chars} | {s: float(n) for s, n in subs.most_common(2000)}


def normalise(counts: dict) -> dict:
    total = sum(counts.values())
    return {p: math.log(c / total) for p, c in counts.items() if c > 0}


def viterbi(w: str, logp: dict) -> tuple[float, list[str]]:
    """The most probable segmentation of w under the unigram model: best[j] = max_i best[i] + log p(w[i:j])."""
    best, back = [0.0] + [-math.inf] * len(w), [0] * (len(w) + 1)
    for j in range(1, len(w) + 1):
        for i in range(max(0, j - MAX_LEN), j):
            piece = w[i:j]
            if piece in logp and best[i] + logp[piece] > best[j]:
                best[j], back[j] = best[i] + logp[piece], i
    pieces, j = [], len(w)
    while j > 0:
        pieces.append(w[back[j]:j])
        j = back[j]
    return best[-1], pieces[::-1]


def expected_counts(logp: dict) -> Counter:
    """E-step: forward-backward over each word's lattice of pieces gives each piece's expected count."""
    counts = Counter()
    for w, f in words.items():
        n = len(w)
        fwd, bwd = np.full(n + 1, -np.inf), np.full(n + 1, -np.inf)
        fwd[0], bwd[n] = 0.0, 0.0
        for j in range(1, n + 1):
            fwd[j] = np.logaddexp.reduce([fwd[i] + logp[w[i:j]] for i in range(max(0, j - MAX_LEN), j)
                                          if w[i:j] in logp] or [-np.inf])
        for i in range(n - 1, -1, -1):
            bwd[i] = np.logaddexp.reduce([logp[w[i:j]] + bwd[j] for j in range(i + 1, min(n, i + MAX_LEN) + 1)
                                          if w[i:j] in logp] or [-np.inf])
        for i in range(n):
            for j in range(i + 1, min(n, i + MAX_LEN) + 1):
                if w[i:j] in logp:
                    counts[w[i:j]] += f * math.exp(fwd[i] + logp[w[i:j]] + bwd[j] - fwd[n])
    return counts


logp = normalise(vocab)
rounds = 0
while True:
    for _ in range(2):                                   # EM: re-estimate p from expected counts
        logp = normalise(expected_counts(logp) | {c: 1e-3 for c in chars if c not in logp})
    if len(logp) <= TARGET:
        break
    # Loss of removing each piece: how much the corpus log-likelihood (Viterbi approximation) would drop.
    loss = Counter({p: 0.0 for p in logp})
    for w, f in words.items():
        score, seg = viterbi(w, logp)
        for piece in set(seg):
            if len(piece) > 1:
                without = {k: v for k, v in logp.items() if k != piece}
                loss[piece] += f * (score - viterbi(w, without)[0])
    removable = sorted((p for p in logp if len(p) > 1), key=lambda p: loss[p])
    n_remove = min(len(logp) - TARGET, int(len(removable) * (1 - KEEP)) + 1)
    logp = {p: v for p, v in logp.items() if p not in set(removable[:n_remove])}   # characters always stay
    rounds += 1

print(f"{sum(words.values()):,} words, {len(words):,} distinct; seed vocabulary {len(vocab):,} pieces")
print(f"pruned to {len(logp)} in {rounds} rounds (keeping 80% each round)")
top = sorted((p for p in logp if len(p) > 2), key=lambda p: -logp[p])[:8]
print("most probable pieces of 3+ characters: " + ", ".join(top))

print()
print("Viterbi segmentation (best) of seen and unseen words:")
for w in ("measurements", "classification", "preprocessing", "misclassified", "remeasured"):
    score, seg = viterbi("▁" + w, logp)
    status = "seen  " if "▁" + w in words else "unseen"
    print(f"  {status} {w:>14}: {' '.join(seg):<28} log p = {score:.1f}")


def segmentations(w: str, start: int = 0) -> list[list[str]]:
    if start == len(w):
        return [[]]
    return [[w[start:j]] + rest for j in range(start + 1, min(len(w), start + MAX_LEN) + 1)
            if w[start:j] in logp for rest in segmentations(w, j)]


word = "▁attribute"
segs = segmentations(word)
logprob = np.array([sum(logp[p] for p in s) for s in segs])
post = np.exp(logprob - np.logaddexp.reduce(logprob))
order = np.argsort(-post)
print()
print(f"{word[1:]!r} has {len(segs)} segmentations; the most probable, with P(segmentation | word):")
for k in order[:3]:
    print(f"  {' '.join(segs[k]):<22} {post[k]:.3f}")

# Subword regularization: sample a segmentation with probability proportional to P(segmentation)^alpha.
rng = np.random.default_rng(0)
print("sampling 1,000 segmentations (subword regularization):")
share = {}
for alpha in (1.0, 0.5, 0.2):
    q = np.exp(alpha * (logprob - logprob.max()))
    draws = rng.choice(len(segs), size=1000, p=q / q.sum())
    share[alpha] = np.mean(draws == order[0])
    print(f"  alpha = {alpha}: best segmentation {share[alpha]:.0%} of draws, {len(set(draws))} distinct segmentations")

assert len(logp) == TARGET and chars <= set(logp)
assert share[1.0] > share[0.5] > share[0.2] and abs(share[1.0] - post[order[0]]) < 0.05
assert rounds == 7 and len(segs) == 79 and abs(post[order[0]] - 0.868) < 0.005 and abs(post[order[1]] - 0.129) < 0.005
assert viterbi("▁measurements", logp)[1] == ["▁measure", "ments"] and abs(share[0.2] - 0.40) < 0.03
