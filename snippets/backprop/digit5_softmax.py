"""The article's digit-5 softmax output: cross-entropy loss, its gradient p - onehot(5)
with respect to the logits, and a central finite-difference check of that gradient."""
import numpy as np

p = np.array([0.01, 0.02, 0.01, 0.03, 0.05, 0.70, 0.01, 0.02, 0.03, 0.12])
label = 5
print(f"sum of probabilities: {p.sum():.2f}")
assert abs(p.sum() - 1.0) < 1e-12


def softmax(z: np.ndarray) -> np.ndarray:
    e = np.exp(z - z.max())  # shifting by the max does not change the result
    return e / e.sum()


def cross_entropy(z: np.ndarray) -> float:
    """Loss of logits z for the true class `label`: -log softmax(z)[label]."""
    return float(-np.log(softmax(z)[label]))


z = np.log(p)  # logits whose softmax is exactly p (any constant shift works too)
assert np.allclose(softmax(z), p)

loss = cross_entropy(z)
print(f"cross-entropy -ln p[5]: {loss:.3f}")
assert abs(loss - 0.357) < 5e-4

onehot = np.eye(10)[label]
grad = softmax(z) - onehot  # analytic gradient dL/dz

eps = 1e-5
numeric = np.empty(10)
for k in range(10):
    dz = np.zeros(10)
    dz[k] = eps
    numeric[k] = (cross_entropy(z + dz) - cross_entropy(z - dz)) / (2 * eps)

print()
print("digit   p     dL/dz (p - onehot)   finite difference")
for k in range(10):
    print(f"{k:>5}  {p[k]:.2f}  {grad[k]:+18.4f}  {numeric[k]:+18.4f}")

err = np.abs(grad - numeric).max()
assert err < 1e-9, err
assert abs(grad.sum()) < 1e-12  # the gradient entries sum to zero
print()
print("max |analytic - numeric| over the 10 logits: below 1e-9 (asserted)")
print("one gradient step on the logits, z <- z - 0.5 * (p - onehot):")
p_new = softmax(z - 0.5 * grad)
print(f"  p[5] {p[label]:.3f} -> {p_new[label]:.3f}, loss {loss:.3f} -> {-np.log(p_new[label]):.3f}")
