"""Why long agent runs fail, and what pass^k measures. A task of n steps, each right with probability p, succeeds
with probability p^n. A verifier that catches a wrong step with probability r, plus a budget of b retries per
step, raises the per-step success; the closed form is checked by simulation. Then pass@k (at least one of k
trials succeeds) against pass^k (all k succeed) for 300 tasks of unequal difficulty, estimated without bias
from 8 trials per task."""
from math import comb

import matplotlib.pyplot as plt
import numpy as np

rng = np.random.default_rng(0)

print("task success p^n for n independent steps")
steps = [1, 5, 10, 20, 50]
print(f"{'p per step':>10}" + "".join(f"{f'n = {n}':>9}" for n in steps))
for p in [0.99, 0.95, 0.90]:
    print(f"{p:>10.2f}" + "".join(f"{p ** n:>9.3f}" for n in steps))


def step_success(p, r, b):
    """A step fails if a wrong attempt slips past the verifier, or if every one of its 1 + b attempts is caught."""
    q = 1 - p
    slipped = sum((q * r) ** j * q * (1 - r) for j in range(b + 1))
    return 1 - slipped - (q * r) ** (b + 1)


def simulate(p, r, b, n, tasks=100_000):
    """Monte Carlo of the same process: attempt, verify, retry while the budget lasts."""
    right = rng.random((tasks, n, b + 1)) < p
    caught = rng.random((tasks, n, b + 1)) < r
    done = np.zeros((tasks, n), bool)
    ok = np.zeros((tasks, n), bool)
    calls = np.zeros((tasks, n))
    for a in range(b + 1):
        live = ~done
        calls += live
        ok |= live & right[:, :, a]
        done |= live & (right[:, :, a] | ~caught[:, :, a])      # right, or wrong and not caught: the step ends
    return ok.all(1).mean(), calls.mean()


P, R, B, N = 0.95, 0.9, 2, 20
exact = step_success(P, R, B) ** N
sim, calls = simulate(P, R, B, N)
print(f"\np = {P}, n = {N} steps: no verifier {P ** N:.3f}")
print(f"verifier recall r = {R}, {B} retries per step: {exact:.3f} (simulated {sim:.3f}), "
      f"{calls:.3f} model calls per step")
print(f"perfect verifier, {B} retries: {step_success(P, 1.0, B) ** N:.3f}; "
      f"r = {R}, unlimited retries: {step_success(P, R, 50) ** N:.3f}")
assert abs(sim - exact) < 0.005 and 0.35 < P ** N < 0.37 and 0.89 < exact < 0.91

# pass@k and pass^k over tasks of unequal difficulty: each task has its own success probability s.
n_tasks, n_trials = 300, 8
s = rng.beta(1.5, 1.0, n_tasks)
c = rng.binomial(n_trials, s)                                # successes in 8 trials per task
print(f"\n{n_tasks} tasks, {n_trials} trials each; mean success per trial {s.mean():.3f}")
print(f"{'k':>3}{'pass@k':>9}{'estimate':>10}{'pass^k':>9}{'estimate':>10}{'(pass@1)^k':>12}")
res = {}
for k in [1, 2, 4, 8]:
    at_true, hat_true = np.mean(1 - (1 - s) ** k), np.mean(s ** k)
    at_est = np.mean([1 - comb(n_trials - ci, k) / comb(n_trials, k) for ci in c])   # Chen et al. (2021)
    hat_est = np.mean([comb(ci, k) / comb(n_trials, k) for ci in c])                  # Yao et al. (2024)
    res[k] = (at_true, hat_true)
    print(f"{k:>3}{at_true:>9.3f}{at_est:>10.3f}{hat_true:>9.3f}{hat_est:>10.3f}{s.mean() ** k:>12.3f}")
    assert abs(at_est - at_true) < 0.015 and abs(hat_est - hat_true) < 0.015
assert res[8][1] < 0.3 < 0.9 < res[8][0] and res[8][1] > s.mean() ** 8

fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(7.2, 3.2), num="Left: task success against the number of steps for "
                               "per-step success 0.99, 0.95 and 0.90, without a verifier (solid) and with a "
                               "verifier of recall 0.9 and two retries (dashed). Right: pass@k rises and pass^k "
                               "falls as the number of trials k grows")
n_axis = np.arange(1, 51)
for p in [0.99, 0.95, 0.90]:
    line, = ax1.plot(n_axis, p ** n_axis, label=f"p = {p:.2f}")
    ax1.plot(n_axis, step_success(p, R, B) ** n_axis, ls="--", color=line.get_color())
ax1.plot([], [], ls="--", color="grey", label="dashed: verifier")
ax1.set_xlabel("steps n")
ax1.set_ylabel("task success")
ax1.set_ylim(0, 1.02)
ax1.legend(fontsize=8)
ks = np.arange(1, 9)
ax2.plot(ks, [np.mean(1 - (1 - s) ** k) for k in ks], marker="o", label="pass@k (any succeeds)")
ax2.plot(ks, [np.mean(s ** k) for k in ks], marker="s", label="pass^k (all succeed)")
ax2.set_xlabel("trials k")
ax2.set_ylabel("fraction of tasks")
ax2.set_ylim(0, 1.02)
ax2.legend(fontsize=8)
fig.tight_layout()
plt.show()
