"""Sampling consistency as a hallucination detector, in the spirit of SelfCheckGPT. Each of 4,000 claims has 10
possible values (a birth year, say); the model's distribution over them is sharp for facts it saw often and flat
for long-tail ones, and 5% of its peaks sit on a wrong value learned from noisy data. The main answer is the greedy
one; N more answers are sampled at temperature 1, and 1 - (fraction agreeing with the main answer) scores the
claim. AUROC measures how well the score ranks hallucinated claims above correct ones."""
import numpy as np
from sklearn.metrics import roc_auc_score

rng = np.random.default_rng(0)
n_claims, V = 4_000, 10
truth = rng.integers(0, V, n_claims)
docs = rng.lognormal(mean=1.0, sigma=1.5, size=n_claims)      # how often each fact appeared in training data
peak = 1 - np.exp(-docs / 2)                                   # mass the model puts on the value it learned
noisy = rng.random(n_claims) < 0.05                            # learned a wrong value from noisy data
learned = np.where(noisy, (truth + rng.integers(1, V, n_claims)) % V, truth)
probs = (1 - peak)[:, None] * rng.dirichlet(np.ones(V), n_claims)   # leftover mass spread unevenly
probs[np.arange(n_claims), learned] += peak

main = probs.argmax(1)                                         # greedy answer, as the main response
halluc = main != truth
firm = halluc & noisy & (peak >= 0.7)                          # a wrong value learned firmly from noisy data
print(f"{n_claims:,} claims, {halluc.mean():.3f} of greedy answers are wrong; "
      f"{firm.sum() / halluc.sum():.2f} of the wrong ones were learned firmly from noisy data")

cdf = np.cumsum(probs, axis=1)
N_MAX = 20
u = rng.random((n_claims, N_MAX))
samples = np.minimum((u[:, :, None] > cdf[:, None, :]).sum(2), V - 1)   # N_MAX samples per claim at T = 1
agree = samples == main[:, None]

print(f"\n{'samples N':>9}{'AUROC':>8}")
auc = {}
for N in [1, 2, 5, 10, 20]:
    score = 1 - agree[:, :N].mean(1)                           # disagreement with the main answer
    auc[N] = roc_auc_score(halluc, score)
    print(f"{N:>9}{auc[N]:>8.3f}")
grey = roc_auc_score(halluc, 1 - probs[np.arange(n_claims), main])   # needs the model's probabilities
print(f"{'p(main)':>9}{grey:>8.3f}   (grey-box: the model's own probability of its answer)")
assert auc[1] < auc[5] < auc[20] <= grey + 0.01 and 0.7 < auc[20] < 0.8 and 0.1 < halluc.mean() < 0.15

# What consistency cannot see: a wrong value the model learned firmly is sampled consistently too.
score = 1 - agree.mean(1)
flag = score >= 0.5                                            # flag claims where most samples disagree
vague = halluc & ~firm                                         # wrong because the model barely knows the fact
print(f"\nflagged at disagreement >= 0.5 with N = 20: {flag[vague].mean():.2f} of long-tail errors, "
      f"{flag[firm].mean():.2f} of firmly learned errors, {flag[~halluc].mean():.2f} of correct answers")
keep = ~firm                                                   # drop the firm errors and score again
print(f"AUROC with N = 20 without the firmly learned errors: {roc_auc_score(halluc[keep], score[keep]):.3f}")
assert flag[vague].mean() > 0.8 and flag[firm].mean() < 0.05 and roc_auc_score(halluc[keep], score[keep]) > 0.85
