"""DPO on a toy categorical policy over 6 responses: minimise the DPO loss on Bradley-Terry preferences
and check that the result is the KL-regularised optimum pi* = pi_ref exp(r / beta) / Z."""
import matplotlib.pyplot as plt
import numpy as np

rng = np.random.default_rng(0)
K = 6
pi_ref = np.exp(rng.normal(size=K))
pi_ref /= pi_ref.sum()                             # reference (SFT) policy
r = np.array([0.0, 0.5, 1.0, 1.5, 2.0, 3.0])       # true reward of each response
sig = lambda t: 1 / (1 + np.exp(-t))


def closed_form(beta: float) -> np.ndarray:
    p = pi_ref * np.exp(r / beta)
    return p / p.sum()


def objective(pi: np.ndarray, beta: float) -> float:
    """The RLHF objective E_pi[r] - beta KL(pi || pi_ref)."""
    return float(pi @ r - beta * np.sum(pi * np.log(pi / pi_ref)))


def dpo(beta: float, steps: int = 5000, lr: float = 2.0) -> np.ndarray:
    """Gradient descent on the expected DPO loss. Pairs are drawn from pi_ref and labelled by
    Bradley-Terry on r; the loss is -log sigmoid(beta * (h_w - h_l)) with h = log(pi / pi_ref)."""
    w = pi_ref[:, None] * pi_ref[None, :] * sig(r[:, None] - r[None, :])   # P(pair, i preferred to j)
    theta = np.log(pi_ref).copy()                  # start at the reference policy
    for _ in range(steps):
        pi = np.exp(theta - theta.max())
        pi /= pi.sum()
        h = np.log(pi) - np.log(pi_ref)
        g_pair = -beta * w * sig(-beta * (h[:, None] - h[None, :]))   # d loss / d h_i for each (i, j)
        g_h = g_pair.sum(axis=1) - g_pair.sum(axis=0)                   # i as winner, j as loser
        theta -= lr * (g_h - pi * g_h.sum())                           # chain rule through log-softmax
    pi = np.exp(theta - theta.max())
    return pi / pi.sum()


print("response          " + "".join(f"{k:>7}" for k in range(K)))
print("reward r          " + "".join(f"{v:>7.1f}" for v in r))
print("pi_ref            " + "".join(f"{v:>7.3f}" for v in pi_ref))
results = {}
for beta in [0.5, 1.0, 3.0]:
    star, learned = closed_form(beta), dpo(beta)
    results[beta] = (star, learned)
    print(f"beta = {beta}: pi*  " + "".join(f"{v:>7.3f}" for v in star))
    print("           DPO  " + "".join(f"{v:>7.3f}" for v in learned))
greedy = np.eye(K)[r.argmax()]
print(f"{'beta':>5}{'max|DPO - pi*|':>16}{'spread of implicit r - r':>26}{'KL(pi*||ref)':>14}"
      f"{'J(pi_ref)':>11}{'J(pi*)':>9}{'J(DPO)':>9}{'J(greedy)':>11}")
for beta, (star, learned) in results.items():
    J_greedy = r.max() - beta * np.log(1 / pi_ref[r.argmax()])   # KL of a point mass = -log pi_ref
    implicit = beta * np.log(learned / pi_ref)                   # DPO's implicit reward
    spread = np.ptp(implicit - r)                                 # zero if equal up to a constant
    print(f"{beta:>5.1f}{np.abs(learned - star).max():>16.6f}{spread:>26.6f}{np.sum(star * np.log(star / pi_ref)):>14.3f}"
          f"{objective(pi_ref, beta):>11.3f}{objective(star, beta):>9.3f}{objective(learned, beta):>9.3f}"
          f"{J_greedy:>11.3f}")
    assert np.abs(learned - star).max() < 1e-6 and spread < 1e-6, (beta, learned, star)
    assert objective(star, beta) > max(objective(pi_ref, beta), J_greedy)

fig, ax = plt.subplots(figsize=(6.4, 3.4), num="Reference policy, closed-form optimum and DPO solution "
                                               "over six responses at beta = 1")
x = np.arange(K)
ax.bar(x - 0.25, pi_ref, 0.25, label="reference policy")
ax.bar(x, results[1.0][0], 0.25, label="closed form pi* (beta = 1)")
ax.bar(x + 0.25, results[1.0][1], 0.25, label="minimiser of the DPO loss")
ax.set(xlabel="response (reward increases to the right)", ylabel="probability", xticks=x)
ax.legend(fontsize=8)
fig.tight_layout()
plt.show()
star05, star3 = results[0.5][0], results[3.0][0]
assert abs(objective(star05, 0.5) - 2.263) < 0.001 and abs(np.sum(star05 * np.log(star05 / pi_ref)) - 1.157) < 0.001
assert abs(np.sum(star3 * np.log(star3 / pi_ref)) - 0.060) < 0.001
assert abs(r.max() - 0.5 * np.log(1 / pi_ref[-1]) - 2.205) < 0.001 and abs(r.max() - 3 * np.log(1 / pi_ref[-1]) + 1.770) < 0.001
