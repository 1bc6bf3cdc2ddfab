"""Greedy decoding with a KV cache that gives exactly what recomputing the whole prefix gives."""

import numpy as np


def _softmax(scores: np.ndarray) -> np.ndarray:
    exp = np.exp(scores - scores.max(axis=-1, keepdims=True))
    return exp / exp.sum(axis=-1, keepdims=True)


def forward(params: dict, tokens: list[int]) -> np.ndarray:
    """Logits (T, V) for every position of ``tokens``, each seeing only itself and earlier tokens."""
    t = len(tokens)
    h = params["embed"][tokens] + params["pos"][:t]
    q, k, v = h @ params["wq"], h @ params["wk"], h @ params["wv"]
    scores = q @ k.T / np.sqrt(q.shape[-1])
    scores = np.where(np.tril(np.ones((t, t), dtype=bool)), scores, -np.inf)
    return (h + _softmax(scores) @ v @ params["wo"]) @ params["unembed"]


def decode_step(params: dict, token: int, cache: dict) -> np.ndarray:
    """Logits (V,) for the next position after feeding ``token``.

    ``cache`` maps "k" and "v" to arrays (t, d) of the keys and values of the t tokens fed so far
    (an empty dict before the first token). Append this token's key and value to it, in place.
    """
    d = params["wq"].shape[0]
    position = len(cache.get("k", ()))
    h = params["embed"][token] + params["pos"][position]
    # Only the new token's query, key and value are computed; the old keys and values are reused.
    cache["k"] = np.vstack([cache.get("k", np.empty((0, d))), h @ params["wk"]])
    cache["v"] = np.vstack([cache.get("v", np.empty((0, d))), h @ params["wv"]])
    weights = _softmax(h @ params["wq"] @ cache["k"].T / np.sqrt(d))  # no mask: the cache holds only the past
    return (h + weights @ cache["v"] @ params["wo"]) @ params["unembed"]


def generate(params: dict, prompt: list[int], n_new: int, use_cache: bool = True) -> list[int]:
    """Greedy continuation: prompt followed by ``n_new`` argmax tokens.

    With use_cache=False, call :func:`forward` on the whole sequence at every step; with
    use_cache=True, feed one token at a time to :func:`decode_step`.
    """
    tokens = list(prompt)
    if not use_cache:
        for _ in range(n_new):
            tokens.append(int(np.argmax(forward(params, tokens)[-1])))
        return tokens
    cache: dict = {}
    for token in tokens[:-1]:  # prefill: the prompt's keys and values
        decode_step(params, token, cache)
    logits = decode_step(params, tokens[-1], cache)
    for _ in range(n_new):
        tokens.append(int(np.argmax(logits)))
        logits = decode_step(params, tokens[-1], cache)
    return tokens
