"""Sampling the next token: temperature, top-k and top-p (nucleus) filtering."""

import numpy as np


def top_k_filter(logits: np.ndarray, k: int) -> np.ndarray:
    """Keep the k largest logits of the 1-D array, set the others to -inf. Ties at the k-th value are kept."""
    if k >= logits.size:
        return logits.copy()
    kth = np.partition(logits, -k)[-k]  # the k-th largest value, in linear time
    return np.where(logits >= kth, logits, -np.inf)


def top_p_filter(logits: np.ndarray, p: float) -> np.ndarray:
    """Keep the smallest set of most probable tokens whose probabilities sum to at least p.

    The most probable token is always kept; the others are set to -inf.
    """
    order = np.argsort(-logits, kind="stable")
    probs = np.exp(logits[order] - logits[order[0]])
    probs /= probs.sum()
    before = np.cumsum(probs) - probs  # mass of the tokens ranked above each one
    keep = order[before < p]  # a token is kept while the set before it has not reached p
    filtered = np.full_like(logits, -np.inf)
    filtered[keep] = logits[keep]
    return filtered


def sample(logits: np.ndarray, rng: np.random.Generator, temperature: float = 1.0, top_k: int | None = None,
           top_p: float | None = None) -> int:
    """Draw one token id: divide by the temperature, filter (top-k, then top-p), then sample from the softmax.

    temperature == 0 means greedy: return the argmax.
    """
    if temperature == 0:
        return int(np.argmax(logits))
    scaled = logits / temperature
    if top_k is not None:
        scaled = top_k_filter(scaled, top_k)
    if top_p is not None:
        scaled = top_p_filter(scaled, top_p)
    probs = np.exp(scaled - scaled.max())
    return int(rng.choice(len(probs), p=probs / probs.sum()))
