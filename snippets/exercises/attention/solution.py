"""Scaled dot-product attention with causal and padding masks, then multi-head attention."""

import numpy as np


def causal_mask(t: int) -> np.ndarray:
    """A (t, t) boolean mask: query i may attend to keys 0..i."""
    return np.tril(np.ones((t, t), dtype=bool))


def padding_mask(lengths: np.ndarray, t: int) -> np.ndarray:
    """A (B, 1, t) boolean mask: in sequence b, keys at positions >= lengths[b] are padding."""
    return (np.arange(t)[None, :] < np.asarray(lengths)[:, None])[:, None, :]


def attention(q: np.ndarray, k: np.ndarray, v: np.ndarray, mask: np.ndarray | None = None
              ) -> tuple[np.ndarray, np.ndarray]:
    """softmax(q k^T / sqrt(d)) v over the last two axes.

    q is (..., Tq, d), k is (..., Tk, d), v is (..., Tk, dv); ``mask`` broadcasts to (..., Tq, Tk).
    Returns the output (..., Tq, dv) and the attention weights (..., Tq, Tk). Masked keys get weight
    exactly 0; a query whose keys are all masked gets zero weights and a zero output, not NaN.
    """
    scores = q @ np.swapaxes(k, -1, -2) / np.sqrt(q.shape[-1])
    if mask is not None:
        scores = np.where(mask, scores, -np.inf)
    top = scores.max(axis=-1, keepdims=True)
    top = np.where(np.isfinite(top), top, 0.0)  # a fully masked row: avoid inf - inf
    weights = np.exp(scores - top)
    total = weights.sum(axis=-1, keepdims=True)
    weights = np.divide(weights, total, out=np.zeros_like(weights), where=total > 0)
    return weights @ v, weights


def multi_head_attention(x: np.ndarray, wq: np.ndarray, wk: np.ndarray, wv: np.ndarray, wo: np.ndarray,
                         n_heads: int, mask: np.ndarray | None = None) -> np.ndarray:
    """Self-attention of x (B, T, D) with n_heads heads of size D // n_heads.

    Project with wq, wk, wv (each D, D), split the last axis into heads, attend per head (``mask``
    broadcasts to (B, 1, T, T) or (B, T, T)), join the heads and project with wo (D, D).
    """
    b, t, d = x.shape

    def split(y: np.ndarray) -> np.ndarray:  # (B, T, D) -> (B, heads, T, D / heads)
        return y.reshape(b, t, n_heads, d // n_heads).transpose(0, 2, 1, 3)

    if mask is not None and mask.ndim == 3:
        mask = mask[:, None]  # the same mask for every head
    out, _ = attention(split(x @ wq), split(x @ wk), split(x @ wv), mask)
    return out.transpose(0, 2, 1, 3).reshape(b, t, d) @ wo
