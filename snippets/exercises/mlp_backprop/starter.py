"""A two-layer MLP: forward pass, backward pass, and a numerical gradient check.

The network is logits = relu(x @ W1 + b1) @ W2 + b2, trained with softmax cross-entropy.
Use NumPy only. Run the tests with: make exercise NAME=mlp_backprop
"""

import numpy as np


def forward(params: dict, x: np.ndarray, labels: np.ndarray) -> tuple[float, dict]:
    """Mean softmax cross-entropy of the MLP on ``x`` (N, D) with integer ``labels`` (N,).

    ``params`` holds W1 (D, H), b1 (H,), W2 (H, C), b2 (C,). Returns the loss and a cache of
    whatever :func:`backward` needs.
    """
    raise NotImplementedError("write forward")


def backward(params: dict, cache: dict) -> dict:
    """Gradients of the loss with respect to every parameter: a dict with the same keys and shapes."""
    raise NotImplementedError("write backward")


def numerical_gradient(f, x: np.ndarray, eps: float = 1e-6) -> np.ndarray:
    """Central-difference estimate of the gradient of the scalar function ``f`` at ``x``.

    ``f`` takes no argument and reads ``x``; change ``x`` in place, and restore it after each entry.
    """
    raise NotImplementedError("write numerical_gradient")
