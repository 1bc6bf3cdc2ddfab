"""k-means with k-means++ seeding."""

import numpy as np


def _squared_distances(x: np.ndarray, centres: np.ndarray) -> np.ndarray:
    return ((x[:, None, :] - centres[None, :, :]) ** 2).sum(axis=-1)  # (N, k)


def kmeans_plus_plus(x: np.ndarray, k: int, rng: np.random.Generator) -> np.ndarray:
    """k initial centres (k, D), rows of x (N, D): the first uniformly at random, each next one with
    probability proportional to its squared distance to the nearest centre chosen so far."""
    centres = [x[rng.integers(len(x))]]
    nearest = _squared_distances(x, np.array(centres))[:, 0]
    for _ in range(1, k):
        centres.append(x[rng.choice(len(x), p=nearest / nearest.sum())])
        nearest = np.minimum(nearest, _squared_distances(x, centres[-1][None])[:, 0])
    return np.array(centres)


def assign(x: np.ndarray, centres: np.ndarray) -> np.ndarray:
    """The index of the nearest centre of every point: shape (N,), int."""
    return _squared_distances(x, centres).argmin(axis=1)


def kmeans(x: np.ndarray, k: int, rng: np.random.Generator, n_iter: int = 100) -> tuple[np.ndarray, np.ndarray]:
    """Lloyd's algorithm from k-means++ seeds: (centres (k, D), labels (N,)).

    Stop when the assignment no longer changes. A centre that loses all its points stays where it is.
    """
    centres = kmeans_plus_plus(x, k, rng).astype(float)
    labels = assign(x, centres)
    for _ in range(n_iter):
        for j in range(k):
            members = x[labels == j]
            if len(members):
                centres[j] = members.mean(axis=0)
        new_labels = assign(x, centres)
        if np.array_equal(new_labels, labels):
            break
        labels = new_labels
    return centres, labels


def inertia(x: np.ndarray, centres: np.ndarray, labels: np.ndarray) -> float:
    """Sum of squared distances of the points to their centres."""
    return float(((x - centres[labels]) ** 2).sum())
