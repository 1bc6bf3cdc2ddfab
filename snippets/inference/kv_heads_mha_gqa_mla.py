"""What multi-head, grouped-query, multi-query and multi-head latent attention cache per token: sizes for a
Llama-2-70B-shaped model (80 layers, 64 query heads of 128) and DeepSeek-V2's MLA (latent 512 + RoPE key 64);
then a NumPy check that GQA with as many groups as heads is MHA, and that MLA's up-projections can be
absorbed into the query and output maps so attention runs directly on the cached latent."""
import numpy as np

rng = np.random.default_rng(0)
L, H, dh, BYTES = 80, 64, 128, 2


def cache_elems_per_layer(kv_heads: int) -> int:
    return 2 * kv_heads * dh                                # keys and values


print(f"{'variant':<26}{'KV heads':>9}{'elems/token/layer':>19}{'KiB/token':>11}{'GB, 32 x 4,096':>16}{'vs MHA':>8}")
mha = cache_elems_per_layer(H)
for name, g in [("MHA", 64), ("GQA-8 (Llama 2 70B)", 8), ("GQA-4", 4), ("MQA", 1)]:
    e = cache_elems_per_layer(g)
    per_token = e * L * BYTES
    print(f"{name:<26}{g:>9}{e:>19,}{per_token / 2**10:>11,.0f}{per_token * 32 * 4096 / 1e9:>16.1f}{mha / e:>7.0f}x")

# DeepSeek-V2: 128 heads of 128, 60 layers; MLA caches a 512-dim latent plus one shared 64-dim RoPE key.
ds_layers, ds_heads, d_c, d_rope = 60, 128, 512, 64
mla, ds_mha = d_c + d_rope, 2 * ds_heads * dh
print(f"\nDeepSeek-V2 shape ({ds_heads} heads of {dh}): MHA would cache {ds_mha:,} elements per token per layer, "
      f"MLA caches {mla} ({ds_mha / mla:.1f}x fewer), like GQA with {mla / (2 * dh):.2f} groups")
assert mla / (2 * dh) == 2.25 and 56 < ds_mha / mla < 57


# --- GQA in NumPy: h query heads share g key/value heads ----------------------------------------------
def gqa(x, Wq, Wk, Wv, h, g):
    """x (n, d); Wq (d, h*dk); Wk, Wv (d, g*dk). Query head i reads key/value head i // (h // g)."""
    n, dk = len(x), Wq.shape[1] // h
    q = (x @ Wq).reshape(n, h, dk)
    k, v = (x @ Wk).reshape(n, g, dk), (x @ Wv).reshape(n, g, dk)
    k, v = np.repeat(k, h // g, axis=1), np.repeat(v, h // g, axis=1)     # broadcast each group to its heads
    s = np.einsum("nhd,mhd->hnm", q, k) / np.sqrt(dk)
    s = np.where(np.tril(np.ones((n, n), bool)), s, -np.inf)
    a = np.exp(s - s.max(-1, keepdims=True))
    a /= a.sum(-1, keepdims=True)
    return np.einsum("hnm,mhd->nhd", a, v).reshape(n, h * dk)


def mha_per_head(x, Wq, Wk, Wv, h):
    dk = Wq.shape[1] // h
    outs = []
    for i in range(h):
        sl = slice(i * dk, (i + 1) * dk)
        q, k, v = x @ Wq[:, sl], x @ Wk[:, sl], x @ Wv[:, sl]
        s = np.where(np.tril(np.ones((len(x), len(x)), bool)), q @ k.T / np.sqrt(dk), -np.inf)
        a = np.exp(s - s.max(1, keepdims=True))
        outs.append(a / a.sum(1, keepdims=True) @ v)
    return np.concatenate(outs, axis=1)


n, d, h, dk = 12, 64, 8, 16
x = rng.normal(size=(n, d))
Wq, Wk, Wv = (rng.normal(size=(d, h * dk)) / np.sqrt(d) for _ in range(3))
same = np.abs(gqa(x, Wq, Wk, Wv, h, g=h) - mha_per_head(x, Wq, Wk, Wv, h)).max()
print(f"\nGQA with g = h groups equals per-head MHA to 1e-12: {same < 1e-12}")
assert same < 1e-12

# --- MLA: cache c = x W_dkv (d_c numbers per token); keys and values are up-projections of c ---------------
d_c, h, dk = 32, 8, 16
W_dkv = rng.normal(size=(d, d_c)) / np.sqrt(d)
W_uk, W_uv = rng.normal(size=(h, d_c, dk)) / np.sqrt(d_c), rng.normal(size=(h, d_c, dk)) / np.sqrt(d_c)
W_q = rng.normal(size=(h, d, dk)) / np.sqrt(d)
W_o = rng.normal(size=(h, dk, d)) / np.sqrt(h * dk)
c = x @ W_dkv                                                # the cache: (n, d_c), shared by all heads
x_new = rng.normal(size=d)                                   # the token being decoded


def softmax(s):
    e = np.exp(s - s.max())
    return e / e.sum()


# Explicit: rebuild every head's keys and values from the latent, then attend.
out_explicit = sum(softmax((x_new @ W_q[i]) @ (c @ W_uk[i]).T / np.sqrt(dk)) @ (c @ W_uv[i]) @ W_o[i]
                   for i in range(h))
# Absorbed: fold W_uk into the query and W_uv into the output map; attend over the latent directly.
W_q_abs = np.einsum("idk,ick->idc", W_q, W_uk)               # (h, d, d_c)
W_o_abs = np.einsum("ick,ikd->icd", W_uv, W_o)               # (h, d_c, d)
out_absorbed = sum(softmax((x_new @ W_q_abs[i]) @ c.T / np.sqrt(dk)) @ c @ W_o_abs[i] for i in range(h))
gap = np.abs(out_explicit - out_absorbed).max()
print(f"MLA with up-projections absorbed equals explicit keys and values to 1e-12: {gap < 1e-12}")
assert gap < 1e-12
print(f"cached per token: MHA {2 * h * dk} numbers, MLA latent {d_c} numbers (this toy, no RoPE key)")
assert cache_elems_per_layer(8) * L * BYTES * 32 * 4096 / 1e9 < 43 and cache_elems_per_layer(1) * L * BYTES * 32 * 4096 / 1e9 < 5.5
