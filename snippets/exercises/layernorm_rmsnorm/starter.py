"""LayerNorm and RMSNorm over the last axis, forward and backward.

Use NumPy only. Run the tests with: make exercise NAME=layernorm_rmsnorm
"""

import numpy as np


def layernorm_forward(x: np.ndarray, gamma: np.ndarray, beta: np.ndarray, eps: float = 1e-5
                      ) -> tuple[np.ndarray, tuple]:
    """(x - mean) / sqrt(var + eps) * gamma + beta over the last axis of x (..., D).

    Returns the output (same shape as x) and a cache for :func:`layernorm_backward`.
    """
    raise NotImplementedError("write layernorm_forward")


def layernorm_backward(dy: np.ndarray, cache: tuple) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Gradients (dx, dgamma, dbeta) given the upstream gradient dy."""
    raise NotImplementedError("write layernorm_backward")


def rmsnorm_forward(x: np.ndarray, gamma: np.ndarray, eps: float = 1e-6) -> tuple[np.ndarray, tuple]:
    """x / sqrt(mean(x**2) + eps) * gamma over the last axis; no centring, no bias."""
    raise NotImplementedError("write rmsnorm_forward")


def rmsnorm_backward(dy: np.ndarray, cache: tuple) -> tuple[np.ndarray, np.ndarray]:
    """Gradients (dx, dgamma) given the upstream gradient dy."""
    raise NotImplementedError("write rmsnorm_backward")
