"""GRPO on a toy policy with a verifiable 0/1 reward: a linear softmax policy picks one of 6 candidate
answers per question; a checker says whether it is right. Compare advantages: raw reward (REINFORCE, no
baseline), also with a format bonus of 1 that every answer earns, reward minus the group mean (Dr. GRPO),
and GRPO's (r - mean) / std, with and without a KL penalty to the reference policy. One gradient step per
batch, so the PPO ratio is 1 and clipping is idle."""
import matplotlib.pyplot as plt
import numpy as np

rng = np.random.default_rng(0)
Q, K, D = 512, 6, 12                     # questions, candidate answers per question, features
X = rng.normal(size=(Q, K, D))           # features of each (question, answer)
w_true = rng.normal(size=D)
correct = np.argmax(X @ w_true + rng.normal(scale=2.0, size=(Q, K)), axis=1)   # the checker's answer key
theta_ref = 0.15 * w_true                # the "base model": right more often than chance, not always
G, B, STEPS, LR = 8, 8, 300, 0.25        # group size, questions per batch, steps, learning rate


def policy(theta):
    z = X @ theta
    z -= z.max(axis=1, keepdims=True)
    p = np.exp(z)
    return p / p.sum(axis=1, keepdims=True)


def advantages(r, scheme):
    if scheme == "reinforce":
        return r
    a = r - r.mean(axis=1, keepdims=True)
    if scheme == "grpo":
        a = a / (r.std(axis=1, keepdims=True) + 1e-6)      # all-equal group: std 0, advantage 0
    return a


def batch_gradient(theta, qs, scheme, beta, rng, bonus=0.0):
    """Gradient of mean over the batch of (1/G) sum_i A_i log pi(a_i | q), minus beta KL(pi || pi_ref)."""
    p = policy(theta)[qs]                                           # (B, K)
    u = rng.random((len(qs), G, 1))
    a = (u > np.cumsum(p, axis=1)[:, None, :]).sum(axis=2)          # G sampled answers per question
    a = np.minimum(a, K - 1)
    r = (a == correct[qs][:, None]).astype(float) + bonus            # verifiable 0/1 reward (+ format bonus)
    adv = advantages(r, scheme)
    onehot = np.eye(K)[a]                                           # (B, G, K)
    dlogits = (adv[:, :, None] * (onehot - p[:, None, :])).mean(axis=1)   # d/dlogits of mean_i A_i log pi
    if beta:
        logratio = np.log(p) - np.log(policy(theta_ref)[qs])
        kl = (p * logratio).sum(axis=1, keepdims=True)
        dlogits -= beta * p * (logratio - kl)                       # exact gradient of the KL term
    grad = np.einsum("bk,bkd->d", dlogits, X[qs]) / len(qs)
    zero_signal = np.mean(np.all(adv == 0, axis=1))
    return grad, zero_signal


def accuracy(theta):
    return policy(theta)[np.arange(Q), correct].mean()


def pass_at_8(theta):
    return (1 - (1 - policy(theta)[np.arange(Q), correct]) ** 8).mean()


def kl_to_ref(theta):
    p, p0 = policy(theta), policy(theta_ref)
    return (p * np.log(p / p0)).sum(axis=1).mean()


runs = {"REINFORCE, r in {0, 1}": ("reinforce", 0.0, 0.0), "REINFORCE, r in {1, 2}": ("reinforce", 0.0, 1.0),
        "r - mean (Dr. GRPO)": ("mean", 0.0, 0.0), "GRPO (r - mean) / std": ("grpo", 0.0, 0.0),
        "GRPO + KL, beta = 0.1": ("grpo", 0.1, 0.0)}
checkpoints = [0, 25, 100, 300]
curves, finals = {}, {}
print("pass@1 (expected accuracy of one sample) on 512 questions; KL to reference")
print(f"{'advantage':<24}" + "".join(f"{'step ' + str(s):>9}" for s in checkpoints) + f"{'pass@8':>8}{'KL':>7}")
print(f"{'base model':<24}{accuracy(theta_ref):>9.3f}{'':>27}{pass_at_8(theta_ref):>8.3f}{0:>7.3f}")
for name, (scheme, beta, bonus) in runs.items():
    theta, curve, rs = theta_ref.copy(), [accuracy(theta_ref)], np.random.default_rng(1)
    for step in range(STEPS):
        qs = rs.choice(Q, size=B, replace=False)
        g, _ = batch_gradient(theta, qs, scheme, beta, rs, bonus)
        theta += LR * g
        curve.append(accuracy(theta))
    curves[name], finals[name] = curve, theta
    print(f"{name:<24}" + "".join(f"{curve[s]:>9.3f}" for s in checkpoints) + f"{pass_at_8(theta):>8.3f}"
          f"{kl_to_ref(theta):>7.3f}")

# How noisy is one batch's gradient? Cosine between 400 single-batch estimates and their mean, at the base model.
print("\nat the base model, 400 batch gradients per scheme")
print(f"{'advantage':<24}{'cos(batch, mean)':>18}")
cosines = {}
for name, (scheme, _, bonus) in list(runs.items())[:4]:
    rs = np.random.default_rng(2)
    est = [batch_gradient(theta_ref, rs.choice(Q, size=B, replace=False), scheme, 0.0, rs, bonus)
           for _ in range(400)]
    gs = np.array([g for g, _ in est])
    mean = gs.mean(axis=0)
    cos = gs @ mean / (np.linalg.norm(gs, axis=1) * np.linalg.norm(mean))
    cosines[name] = cos.mean()
    print(f"{name:<24}{cos.mean():>18.2f}")

# A group whose 8 answers are all right (or all wrong) has zero advantage: it teaches nothing.
rs = np.random.default_rng(3)
for label, theta in (("base model", theta_ref), ("after GRPO", finals["GRPO (r - mean) / std"])):
    zero = np.mean([batch_gradient(theta, rs.choice(Q, size=B, replace=False), "grpo", 0.0, rs)[1]
                    for _ in range(200)])
    print(f"groups with no signal, {label}: {zero:.2f}")

# Length bias of GRPO's per-response 1/|o| averaging: the weight each token of a response receives.
print("\nGRPO per-token weight A/|o|, one correct answer in a group of 8")
r = np.array([1.0] + [0.0] * 7)
adv = (r - r.mean()) / r.std()
for length in (100, 1000):
    print(f"  |o| = {length:>4}: correct {adv[0] / length:+.5f}, wrong {adv[1] / length:+.5f}")

acc = {k: v[-1] for k, v in curves.items()}
assert acc["GRPO (r - mean) / std"] > acc["REINFORCE, r in {1, 2}"]
assert cosines["r - mean (Dr. GRPO)"] > cosines["REINFORCE, r in {1, 2}"] + 0.1
assert kl_to_ref(finals["GRPO + KL, beta = 0.1"]) < kl_to_ref(finals["GRPO (r - mean) / std"])
assert pass_at_8(finals["GRPO (r - mean) / std"]) < pass_at_8(theta_ref) - 0.03     # sharper, not broader

fig, ax = plt.subplots(figsize=(6.4, 3.6), num="Pass@1 against training step for five advantage rules "
                       "on a toy policy with a verifiable reward")
for name, curve in curves.items():
    ax.plot(curve, label=name)
ax.set_xlabel("training step (8 questions x 8 samples)")
ax.set_ylabel("pass@1")
ax.legend(frameon=False)
plt.show()
