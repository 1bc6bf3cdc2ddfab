"""Speculative sampling checked empirically. One step: draw from a draft q, accept with min(1, p/q), else draw
from the normalised residual max(0, p - q); the result follows the target p, not q. A wrong variant that
resamples from p after a rejection is biased. Then the full algorithm (gamma = 4 drafted tokens per target
call) on toy bigram models: the distribution of whole 3-token continuations matches the target's, and the
tokens per target call match (1 - alpha^(gamma+1)) / (1 - alpha)."""
import bisect

import matplotlib.pyplot as plt
import numpy as np

rng = np.random.default_rng(0)
V, N = 8, 200_000
p = rng.dirichlet(np.ones(V))                                 # target model's next-token distribution
q = 0.5 * p + 0.5 * rng.dirichlet(np.ones(V))                 # a cheaper draft that roughly agrees


def tv(a, b):
    return 0.5 * np.abs(a - b).sum()


def speculative_samples(p, q, n, residual_from_p=False):
    """n independent speculative steps, vectorised: returns the emitted tokens and which drafts were accepted."""
    x = rng.choice(V, size=n, p=q)
    accept = rng.random(n) < np.minimum(1.0, p[x] / q[x])
    r = p if residual_from_p else np.maximum(p - q, 0) / np.maximum(p - q, 0).sum()
    return np.where(accept, x, rng.choice(V, size=n, p=r)), accept


out, acc = speculative_samples(p, q, N)
hist = np.bincount(out, minlength=V) / N
accepted = acc.mean()
wrong = np.bincount(speculative_samples(p, q, N, residual_from_p=True)[0], minlength=V) / N
alpha = np.minimum(p, q).sum()                                # = 1 - TV(p, q)
print(f"TV(draft q, target p)                 = {tv(q, p):.3f}")
print(f"TV(speculative output, target p)      = {tv(hist, p):.3f}   (sampling noise for {N:,} draws)")
print(f"TV(resample-from-p variant, target p) = {tv(wrong, p):.3f}")
print(f"acceptance rate {accepted:.3f}, predicted sum(min(p, q)) = {alpha:.3f}")
assert tv(hist, p) < 0.005 and tv(wrong, p) > 0.03 and abs(accepted - alpha) < 0.005

# Full speculative decoding on bigram models: target P, draft Q = a blend of P and noise.
V2, gamma, length = 5, 4, 3
P = rng.dirichlet(np.ones(V2), size=V2)
Q = 0.6 * P + 0.4 * rng.dirichlet(np.ones(V2), size=V2)


CDF_P, CDF_Q = np.cumsum(P, axis=1).tolist(), np.cumsum(Q, axis=1).tolist()
RES = np.maximum(P - Q, 0)                                    # residual of each context's row
CDF_R = np.cumsum(RES / RES.sum(1, keepdims=True), axis=1).tolist()
P_list, Q_list = P.tolist(), Q.tolist()


def uniform_stream():
    while True:
        yield from rng.random(100_000).tolist()


uniforms = uniform_stream()


def draw(cdf_row):
    """Inverse-CDF sampling from one row, in plain Python for speed."""
    u = next(uniforms)
    return min(bisect.bisect_right(cdf_row, u), V2 - 1)


def speculative_generate(start, n_tokens):
    """Leviathan et al.'s algorithm: draft gamma tokens with Q, score them with P in one (simulated) call."""
    seq, calls = [start], 0
    while len(seq) - 1 < n_tokens:
        draft = []
        for _ in range(gamma):
            draft.append(draw(CDF_Q[(seq + draft)[-1]]))
        calls += 1                                            # one target pass scores all gamma + 1 positions
        for x in draft:
            ctx = seq[-1]
            if next(uniforms) < min(1.0, P_list[ctx][x] / Q_list[ctx][x]):
                seq.append(x)
            else:
                seq.append(draw(CDF_R[ctx]))                  # rejected: draw from the residual, then stop
                break
        else:
            seq.append(draw(CDF_P[seq[-1]]))                  # all accepted: one bonus token from the target
    return tuple(seq[1:n_tokens + 1]), calls


M = 60_000
exact = np.einsum("a,ab,bc->abc", P[0], P, P).ravel()        # exact probability of each 3-token continuation
spec = np.bincount([np.ravel_multi_index(speculative_generate(0, length)[0], (V2,) * 3) for _ in range(M)],
                   minlength=V2 ** 3) / M
cdf_P = np.cumsum(P, axis=1)
first = np.minimum((rng.random(M)[:, None] > cdf_P[0]).sum(1), V2 - 1)   # plain ancestral sampling,
second = np.minimum((rng.random(M)[:, None] > cdf_P[first]).sum(1), V2 - 1)   # for the noise level
third = np.minimum((rng.random(M)[:, None] > cdf_P[second]).sum(1), V2 - 1)
direct = np.bincount(np.ravel_multi_index((first, second, third), (V2,) * 3),
                     minlength=V2 ** 3) / M
print(f"\n3-token continuations ({V2 ** 3} outcomes, {M:,} samples each):")
print(f"TV(speculative, exact target) = {tv(spec, exact):.3f}, TV(direct sampling, exact target) = "
      f"{tv(direct, exact):.3f}")
assert tv(spec, exact) < 1.5 * tv(direct, exact) + 0.005

# Tokens per target call with a context-free target and draft: simulation against the closed form.
rejection_at = rng.geometric(1 - alpha, size=200_000)            # drafts until the first rejection
toks = np.minimum(rejection_at - 1, gamma) + 1                # accepted drafts plus the corrected/bonus token
predicted = (1 - alpha ** (gamma + 1)) / (1 - alpha)
print(f"\ngamma = {gamma}, alpha = {alpha:.3f}: tokens per target call {np.mean(toks):.2f}, "
      f"formula {predicted:.2f}")
assert abs(np.mean(toks) - predicted) < 0.05

assert 0.2 < tv(q, p) < 0.25 and 0.06 < tv(wrong, p) < 0.13 and 0.75 < alpha < 0.8

fig, ax = plt.subplots(figsize=(6.4, 3.4), num="Histogram of 200,000 speculative samples next to the target "
                                               "and draft distributions over 8 tokens: the output matches "
                                               "the target, and resampling from the target after a "
                                               "rejection does not")
w = 0.2
for k, (vals, label) in enumerate([(p, "target p"), (hist, "speculative output"), (q, "draft q"),
                                   (wrong, "resample from p (wrong)")]):
    ax.bar(np.arange(V) + (k - 1.5) * w, vals, w, label=label)
ax.set_xlabel("token")
ax.set_ylabel("probability")
ax.set_ylim(0, 1.4 * max(p.max(), q.max(), hist.max(), wrong.max()))
ax.legend(fontsize=8, ncol=2, loc="upper left")
fig.tight_layout()
plt.show()
