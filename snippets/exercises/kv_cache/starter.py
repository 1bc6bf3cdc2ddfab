"""Greedy decoding with a KV cache that gives exactly what recomputing the whole prefix gives.

The model is one causal self-attention layer with a residual connection:
h = embed[tokens] + pos[positions]; logits = (h + attention(h)) @ unembed, where
attention(h) = softmax(q k^T / sqrt(d), causal) v @ wo with q, k, v = h @ wq, h @ wk, h @ wv.
``params`` holds embed (V, d), pos (max_len, d), wq, wk, wv, wo (d, d) and unembed (d, V).
Use NumPy only. Run the tests with: make exercise NAME=kv_cache
"""

import numpy as np


def forward(params: dict, tokens: list[int]) -> np.ndarray:
    """Logits (T, V) for every position of ``tokens``, each seeing only itself and earlier tokens."""
    raise NotImplementedError("write forward")


def decode_step(params: dict, token: int, cache: dict) -> np.ndarray:
    """Logits (V,) for the next position after feeding ``token``.

    ``cache`` maps "k" and "v" to arrays (t, d) of the keys and values of the t tokens fed so far
    (an empty dict before the first token). Append this token's key and value to it, in place.
    """
    raise NotImplementedError("write decode_step")


def generate(params: dict, prompt: list[int], n_new: int, use_cache: bool = True) -> list[int]:
    """Greedy continuation: prompt followed by ``n_new`` argmax tokens.

    With use_cache=False, call :func:`forward` on the whole sequence at every step; with
    use_cache=True, feed one token at a time to :func:`decode_step`.
    """
    raise NotImplementedError("write generate")
