"""A 64-32-10 network on load_digits with a hand-written forward and backward pass,
checked against central finite differences, then trained with mini-batch SGD."""
import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

X, y = load_digits(return_X_y=True)
X = X / 16.0  # pixels 0..16 -> [0, 1]
X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=0.25, stratify=y, random_state=0)

rng = np.random.default_rng(0)
params = {
    "W1": rng.normal(0, 1 / np.sqrt(64), (64, 32)), "b1": np.zeros(32),
    "W2": rng.normal(0, 1 / np.sqrt(32), (32, 10)), "b2": np.zeros(10),
}


def forward(P: dict, X: np.ndarray, y: np.ndarray) -> tuple[float, tuple]:
    """Forward pass, ending in the mean cross-entropy loss."""
    h = np.tanh(X @ P["W1"] + P["b1"])
    z = h @ P["W2"] + P["b2"]
    z = z - z.max(axis=1, keepdims=True)
    p = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    loss = -np.log(p[np.arange(len(y)), y]).mean()
    return loss, (X, h, p, y)


def backward(P: dict, cache: tuple) -> dict:
    """Backward pass: the chain rule applied layer by layer, output to input."""
    X, h, p, y = cache
    dz = p.copy()
    dz[np.arange(len(y)), y] -= 1
    dz /= len(y)                          # dL/dz = (p - onehot) / batch size
    dh = dz @ P["W2"].T
    da = dh * (1 - h**2)                  # tanh'(a) = 1 - tanh(a)^2
    return {"W2": h.T @ dz, "b2": dz.sum(0), "W1": X.T @ da, "b1": da.sum(0)}


# Gradient check on 20 examples: all 2,410 parameters, by central differences.
Xb, yb = X_tr[:20], y_tr[:20]
grads = backward(params, forward(params, Xb, yb)[1])
eps, rel_errors = 1e-5, []
for name, W in params.items():
    numeric = np.zeros_like(W)
    for i in np.ndindex(W.shape):
        old = W[i]
        W[i] = old + eps
        loss_plus = forward(params, Xb, yb)[0]
        W[i] = old - eps
        loss_minus = forward(params, Xb, yb)[0]
        W[i] = old
        numeric[i] = (loss_plus - loss_minus) / (2 * eps)
    diff = np.linalg.norm(numeric - grads[name])
    rel_errors.append(diff / (np.linalg.norm(numeric) + np.linalg.norm(grads[name])))
worst = max(rel_errors)
assert worst < 1e-6, worst
low = 10.0 ** np.floor(np.log10(worst))
print(f"gradient check over {sum(W.size for W in params.values())} parameters: "
      f"max relative error between {low:.0e} and {10 * low:.0e}")

# Mini-batch SGD: backprop supplies the gradient, this loop is the optimizer.
lr, batch, epochs = 0.2, 32, 30
losses, accs = [], []
print("epoch  train loss  test acc")
for epoch in range(1, epochs + 1):
    order = rng.permutation(len(y_tr))
    for s in range(0, len(order), batch):
        idx = order[s:s + batch]
        g = backward(params, forward(params, X_tr[idx], y_tr[idx])[1])
        for name in params:
            params[name] -= lr * g[name]
    loss = forward(params, X_tr, y_tr)[0]
    acc = (forward(params, X_te, y_te)[1][2].argmax(1) == y_te).mean()
    losses.append(loss)
    accs.append(acc)
    if epoch in (1, 2, 5, 10, 20, 30):
        print(f"{epoch:>5}  {loss:10.3f}  {acc:8.3f}")
assert 0.955 < accs[-1] < 0.99, accs[-1]

fig, (a1, a2) = plt.subplots(1, 2, figsize=(7.2, 3.2),
                             num="Learning curves of a 64-32-10 NumPy network on load_digits: "
                                 "training loss falls and test accuracy rises over 30 epochs")
ep = np.arange(1, epochs + 1)
a1.plot(ep, losses, marker="o", ms=3)
a1.set(xlabel="epoch", ylabel="train cross-entropy", title="Training loss")
a2.plot(ep, accs, marker="o", ms=3, color="tab:green")
a2.set(xlabel="epoch", ylabel="test accuracy", title="Test accuracy")
fig.tight_layout()
plt.show()
