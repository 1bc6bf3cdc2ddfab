"""k-means with k-means++ seeding.

Use NumPy only. Run the tests with: make exercise NAME=kmeans_pp
"""

import numpy as np


def kmeans_plus_plus(x: np.ndarray, k: int, rng: np.random.Generator) -> np.ndarray:
    """k initial centres (k, D), rows of x (N, D): the first uniformly at random, each next one with
    probability proportional to its squared distance to the nearest centre chosen so far."""
    raise NotImplementedError("write kmeans_plus_plus")


def assign(x: np.ndarray, centres: np.ndarray) -> np.ndarray:
    """The index of the nearest centre of every point: shape (N,), int."""
    raise NotImplementedError("write assign")


def kmeans(x: np.ndarray, k: int, rng: np.random.Generator, n_iter: int = 100) -> tuple[np.ndarray, np.ndarray]:
    """Lloyd's algorithm from k-means++ seeds: (centres (k, D), labels (N,)).

    Stop when the assignment no longer changes. A centre that loses all its points stays where it is.
    """
    raise NotImplementedError("write kmeans")


def inertia(x: np.ndarray, centres: np.ndarray, labels: np.ndarray) -> float:
    """Sum of squared distances of the points to their centres."""
    raise NotImplementedError("write inertia")
