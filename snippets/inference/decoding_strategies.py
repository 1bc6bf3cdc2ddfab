"""Decoding strategies on toy language models: what temperature, top-k and top-p keep of a peaked and of a
flat next-token distribution; greedy against beam search on a two-step tree; beam search preferring the
empty output when it scores total log-probability; and a bigram model on which greedy decoding falls into
a loop while nucleus sampling does not."""
import matplotlib.pyplot as plt
import numpy as np

rng = np.random.default_rng(0)


def softmax(z):
    e = np.exp(z - z.max())
    return e / e.sum()


def top_k(p, k):
    keep = np.argsort(p)[::-1][:k]
    q = np.zeros_like(p)
    q[keep] = p[keep]
    return q / q.sum()


def top_p(p, thresh):
    """Smallest set of most likely tokens whose mass reaches thresh (Holtzman et al.'s nucleus)."""
    order = np.argsort(p)[::-1]
    n_keep = int(np.searchsorted(np.cumsum(p[order]), thresh) + 1)
    q = np.zeros_like(p)
    q[order[:n_keep]] = p[order[:n_keep]]
    return q / q.sum()


V = 1000
ranks = np.arange(1, V + 1)
shapes = {"peaked": softmax(np.r_[8.0, 4.0, -0.1 * ranks[2:]]),         # one obvious next token
          "flat": softmax(-1.2 * np.log(ranks))}                          # Zipf-like: many plausible tokens
print(f"{'distribution':<13}{'p(top1)':>8}{'top-k=5 kept mass':>19}{'top-p=0.9 size':>16}{'mass in tail of k=5':>21}")
for name, p in shapes.items():
    kept = np.sort(p)[::-1][:5]
    print(f"{name:<13}{p.max():>8.3f}{kept.sum():>19.3f}{(top_p(p, 0.9) > 0).sum():>16d}{kept[1:].sum():>21.3f}")
for T in (0.5, 1.0, 1.5):
    q = softmax(np.log(shapes["flat"]) / T)
    print(f"flat at temperature {T}: p(top1) = {q.max():.3f}, entropy = {-(q * np.log(q)).sum():.2f} nats")
peaked_tail, flat_kept = np.sort(shapes["peaked"])[::-1][1:5].sum(), np.sort(shapes["flat"])[::-1][:5].sum()
assert (top_p(shapes["peaked"], 0.9) > 0).sum() == 1 and 200 < (top_p(shapes["flat"], 0.9) > 0).sum() < 260
assert 0.015 < peaked_tail < 0.025 and 0.45 < flat_kept < 0.50

# Greedy vs beam on a two-step tree: P(a) = 0.6 but every continuation of a is unsure.
tree = {"a": (0.6, {"x": 0.34, "y": 0.33, "z": 0.33}), "b": (0.4, {"x": 0.9, "y": 0.05, "z": 0.05})}
greedy_first = max(tree, key=lambda t: tree[t][0])
greedy_second = max(tree[greedy_first][1], key=tree[greedy_first][1].get)
seqs = {(a, b): pa * pb for a, (pa, nxt) in tree.items() for b, pb in nxt.items()}
best = max(seqs, key=seqs.get)
beam = sorted(tree, key=lambda t: -tree[t][0])[:2]                   # beam width 2 keeps both first tokens
beam_best = max(((a, b) for a in beam for b in tree[a][1]), key=seqs.get)
print(f"\ngreedy: {greedy_first}{greedy_second} p={seqs[(greedy_first, greedy_second)]:.3f}; "
      f"beam (width 2): {''.join(beam_best)} p={seqs[beam_best]:.3f}; most likely: {''.join(best)}")
assert beam_best == best != (greedy_first, greedy_second)

# Beam search scores a finished output by its total log-probability, which favours stopping early.
P_EOS, words = 0.3, np.array([0.4, 0.15, 0.05, 0.05, 0.05])             # each step: end, or one of 5 words


def beam_search(width, alpha, max_len=12):
    """Finished hypotheses are ranked by log p / length**alpha (alpha = 0: plain log-probability)."""
    beams, done = [((), 0.0)], []
    for _ in range(max_len):
        cand = []
        for seq, lp in beams:
            done.append((seq, lp + np.log(P_EOS)))
            cand += [(seq + (w,), lp + np.log(pw)) for w, pw in enumerate(words)]
        beams = sorted(cand, key=lambda c: -c[1])[:width]
    return max(done, key=lambda c: c[1] / max(len(c[0]) + 1, 1) ** alpha)


for alpha in (0.0, 1.0):
    seq, lp = beam_search(width=4, alpha=alpha)
    print(f"beam width 4, length penalty alpha={alpha}: output of {len(seq)} words, log p = {lp:.2f}")
assert len(beam_search(4, 0.0)[0]) == 0 and len(beam_search(4, 1.0)[0]) > 5

# A bigram model: greedy decoding is a deterministic map on a finite set, so it must enter a cycle.
B = rng.dirichlet(np.full(50, 0.1), size=50)                            # peaked next-token distributions


def generate(strategy, n=200, start=0):
    seq, logp = [start], 0.0
    for _ in range(n):
        p = B[seq[-1]]
        if strategy == "greedy":
            nxt = int(np.argmax(p))
        else:
            nxt = int(rng.choice(50, p=top_p(p, 0.9)))
        logp += np.log(p[nxt])
        seq.append(nxt)
    return seq, logp / n


results = {}
for strategy in ("greedy", "top-p 0.9"):
    seq, avg = generate(strategy)
    tail = seq[100:]
    period = next((k for k in range(1, 50) if tail[k:] == tail[:-k]), None)
    results[strategy] = (len(set(zip(seq, seq[1:]))), period)
    print(f"{strategy:<10} distinct bigrams in 200 tokens: {results[strategy][0]:>3}, mean log p per token "
          f"{avg:6.2f}, " + (f"last 100 tokens repeat with period {period}" if period else "no cycle"))
assert results["greedy"][1] is not None and results["top-p 0.9"][1] is None
assert results["greedy"][0] < 10 and 100 < results["top-p 0.9"][0] < 160

flat_T = {T: softmax(np.log(shapes["flat"]) / T).max() for T in (0.5, 1.5)}
assert 0.70 < flat_T[0.5] < 0.75 and 0.06 < flat_T[1.5] < 0.07

fig, axes = plt.subplots(1, 2, figsize=(7.2, 3.2), sharey=True,
                         num="Sorted next-token probabilities of a peaked and a flat distribution, with the "
                             "top-k = 5 cut and the top-p = 0.9 nucleus marked: top-p keeps 1 token of the "
                             "first and hundreds of the second")
for ax, (name, p) in zip(axes, shapes.items()):
    s = np.sort(p)[::-1][:300]
    ax.semilogy(np.arange(1, len(s) + 1), s, lw=1.5)
    ax.axvline(5, color="C1", ls="--", lw=1, label="top-k = 5")
    ax.axvline((top_p(p, 0.9) > 0).sum(), color="C2", ls=":", lw=1.5, label="top-p = 0.9 cut")
    ax.set_title(f"{name} distribution", fontsize=9)
    ax.set_xlabel("token rank")
axes[0].set_ylabel("probability")
axes[1].legend(fontsize=8)
fig.tight_layout()
plt.show()
