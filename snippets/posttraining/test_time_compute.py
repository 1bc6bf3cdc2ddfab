"""Test-time compute on simulated questions: each question has a single-sample accuracy p (its
difficulty) and a plurality wrong answer. Compare majority vote (self-consistency), best-of-N with a
noisy verifier and pass@N as N grows, and one sample from a bigger model whose logit(p) is higher."""
import matplotlib.pyplot as plt
import numpy as np

rng = np.random.default_rng(0)
Q, A = 4000, 4                                   # questions; answers per question (answer 0 is correct)
logit_p = rng.normal(-0.3, 1.6, size=Q)         # the small model's difficulty spread
BIGGER = 1.0                                     # the bigger model adds 1.0 to every question's logit(p)
wrong_split = rng.dirichlet(np.ones(A - 1), size=Q)   # how the wrong mass splits over answers 1..3
verifier_bias = np.column_stack([np.full(Q, 1.0), rng.normal(0.0, 0.6, size=(Q, A - 1))])  # per answer
NOISE = 1.0                                      # verifier noise per sample
NS = [1, 4, 16, 64, 256, 1024]


def answer_probs(shift):
    p = 1 / (1 + np.exp(-(logit_p + shift)))
    return np.column_stack([p, (1 - p)[:, None] * wrong_split])


def sample(probs, n, rng):
    u = rng.random((Q, n, 1))
    return np.minimum((u > np.cumsum(probs, axis=1)[:, None, :]).sum(axis=2), A - 1)   # (Q, n)


def majority(answers, rng):
    counts = np.stack([(answers == a).sum(axis=1) for a in range(A)], axis=1)
    ties = counts + 0.1 * rng.random(counts.shape)                    # random tie-break
    return np.argmax(ties, axis=1) == 0


def best_of_n(answers, rng):
    scores = verifier_bias[np.arange(Q)[:, None], answers] + NOISE * rng.normal(size=answers.shape)
    return answers[np.arange(Q), np.argmax(scores, axis=1)] == 0


small, big = answer_probs(0.0), answer_probs(BIGGER)
solvable = small[:, 0] > small[:, 1:].max(axis=1)        # correct answer is the single-sample plurality
rows = {}
print(f"single-sample accuracy: small model {small[:, 0].mean():.3f}, bigger model {big[:, 0].mean():.3f}")
print(f"questions whose correct answer is the small model's plurality: {solvable.mean():.2f}\n")
print(f"{'N':>5}{'majority':>10}{'best-of-N':>11}{'pass@N':>8}{'bigger, majority':>18}")
for n in NS:
    rs = np.random.default_rng(n)
    ans_s, ans_b = sample(small, n, rs), sample(big, n, rs)
    rows[n] = (majority(ans_s, rs), best_of_n(ans_s, rs), (ans_s == 0).any(axis=1), majority(ans_b, rs))
    print(f"{n:>5}" + "".join(f"{r.mean():>{w}.3f}" for r, w in zip(rows[n], (10, 11, 8, 18))))

print("\naccuracy by difficulty (rows: the small model's single-sample p)")
print(f"{'p':<8}{'count':>6}{'plurality':>10}{'N = 1':>7}{'maj@64':>8}{'best@64':>9}{'big N=1':>9}{'big maj@64':>12}")
p = small[:, 0]
for lo, hi in [(0.0, 0.1), (0.1, 0.3), (0.3, 0.5), (0.5, 0.7), (0.7, 1.0)]:
    m = (p >= lo) & (p < hi)
    print(f"{f'{lo:.1f}-{hi:.1f}':<8}{m.sum():>6}{solvable[m].mean():>10.2f}{rows[1][0][m].mean():>7.2f}"
          f"{rows[64][0][m].mean():>8.2f}{rows[64][1][m].mean():>9.2f}{rows[1][3][m].mean():>9.2f}"
          f"{rows[64][3][m].mean():>12.2f}")
print(f"{(~solvable).sum()} questions whose plurality is wrong: majority@1024 "
      f"{rows[1024][0][~solvable].mean():.2f}, best-of-1024 {rows[1024][1][~solvable].mean():.2f}")

maj, bon = [rows[n][0].mean() for n in NS], [rows[n][1].mean() for n in NS]
assert maj[-1] - maj[-2] < 0.02 < maj[1] - maj[0]              # gains shrink with N
assert rows[1024][0][~solvable].mean() < 0.1 < 0.9 < rows[1024][0][solvable].mean()
assert rows[1][3].mean() > rows[1][0].mean()                   # one bigger-model sample beats one small one
assert rows[1024][1][~solvable].mean() > 0.5                   # a verifier can pick a minority answer
easy = p >= 0.7
assert rows[64][1][easy].mean() < rows[64][0][easy].mean()     # ... and on easy questions it picks wrong ones

fig, ax = plt.subplots(figsize=(6.4, 4.4), num="Accuracy against the number of samples N for majority vote, "
                       "best-of-N with a noisy verifier, pass@N and a bigger model")
ax.plot(NS, maj, "o-", label="majority vote (small)")
ax.plot(NS, bon, "s-", label="best-of-N, noisy verifier (small)")
ax.plot(NS, [rows[n][2].mean() for n in NS], "^--", label="pass@N: any sample right (small)")
ax.plot(NS, [rows[n][3].mean() for n in NS], "d-", label="majority vote (bigger)")
ax.set_xscale("log", base=2)
ax.set_xlabel("samples per question N")
ax.set_ylabel("accuracy")
fig.subplots_adjust(bottom=0.27)
fig.legend(loc="lower center", ncol=2, frameon=False, fontsize=8)
plt.show()
