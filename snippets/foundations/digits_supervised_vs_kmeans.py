"""Same digits, two kinds of learning: a supervised classifier that is given labels
versus KMeans, which never sees them and is scored against the labels only afterwards."""
import matplotlib.pyplot as plt
import numpy as np
from sklearn.cluster import KMeans
from sklearn.datasets import load_digits
from sklearn.decomposition import PCA
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

X, y = load_digits(return_X_y=True)  # 1,797 images of 8x8 pixels, labels 0-9
X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=0.3, stratify=y, random_state=0)

# Supervised: learn a map x -> y from (image, label) pairs, judge it on held-out images.
clf = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000))
clf.fit(X_tr, y_tr)
acc = clf.score(X_te, y_te)

# Unsupervised: KMeans gets only X; the labels are used afterwards, for scoring alone.
km = KMeans(n_clusters=10, n_init=10, random_state=0).fit(X)
clusters = km.labels_
ari = adjusted_rand_score(y, clusters)
nmi = normalized_mutual_info_score(y, clusters)
# Name each cluster after its most common digit (this step peeks at labels).
majority = np.array([np.bincount(y[clusters == c]).argmax() for c in range(10)])
mapped_acc = np.mean(majority[clusters] == y)
random_ari = adjusted_rand_score(y, np.random.default_rng(0).integers(0, 10, len(y)))

print(f"{'method':<44}{'metric':<24}{'value':>6}")
print(f"{'logistic regression (labels in training)':<44}{'test accuracy':<24}{acc:>6.3f}")
print(f"{'KMeans, k=10 (no labels)':<44}{'adjusted Rand index':<24}{ari:>6.3f}")
print(f"{'KMeans, k=10 (no labels)':<44}{'normalised mutual info':<24}{nmi:>6.3f}")
print(f"{'KMeans + majority label per cluster':<44}{'accuracy':<24}{mapped_acc:>6.3f}")
print(f"{'random assignment to 10 groups':<44}{'adjusted Rand index':<24}{random_ari:>6.3f}")
print("cluster -> majority digit:", " ".join(f"{c}->{d}" for c, d in enumerate(majority)))
orphans = sorted(set(range(10)) - set(majority.tolist()))
print("digits that are the majority of no cluster:", orphans)
assert 0.95 < acc < 0.99, acc
assert 0.60 < ari < 0.73, ari
assert 0.72 < mapped_acc < 0.86, mapped_acc
assert abs(random_ari) < 0.02, random_ari
assert len(set(majority)) < 10, majority  # some digit is the majority of no cluster

# 2-D PCA view of a subset (600 points per panel keeps the SVG small). Clusters are
# coloured by their majority digit, so matching colours mean agreement with the labels.
idx = np.random.default_rng(0).choice(len(y), size=600, replace=False)
Z = PCA(n_components=2, random_state=0).fit_transform(X)[idx]
fig, axes = plt.subplots(
    1, 2, figsize=(9, 4), sharex=True, sharey=True, layout="constrained",
    num="Digits in two PCA dimensions, coloured by true label and by KMeans cluster")
panels = [(axes[0], y[idx], "true digit (never shown to KMeans)"),
          (axes[1], majority[clusters[idx]], "KMeans cluster, named by majority digit")]
for ax, colour, title in panels:
    sc = ax.scatter(Z[:, 0], Z[:, 1], c=colour, cmap="tab10", s=8, vmin=-0.5, vmax=9.5)
    ax.set_title(title)
    ax.set_xlabel("PC 1")
axes[0].set_ylabel("PC 2")
fig.colorbar(sc, ax=axes, ticks=range(10), label="digit")
plt.show()
