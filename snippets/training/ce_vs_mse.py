"""Gradient of cross-entropy and of squared error with respect to a sigmoid's logit when the label is 1,
and logistic regression on breast-cancer data trained with each loss from a confidently wrong start."""
import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import load_breast_cancer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler


def sigmoid(z: np.ndarray) -> np.ndarray:
    return 0.5 * (1 + np.tanh(0.5 * z))              # overflow-free form of 1 / (1 + exp(-z))


# Label y = 1, prediction p = sigmoid(z).  CE = -log p;  MSE = (p - 1)^2 / 2.
# dCE/dz = p - 1;  dMSE/dz = (p - 1) * p * (1 - p): the extra factor p(1 - p) is the sigmoid's slope.
print(f"{'p':>6}{'|dCE/dz|':>10}{'|dMSE/dz|':>11}{'ratio':>8}")
for p in [0.001, 0.01, 0.1, 1 / 3, 0.5, 0.9, 0.99]:
    ce, mse = 1 - p, p * (1 - p) ** 2
    print(f"{p:>6.3f}{ce:>10.3f}{mse:>11.5f}{ce / mse:>8.1f}")
assert abs(0.001 * 0.999**2 - 0.000998) < 1e-6 and abs((1 / 3) * (2 / 3) ** 2 - 4 / 27) < 1e-12

# Logistic regression, full-batch gradient descent, started at the negated and rescaled solution so that
# almost every training example is misclassified with a large logit.
X, y = load_breast_cancer(return_X_y=True)
X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=0.25, stratify=y, random_state=0)
scaler = StandardScaler().fit(X_tr)
X_tr, X_te = scaler.transform(X_tr), scaler.transform(X_te)
ref = LogisticRegression().fit(X_tr, y_tr)
w0, b0 = -ref.coef_[0], -ref.intercept_[0]
scale = 6 / np.median(np.abs(X_tr @ w0 + b0))         # median |logit| = 6 at the start
w0, b0 = scale * w0, scale * b0
p0 = sigmoid(X_tr @ w0 + b0)
print(f"\nstart: train accuracy {((p0 > 0.5) == y_tr).mean():.3f}, median |logit| 6")


def train(loss: str, lr: float, epochs: int = 200) -> tuple[list[float], float]:
    w, b, accs = w0.copy(), b0, []
    for _ in range(epochs):
        p = sigmoid(X_tr @ w + b)
        dz = p - y_tr if loss == "CE" else (p - y_tr) * p * (1 - p)
        w -= lr * X_tr.T @ dz / len(y_tr)
        b -= lr * dz.mean()
        accs.append(((sigmoid(X_tr @ w + b) > 0.5) == y_tr).mean())
    return accs, ((sigmoid(X_te @ w + b) > 0.5) == y_te).mean()


runs = {"CE, lr 0.5": train("CE", 0.5), "MSE, lr 0.5": train("MSE", 0.5), "MSE, lr 2.0": train("MSE", 2.0)}
marks = [1, 5, 10, 20, 50, 100, 200]
print(f"{'train accuracy after epoch':<28}" + "".join(f"{m:>7}" for m in marks))
first90 = {}
for name, (accs, test_acc) in runs.items():
    print(f"{name:<28}" + "".join(f"{accs[m - 1]:>7.3f}" for m in marks))
    first90[name] = next(i + 1 for i, a in enumerate(accs) if a >= 0.9)
for name, (accs, test_acc) in runs.items():
    print(f"{name:<12} first epoch with train accuracy >= 0.90: {first90[name]:>3}   test accuracy {test_acc:.3f}")

assert ((p0 > 0.5) == y_tr).mean() < 0.02
assert first90["CE, lr 0.5"] <= 10 and 100 <= first90["MSE, lr 0.5"] <= 200 and 25 <= first90["MSE, lr 2.0"] <= 60
assert 0.93 < runs["CE, lr 0.5"][1] < 0.98 and 0.93 < runs["MSE, lr 2.0"][1] < 0.98, runs
assert 0.85 < runs["MSE, lr 0.5"][1] < 0.95, runs
mse05, mse2 = runs["MSE, lr 0.5"][0], runs["MSE, lr 2.0"][0]
assert mse05[19] < 0.02 and 0.08 < mse05[49] < 0.15 and mse2[9] < 0.05 and 4 <= first90["CE, lr 0.5"] <= 8

fig, ax = plt.subplots(figsize=(6.4, 3.4), num="Size of the gradient with respect to the logit against the "
                       "predicted probability of the true class, for cross-entropy and squared error")
p = np.logspace(-4, np.log10(0.9999), 400)
ax.plot(p, 1 - p, label="cross-entropy: $1-p$")
ax.plot(p, p * (1 - p) ** 2, label="squared error: $p(1-p)^2$")
ax.set(xscale="log", yscale="log", ylim=(1e-5, 2), xlabel="predicted probability of the true class $p$",
       ylabel=r"$|\partial L / \partial z|$", title="Label 1: gradient reaching the logit")
ax.legend()
fig.tight_layout()

fig, ax = plt.subplots(figsize=(6.4, 3.4), num="Training accuracy against epoch for logistic regression "
                       "trained with cross-entropy and with squared error from a confidently wrong start")
for name, (accs, _) in runs.items():
    ax.plot(np.arange(1, len(accs) + 1), accs, label=name)
ax.set(xscale="log", xlabel="epoch", ylabel="training accuracy", title="Breast cancer, full-batch gradient descent")
ax.legend()
fig.tight_layout()
plt.show()
