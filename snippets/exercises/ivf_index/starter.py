"""A tiny IVF (inverted file) index for nearest-neighbour search by Euclidean distance.

Training clusters the vectors; each vector is stored in the list of its nearest centroid; a query
scans only the lists of its ``n_probe`` nearest centroids. Use NumPy only.
Run the tests with: make exercise NAME=ivf_index
"""

import numpy as np


def exact_search(x: np.ndarray, query: np.ndarray, k: int) -> np.ndarray:
    """Ids (rows of x) of the k nearest vectors to ``query``, nearest first (ties: smaller id first)."""
    raise NotImplementedError("write exact_search")


def build_ivf(x: np.ndarray, n_lists: int, rng: np.random.Generator, n_iter: int = 10
              ) -> tuple[np.ndarray, list[np.ndarray]]:
    """Centroids (n_lists, D) from a few k-means iterations (start from random distinct rows of x),
    and the inverted lists: for each centroid, the int ids of the vectors nearest to it."""
    raise NotImplementedError("write build_ivf")


def ivf_search(x: np.ndarray, centroids: np.ndarray, lists: list[np.ndarray], query: np.ndarray, k: int,
               n_probe: int) -> np.ndarray:
    """Ids of the k nearest vectors among those in the ``n_probe`` lists nearest to ``query``,
    nearest first (ties: smaller id first); fewer than k when those lists hold fewer vectors."""
    raise NotImplementedError("write ivf_search")
