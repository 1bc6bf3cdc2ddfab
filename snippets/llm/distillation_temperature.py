"""Knowledge distillation with temperature: a teacher's softened probabilities at several T, the soft-target
gradient (q - p) / T checked by finite differences, and why the soft loss is multiplied by T^2."""
import numpy as np

v = np.array([9.0, 5.0, 4.0, 1.0, 0.5, 0.0, -1.0, -1.5, -2.0, -3.0])   # teacher logits, 10 classes
v -= v.mean()                                                          # zero-mean logits
rng = np.random.default_rng(0)
z = rng.normal(size=10)
z -= z.mean()                                                          # student logits


def softmax(logits: np.ndarray, T: float) -> np.ndarray:
    e = np.exp((logits - logits.max()) / T)
    return e / e.sum()


def soft_loss(z: np.ndarray, T: float) -> float:
    """Cross-entropy between the teacher's and the student's softened distributions."""
    return float(-(softmax(v, T) * np.log(softmax(z, T))).sum())


print(f"{'T':>4}  {'teacher p at T (classes 0-3)':<30}{'entropy (nats)':>15}{'p(class 1)/p(class 3)':>23}")
for T in [1, 2, 4, 10]:
    p = softmax(v, T)
    print(f"{T:>4}  {'  '.join(f'{x:.3f}' for x in p[:4]):<30}{-(p * np.log(p)).sum():>15.3f}"
          f"{p[1] / p[3]:>23.1f}")

# Gradient of the soft loss with respect to the student logits: (q - p) / T. Check at T = 4.
T, eps = 4.0, 1e-6
analytic = (softmax(z, T) - softmax(v, T)) / T
numeric = np.array([(soft_loss(z + eps * np.eye(10)[i], T) - soft_loss(z - eps * np.eye(10)[i], T)) / (2 * eps)
                    for i in range(10)])
print(f"finite-difference check at T = 4: max |analytic - numeric| < 1e-8: {np.abs(analytic - numeric).max() < 1e-8}")
assert np.abs(analytic - numeric).max() < 1e-8

# For large T the gradient approaches (z - v) / (N T^2): its size falls as 1/T^2, so multiply the soft
# loss by T^2 to keep its weight relative to the hard-label loss roughly fixed as T changes.
hard_grad = softmax(z, 1.0) - np.eye(10)[0]                           # hard label = class 0, at T = 1
print(f"hard-label gradient norm at T = 1: {np.linalg.norm(hard_grad):.3f}")
print(f"{'T':>4}{'soft grad norm':>16}{'x T^2':>9}{'high-T limit |z - v| / N':>26}")
limit = np.linalg.norm(z - v) / 10
scaled = {}
for T in [1, 2, 5, 10, 20, 50, 100]:
    g = np.linalg.norm((softmax(z, T) - softmax(v, T)) / T)
    scaled[T] = g * T**2
    print(f"{T:>4}{g:>16.5f}{scaled[T]:>9.3f}{limit:>26.3f}")
raw = {T: scaled[T] / T**2 for T in scaled}
assert raw[2] / raw[100] > 1000                                        # unscaled: shrinks ~3,000-fold
assert all(1.0 < scaled[T] / limit < 1.4 for T in [2, 5, 10, 20, 50, 100]), (scaled, limit)
assert abs(scaled[100] / limit - 1) < 0.03, (scaled, limit)
assert abs(raw[2] - 0.370) < 0.001 and abs(raw[100] - 0.00011) < 0.00001 and abs(limit - 1.104) < 0.001
assert abs(np.linalg.norm(hard_grad) - 0.995) < 0.001
ent = {T: float(-(softmax(v, T) * np.log(softmax(v, T))).sum()) for T in (1, 10)}
assert abs(ent[1] - 0.136) < 0.001 and abs(ent[10] - 2.227) < 0.001, ent
