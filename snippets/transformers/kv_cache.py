"""Greedy decoding with a tiny two-layer decoder-only attention model, with and without a KV cache:
the same tokens and outputs, with far fewer multiply-adds, for a cache that grows with the context."""
import numpy as np

rng = np.random.default_rng(0)
vocab, d, n_layers, prompt_len, new_tokens = 50, 32, 2, 8, 56
E = rng.normal(0, 1, (vocab, d))                                   # token embedding table
P = rng.normal(0, 1 / np.sqrt(d), (n_layers, 3, d, d))             # per layer: W_Q, W_K, W_V
W_out = rng.normal(0, 1 / np.sqrt(d), (d, vocab))                  # output projection to logits
macs = {"no cache": 0, "KV cache": 0}


def attend(q: np.ndarray, K: np.ndarray, V: np.ndarray, key: str) -> np.ndarray:
    """Causal attention of queries q (t, d) over keys/values (m, d); the last t keys are the queries'."""
    t, m = len(q), len(K)
    s = q @ K.T / np.sqrt(d)
    s[np.arange(m)[None, :] > np.arange(m - t, m)[:, None]] = -np.inf
    w = np.exp(s - s.max(1, keepdims=True))
    macs[key] += 2 * t * m * d                                      # scores and weighted sum
    return (w / w.sum(1, keepdims=True)) @ V


def forward_full(tokens: list[int]) -> np.ndarray:
    """No cache: rerun the whole prefix through every layer, return the last position's state."""
    x = E[tokens]
    for Wq, Wk, Wv in P:
        macs["no cache"] += 3 * len(x) * d * d                      # Q, K, V for every position
        x = x + attend(x @ Wq, x @ Wk, x @ Wv, "no cache")
    return x[-1]


def forward_cached(token: int, cache: list[dict]) -> np.ndarray:
    """KV cache: project only the new token, append its key and value, attend over the cache."""
    x = E[[token]]
    for (Wq, Wk, Wv), c in zip(P, cache):
        macs["KV cache"] += 3 * d * d
        c["K"], c["V"] = np.vstack([c["K"], x @ Wk]), np.vstack([c["V"], x @ Wv])
        x = x + attend(x @ Wq, c["K"], c["V"], "KV cache")
    return x[-1]


prompt = list(rng.integers(0, vocab, prompt_len))
seq_a, seq_b = prompt.copy(), prompt.copy()
cache = [{"K": np.zeros((0, d)), "V": np.zeros((0, d))} for _ in range(n_layers)]
for tok in prompt[:-1]:                        # prefill: fill the cache with the prompt
    forward_cached(tok, cache)
max_diff = 0.0
for step in range(new_tokens):
    h_a = forward_full(seq_a)
    h_b = forward_cached(seq_b[-1], cache)
    max_diff = max(max_diff, np.abs(h_a - h_b).max())
    seq_a.append(int(np.argmax(h_a @ W_out)))      # greedy next token
    seq_b.append(int(np.argmax(h_b @ W_out)))

ratio = macs["no cache"] / macs["KV cache"]
print(f"generated {new_tokens} tokens after a {prompt_len}-token prompt; first ten: {seq_b[prompt_len:prompt_len + 10]}")
print(f"same tokens with and without the cache: {seq_a == seq_b}; states equal to within 1e-12: {max_diff < 1e-12}")
print(f"multiply-adds without cache: {macs['no cache']:>10,}")
print(f"multiply-adds with KV cache: {macs['KV cache']:>10,}   ({ratio:.1f}x fewer)")
print(f"cache size: {n_layers} layers x 2 (K, V) x {len(cache[0]['K'])} positions x {d} = "
      f"{sum(c['K'].size + c['V'].size for c in cache):,} numbers, growing by {2 * n_layers * d} per token")
assert seq_a == seq_b and max_diff < 1e-12
assert 35 < ratio < 37, ratio
