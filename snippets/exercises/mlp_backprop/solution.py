"""A two-layer MLP: forward pass, backward pass, and a numerical gradient check."""

import numpy as np


def forward(params: dict, x: np.ndarray, labels: np.ndarray) -> tuple[float, dict]:
    """Mean softmax cross-entropy of the MLP on ``x`` (N, D) with integer ``labels`` (N,).

    ``params`` holds W1 (D, H), b1 (H,), W2 (H, C), b2 (C,). Returns the loss and a cache of
    whatever :func:`backward` needs.
    """
    pre = x @ params["W1"] + params["b1"]
    hidden = np.maximum(pre, 0.0)
    logits = hidden @ params["W2"] + params["b2"]
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    loss = float(-log_probs[np.arange(len(labels)), labels].mean())
    return loss, {"x": x, "pre": pre, "hidden": hidden, "probs": np.exp(log_probs), "labels": labels}


def backward(params: dict, cache: dict) -> dict:
    """Gradients of the loss with respect to every parameter: a dict with the same keys and shapes."""
    n = len(cache["labels"])
    dlogits = cache["probs"].copy()
    dlogits[np.arange(n), cache["labels"]] -= 1.0
    dlogits /= n
    dhidden = dlogits @ params["W2"].T
    dpre = dhidden * (cache["pre"] > 0)  # ReLU passes the gradient where its input was positive
    return {
        "W2": cache["hidden"].T @ dlogits,
        "b2": dlogits.sum(axis=0),
        "W1": cache["x"].T @ dpre,
        "b1": dpre.sum(axis=0),
    }


def numerical_gradient(f, x: np.ndarray, eps: float = 1e-6) -> np.ndarray:
    """Central-difference estimate of the gradient of the scalar function ``f`` at ``x``.

    ``f`` takes no argument and reads ``x``; change ``x`` in place, and restore it after each entry.
    """
    grad = np.zeros_like(x)
    for index in np.ndindex(x.shape):
        original = x[index]
        x[index] = original + eps
        plus = f()
        x[index] = original - eps
        minus = f()
        x[index] = original
        grad[index] = (plus - minus) / (2 * eps)
    return grad
