"""A tiny IVF (inverted file) index for nearest-neighbour search by Euclidean distance."""

import numpy as np


def _nearest(vectors: np.ndarray, ids: np.ndarray, query: np.ndarray, k: int) -> np.ndarray:
    distances = ((vectors - query) ** 2).sum(axis=1)
    order = np.lexsort((ids, distances))  # by distance, then by id
    return ids[order[:k]]


def exact_search(x: np.ndarray, query: np.ndarray, k: int) -> np.ndarray:
    """Ids (rows of x) of the k nearest vectors to ``query``, nearest first (ties: smaller id first)."""
    return _nearest(x, np.arange(len(x)), query, k)


def build_ivf(x: np.ndarray, n_lists: int, rng: np.random.Generator, n_iter: int = 10
              ) -> tuple[np.ndarray, list[np.ndarray]]:
    """Centroids (n_lists, D) from a few k-means iterations (start from random distinct rows of x),
    and the inverted lists: for each centroid, the int ids of the vectors nearest to it."""
    centroids = x[rng.choice(len(x), size=n_lists, replace=False)].astype(float)
    for _ in range(n_iter):
        labels = ((x[:, None] - centroids[None]) ** 2).sum(axis=-1).argmin(axis=1)
        for j in range(n_lists):
            if np.any(labels == j):
                centroids[j] = x[labels == j].mean(axis=0)
    labels = ((x[:, None] - centroids[None]) ** 2).sum(axis=-1).argmin(axis=1)
    return centroids, [np.flatnonzero(labels == j) for j in range(n_lists)]


def ivf_search(x: np.ndarray, centroids: np.ndarray, lists: list[np.ndarray], query: np.ndarray, k: int,
               n_probe: int) -> np.ndarray:
    """Ids of the k nearest vectors among those in the ``n_probe`` lists nearest to ``query``,
    nearest first (ties: smaller id first); fewer than k when those lists hold fewer vectors."""
    probe = np.argsort(((centroids - query) ** 2).sum(axis=1), kind="stable")[:n_probe]
    candidates = np.concatenate([lists[j] for j in probe])
    return _nearest(x[candidates], candidates, query, k)
