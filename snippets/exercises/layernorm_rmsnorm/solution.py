"""LayerNorm and RMSNorm over the last axis, forward and backward."""

import numpy as np


def layernorm_forward(x: np.ndarray, gamma: np.ndarray, beta: np.ndarray, eps: float = 1e-5
                      ) -> tuple[np.ndarray, tuple]:
    """(x - mean) / sqrt(var + eps) * gamma + beta over the last axis of x (..., D).

    Returns the output (same shape as x) and a cache for :func:`layernorm_backward`.
    """
    mean = x.mean(axis=-1, keepdims=True)
    inv_std = 1.0 / np.sqrt(x.var(axis=-1, keepdims=True) + eps)
    x_hat = (x - mean) * inv_std
    return x_hat * gamma + beta, (x_hat, inv_std, gamma)


def layernorm_backward(dy: np.ndarray, cache: tuple) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Gradients (dx, dgamma, dbeta) given the upstream gradient dy."""
    x_hat, inv_std, gamma = cache
    axes = tuple(range(dy.ndim - 1))
    dgamma = (dy * x_hat).sum(axis=axes)
    dbeta = dy.sum(axis=axes)
    g = dy * gamma  # gradient with respect to x_hat
    # Project out the two directions normalization removes: the mean and the component along x_hat.
    dx = inv_std * (g - g.mean(axis=-1, keepdims=True) - x_hat * (g * x_hat).mean(axis=-1, keepdims=True))
    return dx, dgamma, dbeta


def rmsnorm_forward(x: np.ndarray, gamma: np.ndarray, eps: float = 1e-6) -> tuple[np.ndarray, tuple]:
    """x / sqrt(mean(x**2) + eps) * gamma over the last axis; no centring, no bias."""
    inv_rms = 1.0 / np.sqrt((x * x).mean(axis=-1, keepdims=True) + eps)
    x_hat = x * inv_rms
    return x_hat * gamma, (x_hat, inv_rms, gamma)


def rmsnorm_backward(dy: np.ndarray, cache: tuple) -> tuple[np.ndarray, np.ndarray]:
    """Gradients (dx, dgamma) given the upstream gradient dy."""
    x_hat, inv_rms, gamma = cache
    dgamma = (dy * x_hat).sum(axis=tuple(range(dy.ndim - 1)))
    g = dy * gamma
    dx = inv_rms * (g - x_hat * (g * x_hat).mean(axis=-1, keepdims=True))
    return dx, dgamma
