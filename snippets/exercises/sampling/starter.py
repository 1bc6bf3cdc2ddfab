"""Sampling the next token: temperature, top-k and top-p (nucleus) filtering.

Filters return logits with the removed tokens set to -inf. Use NumPy only.
Run the tests with: make exercise NAME=sampling
"""

import numpy as np


def top_k_filter(logits: np.ndarray, k: int) -> np.ndarray:
    """Keep the k largest logits of the 1-D array, set the others to -inf. Ties at the k-th value are kept."""
    raise NotImplementedError("write top_k_filter")


def top_p_filter(logits: np.ndarray, p: float) -> np.ndarray:
    """Keep the smallest set of most probable tokens whose probabilities sum to at least p.

    The most probable token is always kept; the others are set to -inf.
    """
    raise NotImplementedError("write top_p_filter")


def sample(logits: np.ndarray, rng: np.random.Generator, temperature: float = 1.0, top_k: int | None = None,
           top_p: float | None = None) -> int:
    """Draw one token id: divide by the temperature, filter (top-k, then top-p), then sample from the softmax.

    temperature == 0 means greedy: return the argmax.
    """
    raise NotImplementedError("write sample")
