"""LoRA: a low-rank update of a frozen weight, its forward pass, and merging it in and out."""

import numpy as np


def lora_forward(x: np.ndarray, w: np.ndarray, a: np.ndarray, b: np.ndarray, alpha: float) -> np.ndarray:
    """x @ W.T plus the LoRA path, computed through A and B without forming the (out, in) update."""
    r = a.shape[0]
    return x @ w.T + (alpha / r) * ((x @ a.T) @ b.T)  # (N, in) -> (N, r) -> (N, out)


def merge(w: np.ndarray, a: np.ndarray, b: np.ndarray, alpha: float) -> np.ndarray:
    """A new weight W + (alpha / r) B A that serves with no extra cost; W itself is left unchanged."""
    return w + (alpha / a.shape[0]) * (b @ a)


def unmerge(w_merged: np.ndarray, a: np.ndarray, b: np.ndarray, alpha: float) -> np.ndarray:
    """The base weight back from a merged one (to swap in another adapter)."""
    return w_merged - (alpha / a.shape[0]) * (b @ a)


def lora_parameter_count(d_out: int, d_in: int, r: int) -> int:
    """How many trainable parameters the adapter of one (d_out, d_in) layer has."""
    return r * (d_in + d_out)
