"""Selective answering: a model that knows the probability p_i of being right on each of 20,000 questions answers
only when its confidence reaches a threshold t. Moving t trades coverage for accuracy. Under binary grading
(right = 1, wrong = 0, abstain = 0) answering everything maximises the expected score, so a model tuned on such
benchmarks learns to guess; once a wrong answer costs lam points, the best threshold is lam / (1 + lam). An
over-confident model cannot find that threshold. Expected values are exact sums of p_i, not sampled outcomes."""
import matplotlib.pyplot as plt
import numpy as np

rng = np.random.default_rng(0)
n = 20_000
head = rng.random(n) < 0.6                                    # 60% well-covered facts, 40% long-tail ones
p = np.where(head, rng.beta(8.0, 1.5, n), rng.beta(1.2, 3.0, n))   # probability the answer is right
LAM = 1.0                                                     # penalty for a wrong answer in the second grading


def grade(conf, t, lam):
    """Coverage, selective accuracy, hallucination rate (wrong answers / all questions) and expected score."""
    ans = conf >= t
    right, wrong = p[ans].sum() / n, (1 - p[ans]).sum() / n
    cover = ans.mean()
    return cover, right / cover if cover else float("nan"), wrong, right - lam * wrong


print(f"{n:,} questions, mean probability of a right answer {p.mean():.3f}; confidence = p (calibrated)")
print(f"{'threshold':>9}{'coverage':>10}{'accuracy':>10}{'halluc.':>9}{'binary score':>14}{'penalised (-1)':>16}")
for t in [0.0, 0.25, 0.5, 0.75, 0.9]:
    cover, acc, wrong, pen = grade(p, t, LAM)
    print(f"{t:>9.2f}{cover:>10.3f}{acc:>10.3f}{wrong:>9.3f}{grade(p, t, 0.0)[3]:>14.3f}{pen:>16.3f}")

grid = np.linspace(0, 0.99, 100)
binary = np.array([grade(p, t, 0.0)[3] for t in grid])
penal = np.array([grade(p, t, LAM)[3] for t in grid])
t_bin, t_pen = grid[binary.argmax()], grid[penal.argmax()]
print(f"\nbest threshold, binary grading:      {t_bin:.2f} (answer everything)")
print(f"best threshold, wrong answer costs {LAM:.0f}: {t_pen:.2f} (rule lam / (1 + lam) = {LAM / (1 + LAM):.2f})")
assert t_bin == 0.0 and abs(t_pen - LAM / (1 + LAM)) <= 0.011
cover, acc, wrong, pen = grade(p, 0.5, LAM)                   # the figures the page quotes
assert 0.6 < cover < 0.7 and 0.8 < acc < 0.85 and 0.1 < wrong < 0.13 and 0.35 < grade(p, 0.0, 0.0)[2] < 0.4

# An over-confident model reports c = p ** 0.25 (a 0.2 chance reads as 0.67) and applies the same rule.
over = p ** 0.25
_, acc_o, wrong_o, pen_o = grade(over, LAM / (1 + LAM), LAM)
_, acc_c, wrong_c, pen_c = grade(p, LAM / (1 + LAM), LAM)
print(f"\nthreshold 0.50, wrong answer costs 1:  calibrated score {pen_c:.3f} (hallucination rate {wrong_c:.3f})")
print(f"                                     over-confident score {pen_o:.3f} (hallucination rate {wrong_o:.3f})")
assert pen_c > pen_o + 0.1 and 0.3 < wrong_o < 0.37

fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(7.2, 3.2), num="Left: accuracy of the answered questions against "
                               "coverage as the abstention threshold rises. Right: expected score against the "
                               "threshold; binary grading peaks at threshold 0 (always answer), grading that "
                               "subtracts 1 per wrong answer peaks at 0.5")
curve = np.array([grade(p, t, LAM)[:2] for t in grid])
ax1.plot(curve[:, 0], curve[:, 1])
ax1.set_xlabel("coverage (fraction answered)")
ax1.set_ylabel("accuracy when answering")
ax2.plot(grid, binary, label="binary: wrong = 0")
ax2.plot(grid, penal, label="wrong = -1")
ax2.axvline(t_pen, color="grey", lw=0.8, ls="--")
ax2.set_xlabel("confidence threshold t")
ax2.set_ylabel("expected score per question")
ax2.legend(fontsize=8)
fig.tight_layout()
plt.show()
