"""LoRA: a low-rank update of a frozen weight, its forward pass, and merging it in and out.

A linear layer computes y = x @ W.T with W of shape (out, in). LoRA adds (alpha / r) * B @ A with
A (r, in) and B (out, r). Use NumPy only. Run the tests with: make exercise NAME=lora
"""

import numpy as np


def lora_forward(x: np.ndarray, w: np.ndarray, a: np.ndarray, b: np.ndarray, alpha: float) -> np.ndarray:
    """x @ W.T plus the LoRA path, computed through A and B without forming the (out, in) update."""
    raise NotImplementedError("write lora_forward")


def merge(w: np.ndarray, a: np.ndarray, b: np.ndarray, alpha: float) -> np.ndarray:
    """A new weight W + (alpha / r) B A that serves with no extra cost; W itself is left unchanged."""
    raise NotImplementedError("write merge")


def unmerge(w_merged: np.ndarray, a: np.ndarray, b: np.ndarray, alpha: float) -> np.ndarray:
    """The base weight back from a merged one (to swap in another adapter)."""
    raise NotImplementedError("write unmerge")


def lora_parameter_count(d_out: int, d_in: int, r: int) -> int:
    """How many trainable parameters the adapter of one (d_out, d_in) layer has."""
    raise NotImplementedError("write lora_parameter_count")
