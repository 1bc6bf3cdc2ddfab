"""Bootstrap confidence intervals for a benchmark accuracy on N questions, against the normal approximation,
and a paired bootstrap for the difference between two models scored on the same questions."""
import numpy as np

rng = np.random.default_rng(0)
B = 5_000                                           # bootstrap resamples


def bootstrap_ci(correct: np.ndarray) -> tuple[float, float]:
    """Percentile interval of the mean over B resamples of the questions (in chunks, to save memory)."""
    means = np.concatenate([correct[rng.integers(0, correct.size, size=(500, correct.size))].mean(axis=1)
                            for _ in range(B // 500)])
    return tuple(np.percentile(means, [2.5, 97.5]))


print(f"{'N':>6}{'accuracy':>10}{'bootstrap 95% CI':>20}{'normal 95% CI':>18}{'half-width':>12}")
widths, accs = {}, {}
for n in [100, 400, 1600, 6400]:
    correct = (rng.random(n) < 0.70).astype(float)  # a model whose true accuracy is 0.70
    acc = correct.mean()
    lo, hi = bootstrap_ci(correct)
    se = np.sqrt(acc * (1 - acc) / n)
    widths[n], accs[n] = (hi - lo) / 2, acc
    print(f"{n:>6}{acc:>10.3f}{f'[{lo:.3f}, {hi:.3f}]':>20}"
          f"{f'[{acc - 1.96 * se:.3f}, {acc + 1.96 * se:.3f}]':>18}{widths[n]:>12.3f}")
assert 0.08 < widths[100] < 0.10 and 0.010 < widths[6400] < 0.013, widths   # 4x the questions, half the width

# Two models on the same 1,000 questions; B is right on a few more, and their errors are correlated.
rng = np.random.default_rng(1)
n = 1000
difficulty = rng.random(n)
a = (difficulty < 0.70).astype(float)
b = (difficulty < 0.72).astype(float)
flip = rng.random(n) < 0.10                         # some items where the two models disagree at random
b[flip] = (rng.random(flip.sum()) < 0.72).astype(float)
diff = b.mean() - a.mean()
idx = rng.integers(0, n, size=(B, n))
paired = b[idx].mean(axis=1) - a[idx].mean(axis=1)  # resample questions, keep the pairing
idx2 = rng.integers(0, n, size=(B, n))
unpaired = b[idx].mean(axis=1) - a[idx2].mean(axis=1)   # wrongly treats the two score lists as independent
lo_p, hi_p = np.percentile(paired, [2.5, 97.5])
lo_u, hi_u = np.percentile(unpaired, [2.5, 97.5])
print(f"model A {a.mean():.3f}, model B {b.mean():.3f} on the same {n} questions; difference {diff:+.3f}")
print(f"paired bootstrap 95% CI   [{lo_p:+.3f}, {hi_p:+.3f}]")
print(f"unpaired bootstrap 95% CI [{lo_u:+.3f}, {hi_u:+.3f}]  (ignores that both saw the same questions)")
print(f"interval widths: paired {hi_p - lo_p:.3f}, unpaired {hi_u - lo_u:.3f}")
assert hi_p - lo_p < 0.5 * (hi_u - lo_u) and lo_u < 0 < lo_p, (lo_p, hi_p, lo_u, hi_u)
assert abs(diff - 0.029) < 0.0015 and abs(widths[100] - 0.095) < 0.003, (diff, widths)
assert abs(lo_p - 0.015) < 0.003 and abs(hi_p - 0.043) < 0.003 and abs(lo_u + 0.011) < 0.004 and abs(hi_u - 0.069) < 0.004
assert abs(accs[100] - 0.630) < 1e-9, accs
