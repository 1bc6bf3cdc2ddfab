"""Scaled dot-product attention with causal and padding masks, then multi-head attention.

Masks are boolean arrays where True means "may attend". Use NumPy only.
Run the tests with: make exercise NAME=attention
"""

import numpy as np


def causal_mask(t: int) -> np.ndarray:
    """A (t, t) boolean mask: query i may attend to keys 0..i."""
    raise NotImplementedError("write causal_mask")


def padding_mask(lengths: np.ndarray, t: int) -> np.ndarray:
    """A (B, 1, t) boolean mask: in sequence b, keys at positions >= lengths[b] are padding."""
    raise NotImplementedError("write padding_mask")


def attention(q: np.ndarray, k: np.ndarray, v: np.ndarray, mask: np.ndarray | None = None
              ) -> tuple[np.ndarray, np.ndarray]:
    """softmax(q k^T / sqrt(d)) v over the last two axes.

    q is (..., Tq, d), k is (..., Tk, d), v is (..., Tk, dv); ``mask`` broadcasts to (..., Tq, Tk).
    Returns the output (..., Tq, dv) and the attention weights (..., Tq, Tk). Masked keys get weight
    exactly 0; a query whose keys are all masked gets zero weights and a zero output, not NaN.
    """
    raise NotImplementedError("write attention")


def multi_head_attention(x: np.ndarray, wq: np.ndarray, wk: np.ndarray, wv: np.ndarray, wo: np.ndarray,
                         n_heads: int, mask: np.ndarray | None = None) -> np.ndarray:
    """Self-attention of x (B, T, D) with n_heads heads of size D // n_heads.

    Project with wq, wk, wv (each D, D), split the last axis into heads, attend per head (``mask``
    broadcasts to (B, 1, T, T) or (B, T, T)), join the heads and project with wo (D, D).
    """
    raise NotImplementedError("write multi_head_attention")
