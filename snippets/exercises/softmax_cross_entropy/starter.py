"""Numerically stable softmax and cross-entropy, with the gradient of the loss.

Use NumPy only. Run the tests against this file with: make exercise NAME=softmax_cross_entropy
"""

import numpy as np


def log_softmax(logits: np.ndarray, axis: int = -1) -> np.ndarray:
    """log softmax(logits) along ``axis``, finite for any finite input (even logits of 1e4).

    Same shape and dtype as ``logits``.
    """
    raise NotImplementedError("write log_softmax")


def softmax(logits: np.ndarray, axis: int = -1) -> np.ndarray:
    """Probabilities along ``axis``: non-negative, summing to 1. Same shape and dtype as ``logits``."""
    raise NotImplementedError("write softmax")


def cross_entropy(logits: np.ndarray, labels: np.ndarray) -> float:
    """Mean negative log-likelihood of integer ``labels`` (shape (N,)) under ``logits`` (shape (N, C))."""
    raise NotImplementedError("write cross_entropy")


def cross_entropy_grad(logits: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """Gradient of :func:`cross_entropy` with respect to ``logits``: shape (N, C)."""
    raise NotImplementedError("write cross_entropy_grad")
