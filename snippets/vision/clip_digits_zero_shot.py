"""A toy CLIP on the 8x8 digits: each image comes with a bag-of-words "caption" (the digit's name in 80% of
captions, plus words for how bold, wide and slanted it is). Two linear encoders are trained with CLIP's symmetric
contrastive loss and a learned temperature, using no labels. Then: image-to-caption retrieval, and zero-shot
classification by embedding the prompt "<digit name>" and picking the closest one for each image."""
# output-tolerance: abs=0.01; 600 Adam steps turn the CPU's rounding differences into a few flipped test predictions
import numpy as np
from sklearn.datasets import load_digits
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split

rng = np.random.default_rng(0)
digits = load_digits()
X, y = digits.data / 16.0, digits.target
names = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]

# Caption attributes measured on the image, each cut into three words at its terciles.
img = X.reshape(-1, 8, 8)
cols = np.arange(8.0)
col_mass = img.sum(axis=1)                                         # ink per column
width = np.sqrt((col_mass * (cols - (col_mass * cols).sum(1, keepdims=True) / col_mass.sum(1, keepdims=True)) ** 2)
                .sum(1) / col_mass.sum(1))
top, bottom = (img[:, :3] * cols).sum((1, 2)) / img[:, :3].sum((1, 2)), \
    (img[:, 5:] * cols).sum((1, 2)) / img[:, 5:].sum((1, 2))
attributes = {"ink": (X.sum(1), ["faint", "medium", "bold"]),
              "width": (width, ["narrow", "average-width", "wide"]),
              "slant": (top - bottom, ["left-leaning", "upright", "right-leaning"])}
vocab = names + [w for _, words in attributes.values() for w in words]
T = np.zeros((len(X), len(vocab)))                                 # bag-of-words caption vectors
T[np.arange(len(X)), y] = rng.random(len(X)) < 0.8                 # the digit's name is missing from 20%
for k, (value, _) in enumerate(attributes.values()):
    T[np.arange(len(X)), 10 + 3 * k + np.searchsorted(np.quantile(value, [1 / 3, 2 / 3]), value)] = 1
print("example caption:", " ".join(vocab[j] for j in np.flatnonzero(T[0])), f"(label {y[0]})")

Xtr, Xte, Ttr, Tte, ytr, yte = train_test_split(X, T, y, test_size=0.35, random_state=0, stratify=y)
Xtr, Xte = Xtr - Xtr.mean(0), Xte - Xtr.mean(0)
d = 16                                                             # shared embedding width


def normalise(a):
    n = np.linalg.norm(a, axis=1, keepdims=True)
    return a / n, n


def softmax(z, axis):
    e = np.exp(z - z.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def clip_loss_and_grads(Wi, Wt, log_scale, xb, tb):
    """Symmetric InfoNCE over an N x N similarity matrix; gradients by hand (through the L2 normalisation)."""
    u, nu = normalise(xb @ Wi)
    v, nv = normalise(tb @ Wt)
    scale = np.exp(log_scale)
    S = scale * u @ v.T                                            # logits: image i against caption j
    n = len(S)
    p_rows, p_cols = softmax(S, 1), softmax(S, 0)                  # image -> text, text -> image
    loss = -0.5 * (np.log(np.diag(p_rows)).mean() + np.log(np.diag(p_cols)).mean())
    G = 0.5 * ((p_rows - np.eye(n)) + (p_cols - np.eye(n))) / n    # dLoss / dS
    du, dv = scale * G @ v, scale * G.T @ u
    du = (du - u * (u * du).sum(1, keepdims=True)) / nu            # back through u = a / |a|
    dv = (dv - v * (v * dv).sum(1, keepdims=True)) / nv
    return loss, xb.T @ du, tb.T @ dv, (G * S).sum()


def train(init_scale, learn_scale, batch=256, steps=600, seed=0):
    r = np.random.default_rng(seed)
    params = [r.normal(0, 0.1, (64, d)), r.normal(0, 0.1, (len(vocab), d)), np.log(init_scale)]
    m = [np.zeros_like(np.asarray(p_)) for p_ in params]
    s = [np.zeros_like(np.asarray(p_)) for p_ in params]
    for step in range(1, steps + 1):                               # Adam, lr 0.01
        idx = r.choice(len(Xtr), size=batch, replace=False)
        loss, *grads = clip_loss_and_grads(*params, Xtr[idx], Ttr[idx])
        for k, g in enumerate(grads[:3 if learn_scale else 2]):
            m[k] = 0.9 * m[k] + 0.1 * g
            s[k] = 0.999 * s[k] + 0.001 * g ** 2
            params[k] = params[k] - 0.01 * (m[k] / (1 - 0.9 ** step)) / (np.sqrt(s[k] / (1 - 0.999 ** step)) + 1e-8)
        params[2] = min(params[2], np.log(100.0))                  # CLIP caps the logit scale at 100
    return params


def evaluate(Wi, Wt):
    u, v = normalise(Xte @ Wi)[0], normalise(Tte @ Wt)[0]
    best = (u @ v.T).argmax(1)                                     # each image's closest test caption
    retrieval = (Tte[best] == Tte).all(1).mean()                   # same words as its own caption
    prompts = normalise(np.eye(len(vocab))[:10] @ Wt)[0]           # the prompt "<digit name>", embedded
    zero_shot = ((u @ prompts.T).argmax(1) == yte).mean()
    return retrieval, zero_shot


same = (Tte[:, None, :] == Tte[None, :, :]).all(2)
print(f"{len(Xtr)} training pairs, {len(Xte)} test pairs, vocabulary of {len(vocab)} words, embeddings of {d}")
print(f"chance: retrieval {same.mean():.3f}, zero-shot 0.100")
floor = np.log(np.exp(2) + 255) - 2                                # cosines lie in [-1, 1]: gap at most 2 / tau
print(f"with tau = 1 and 256 pairs per batch the loss cannot fall below {floor:.2f} (chance: log 256 = {np.log(256):.2f})")
print(f"\n{'encoders (batch 256, 600 steps)':<34}{'retrieval top-1':>16}{'zero-shot acc':>15}{'logit scale':>13}")
r0 = np.random.default_rng(1)
ret0, zs0 = evaluate(r0.normal(0, 0.1, (64, d)), r0.normal(0, 0.1, (len(vocab), d)))
print(f"{'random, before training':<34}{ret0:>16.3f}{zs0:>15.3f}{'-':>13}")
results = {}
for label, init_scale, learn in (("fixed tau = 1", 1.0, False),
                                 ("learned, from tau = 0.07 (CLIP)", 1 / 0.07, True),
                                 ("learned, from tau = 1", 1.0, True)):
    Wi, Wt, log_scale = train(init_scale, learn)
    results[label] = evaluate(Wi, Wt) + (np.exp(log_scale),)
    print(f"{label:<34}{results[label][0]:>16.3f}{results[label][1]:>15.3f}{results[label][2]:>13.0f}")

probe = LogisticRegression(max_iter=2000).fit(Xtr, ytr)
print(f"\nsupervised logistic regression on all {len(Xtr)} labels: test accuracy {probe.score(Xte, yte):.3f}")
fixed, clip_init, from_one = results.values()
assert zs0 < 0.2 and ret0 < 0.02 and clip_init[1] > 0.8 and clip_init[0] > 0.4   # training learned the pairing
assert fixed[1] < clip_init[1] - 0.05 and abs(clip_init[2] - from_one[2]) < 6    # tau = 1 is too soft; both runs
assert 20 < clip_init[2] < 35                                                    # settle on a scale near 25-28
