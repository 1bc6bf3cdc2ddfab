"""Why hidden layers matter: on XOR-shaped data a linear classifier is at chance,
while a one-hidden-layer MLP (a learned nonlinear feature map + a linear read-out) solves it."""
# output-tolerance: abs=0.01; one test point of 300 flips with the CPU's rounding in MLP training
import matplotlib.pyplot as plt
import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier

rng = np.random.default_rng(0)
centres = np.array([[-1, -1], [1, 1], [-1, 1], [1, -1]])
X = np.concatenate([c + 0.35 * rng.normal(size=(150, 2)) for c in centres])
y = np.repeat([0, 0, 1, 1], 150)  # class = "x1 and x2 have different signs"
X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=0.5, stratify=y, random_state=0)

linear = LogisticRegression().fit(X_tr, y_tr)
mlp = MLPClassifier(hidden_layer_sizes=(8,), solver="lbfgs", max_iter=1000,
                    random_state=0).fit(X_tr, y_tr)
acc_lin, acc_mlp = linear.score(X_te, y_te), mlp.score(X_te, y_te)
n_params = sum(w.size for w in mlp.coefs_ + mlp.intercepts_)

print(f"{'model':<38}{'parameters':>10}{'test accuracy':>15}")
print(f"{'logistic regression (linear)':<38}{3:>10}{acc_lin:>15.3f}")
print(f"{'MLP, 8 ReLU hidden units':<38}{n_params:>10}{acc_mlp:>15.3f}")
assert 0.35 < acc_lin < 0.65, acc_lin
assert acc_mlp > 0.95, acc_mlp

g = np.linspace(-2.5, 2.5, 80)
gx, gy = np.meshgrid(g, g)
grid = np.c_[gx.ravel(), gy.ravel()]
fig, axes = plt.subplots(
    1, 2, figsize=(8, 3.8), sharey=True, layout="constrained",
    num="Decision regions of a linear classifier and an MLP on XOR-shaped data")
for ax, model, name, acc in [(axes[0], linear, "logistic regression", acc_lin),
                             (axes[1], mlp, "MLP, one hidden layer", acc_mlp)]:
    p = model.predict_proba(grid)[:, 1].reshape(gx.shape)
    ax.contourf(gx, gy, p, levels=[0, 0.5, 1], colors=["#cfe2f3", "#f4cccc"])
    ax.scatter(X_te[:, 0], X_te[:, 1], c=np.where(y_te == 1, "tab:red", "tab:blue"), s=8)
    ax.set_title(f"{name}: test accuracy {acc:.2f}")
    ax.set_xlabel("$x_1$")
axes[0].set_ylabel("$x_2$")
plt.show()
