"""Label smoothing: the smoothed target, the finite optimal logit gap log((1-eps+eps/K)/(eps/K)),
and softmax regression on load_digits trained with and without smoothing."""
import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

K, eps = 10, 0.1


def softmax(Z: np.ndarray) -> np.ndarray:
    E = np.exp(Z - Z.max(axis=-1, keepdims=True))
    return E / E.sum(axis=-1, keepdims=True)


def smooth(y: np.ndarray, eps: float) -> np.ndarray:
    return np.eye(K)[y] * (1 - eps) + eps / K


def gap(Z: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Correct-class logit minus the mean of the other logits, per example."""
    z_y = Z[np.arange(len(y)), y]
    return z_y - (Z.sum(axis=1) - z_y) / (K - 1)


# 1. One example, free logits, gradient descent on the cross-entropy with the target.
print(f"smoothed target, K = {K}, eps = {eps}: true class {smooth(np.array([0]), eps)[0, 0]:.2f}, "
      f"each other class {smooth(np.array([0]), eps)[0, 1]:.2f}")
optimum = np.log((1 - eps + eps / K) / (eps / K))
print(f"optimal logit gap log((1-eps+eps/K)/(eps/K)) = {optimum:.3f} "
      f"(K = 1000: {np.log((1 - eps + eps / 1000) / (eps / 1000)):.3f})")
print(f"{'GD steps':>9} {'gap, one-hot':>13} {'gap, smoothed':>14}")
z_hard, z_soft, gaps = np.zeros(K), np.zeros(K), {}
for step in range(1, 10_001):
    z_hard -= 1.0 * (softmax(z_hard) - smooth(np.array([0]), 0.0)[0])
    z_soft -= 1.0 * (softmax(z_soft) - smooth(np.array([0]), eps)[0])
    if step in (10, 100, 1_000, 10_000):
        gaps[step] = (gap(z_hard[None], np.array([0]))[0], gap(z_soft[None], np.array([0]))[0])
        print(f"{step:9,d} {gaps[step][0]:13.2f} {gaps[step][1]:14.3f}")
assert abs(gaps[10_000][1] - optimum) < 1e-6 and abs(optimum - np.log(91)) < 1e-12
assert abs(gaps[10_000][0] - gaps[1_000][0] - np.log(10)) < 0.01    # grows by ln 10 per decade

# 2. Softmax regression on digits: full-batch gradient descent, same start, same steps.
X, y = load_digits(return_X_y=True)
X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=0.5, stratify=y, random_state=0)
scaler = StandardScaler().fit(X_tr)
X_tr, X_te = scaler.transform(X_tr), scaler.transform(X_te)
steps, record = 3000, range(0, 3001, 50)
curves, rows = {}, {}
for e in (0.0, eps):
    W, b, Y = np.zeros((64, K)), np.zeros(K), smooth(y_tr, e)
    curves[e] = []
    for t in range(steps + 1):
        if t in record:
            curves[e].append(gap(X_tr @ W + b, y_tr).mean())
        G = (softmax(X_tr @ W + b) - Y) / len(y_tr)
        W, b = W - 0.5 * X_tr.T @ G, b - 0.5 * G.sum(axis=0)
    Z_tr, Z_te = X_tr @ W + b, X_te @ W + b
    P_tr, P_te = softmax(Z_tr), softmax(Z_te)
    Z_wrong = Z_tr[np.arange(K) != y_tr[:, None]].reshape(-1, K - 1)   # drop the true class
    log_Q = np.log(softmax(Z_wrong))            # wrong-class distribution, renormalised
    rows[e] = dict(train_acc=(P_tr.argmax(1) == y_tr).mean(), test_acc=(P_te.argmax(1) == y_te).mean(),
                   gap=gap(Z_tr, y_tr).mean(), logit_norm=np.linalg.norm(Z_tr, axis=1).mean(),
                   train_conf=P_tr.max(1).mean(), test_conf=P_te.max(1).mean(),
                   test_nll=-np.log(P_te[np.arange(len(y_te)), y_te]).mean(),
                   kl_wrong=(np.exp(log_Q) * (log_Q + np.log(K - 1))).sum(axis=1).mean())

print(f"\nsoftmax regression, {len(y_tr)} train / {len(y_te)} test digits, {steps} GD steps")
print(f"{'':<24} {'one-hot':>9} {'eps = 0.1':>10}")
for key, label in (("train_acc", "train accuracy"), ("test_acc", "test accuracy"),
                   ("gap", "mean logit gap (train)"), ("logit_norm", "mean logit norm (train)"),
                   ("train_conf", "mean confidence, train"), ("test_conf", "mean confidence, test"),
                   ("test_nll", "test NLL"), ("kl_wrong", "wrong-class KL to unif.")):
    print(f"{label:<24} {rows[0.0][key]:9.3f} {rows[eps][key]:10.3f}")

hard, soft = rows[0.0], rows[eps]
assert hard["train_acc"] == 1.0 and 0.95 < hard["test_acc"] < 0.97 and 0.94 < soft["test_acc"] < 0.955
assert curves[0.0][-1] > 14 and curves[0.0][-1] > curves[0.0][-10] + 0.3    # still growing
assert abs(curves[eps][-1] - curves[eps][-10]) < 0.05 and 4.5 < soft["gap"] < 5.2   # settled
assert curves[0.0][-1] < 17 and 18 < hard["logit_norm"] < 23 and 5 < soft["logit_norm"] < 7
assert 0.96 < hard["test_conf"] < 0.975 and 0.79 < soft["test_conf"] < 0.83
assert 1.4 < hard["kl_wrong"] < 1.8 and 0.4 < soft["kl_wrong"] < 0.65
assert hard["test_conf"] - hard["test_acc"] < 0.01 < soft["test_acc"] - soft["test_conf"] - 0.1
assert soft["train_conf"] < 1 - eps + eps / K and hard["kl_wrong"] > 2.5 * soft["kl_wrong"]

fig, ax = plt.subplots(figsize=(6.4, 3.6), num="Mean logit gap on the training set against gradient "
                       "steps for softmax regression on digits: it keeps growing with one-hot targets "
                       "and levels off near log 91 with label smoothing 0.1")
ax.plot(list(record), curves[0.0], label="one-hot targets")
ax.plot(list(record), curves[eps], label=f"label smoothing, eps = {eps}")
ax.axhline(optimum, color="black", ls=":", lw=0.8, label=f"optimum for one example, log 91 = {optimum:.2f}")
ax.set(xlabel="gradient-descent step", ylabel="mean correct-minus-other logit gap",
       title="Smoothing caps the logit gap; one-hot targets do not")
ax.legend(fontsize=8)
fig.tight_layout()
plt.show()
