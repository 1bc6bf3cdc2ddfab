"""Numerically stable softmax and cross-entropy, with the gradient of the loss."""

import numpy as np


def log_softmax(logits: np.ndarray, axis: int = -1) -> np.ndarray:
    """log softmax(logits) along ``axis``, finite for any finite input (even logits of 1e4).

    Same shape and dtype as ``logits``.
    """
    # Subtracting the maximum changes nothing mathematically and keeps exp() from overflowing.
    shifted = logits - logits.max(axis=axis, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=axis, keepdims=True))


def softmax(logits: np.ndarray, axis: int = -1) -> np.ndarray:
    """Probabilities along ``axis``: non-negative, summing to 1. Same shape and dtype as ``logits``."""
    return np.exp(log_softmax(logits, axis=axis))


def cross_entropy(logits: np.ndarray, labels: np.ndarray) -> float:
    """Mean negative log-likelihood of integer ``labels`` (shape (N,)) under ``logits`` (shape (N, C))."""
    log_probs = log_softmax(logits, axis=1)
    return float(-log_probs[np.arange(len(labels)), labels].mean())


def cross_entropy_grad(logits: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """Gradient of :func:`cross_entropy` with respect to ``logits``: shape (N, C)."""
    grad = softmax(logits, axis=1)
    grad[np.arange(len(labels)), labels] -= 1.0  # softmax minus the one-hot target
    return grad / len(labels)
