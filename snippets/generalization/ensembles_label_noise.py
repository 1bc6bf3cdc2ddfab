"""Label noise: bagging deep trees helps, while boosting keeps fitting the noise.

25% of the training labels are flipped; the test labels are clean.
"""
import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import make_classification
from sklearn.ensemble import BaggingClassifier, GradientBoostingClassifier
from sklearn.model_selection import train_test_split
from sklearn.tree import DecisionTreeClassifier

X, y = make_classification(n_samples=600, n_features=20, n_informative=6, n_redundant=0,
                           n_clusters_per_class=3, class_sep=0.9, flip_y=0.0, random_state=1)
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.5, stratify=y, random_state=0)

rng = np.random.default_rng(0)
flipped = rng.choice(len(y_train), size=len(y_train) // 4, replace=False)
y_noisy = y_train.copy()
y_noisy[flipped] = 1 - y_noisy[flipped]
print(f"train {len(y_train)}, test {len(y_test)}, flipped training labels: {len(flipped)} "
      f"({len(flipped) / len(y_train):.0%})")

# Gradient boosting (defaults: depth-3 trees, learning_rate=0.1), scored after every round.
gb = GradientBoostingClassifier(n_estimators=500, random_state=0).fit(X_train, y_noisy)
test_acc = np.array([np.mean(p == y_test) for p in gb.staged_predict(X_test)])
train_acc = np.array([np.mean(p == y_noisy) for p in gb.staged_predict(X_train)])
best = int(np.argmax(test_acc)) + 1
print("\ngradient boosting (depth-3 trees, learning rate 0.1), accuracy by number of rounds")
print("round  train acc (noisy labels)  test acc (clean labels)")
for r in sorted({1, 10, best, 50, 100, 200, 500}):
    tag = "  <- best round" if r == best else ""
    print(f"{r:5d}  {train_acc[r - 1]:24.3f}  {test_acc[r - 1]:23.3f}{tag}")

# Variance reduction: one unpruned tree vs 100 bagged unpruned trees.
tree = DecisionTreeClassifier(random_state=0).fit(X_train, y_noisy)
bag = BaggingClassifier(DecisionTreeClassifier(), n_estimators=100, random_state=0).fit(X_train, y_noisy)
tree_acc, bag_acc = tree.score(X_test, y_test), bag.score(X_test, y_test)
print(f"\nsingle deep tree      test acc {tree_acc:.3f}   (train acc {tree.score(X_train, y_noisy):.3f})")
print(f"bagging, 100 trees    test acc {bag_acc:.3f}")

assert 0.77 < test_acc.max() < 0.83 and best <= 20, (test_acc.max(), best)
assert 0.70 < test_acc[-1] < 0.76 and train_acc[-1] > 0.99, (test_acc[-1], train_acc[-1])
assert test_acc.max() - test_acc[-1] > 0.04
assert 0.67 < tree_acc < 0.74 and 0.76 < bag_acc < 0.82, (tree_acc, bag_acc)

fig, ax = plt.subplots(figsize=(6.4, 3.6),
                       num="Gradient boosting accuracy versus boosting rounds with 25% label noise")
rounds = np.arange(1, len(test_acc) + 1)
ax.plot(rounds, train_acc, label="boosting, train (noisy labels)", color="tab:blue", ls="--")
ax.plot(rounds, test_acc, label="boosting, test (clean labels)", color="tab:blue")
ax.axhline(bag_acc, color="tab:green", ls=":", label="bagging 100 deep trees, test")
ax.axhline(tree_acc, color="tab:red", ls=":", label="single deep tree, test")
ax.axvline(best, color="grey", lw=0.8)
ax.set_xscale("log")
ax.set_xlabel("boosting rounds (log scale)")
ax.set_ylabel("accuracy")
ax.set_title("Boosting fits flipped labels as rounds grow")
ax.legend(fontsize=8, loc="upper left")
fig.tight_layout()
plt.show()
