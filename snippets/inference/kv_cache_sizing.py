"""KV-cache size of a Llama-2-70B-shaped model (80 layers, 64 query heads, 8 key-value heads of width 128,
16-bit numbers) from 2 x layers x kv_heads x head_dim x bytes per token, against the weights, for several
context lengths and batch sizes, and what the same model would cache with one key-value head per query head."""
import numpy as np

cfg = dict(layers=80, d_model=8192, q_heads=64, kv_heads=8, head_dim=128, d_ff=28672, vocab=32000)
BYTES = 2                                                  # bf16 / fp16
GB = 1e9                                                   # decimal gigabytes, as memory datasheets count


def kv_bytes(tokens: int, batch: int, kv_heads: int = cfg["kv_heads"], bytes_per: int = BYTES) -> int:
    """Keys and values (the 2), in every layer, for every cached token of every sequence."""
    return 2 * cfg["layers"] * kv_heads * cfg["head_dim"] * bytes_per * tokens * batch


# Parameters: attention (Q and O are d x d, K and V are d x kv_heads*head_dim), SwiGLU MLP (3 matrices),
# two RMSNorm vectors per layer, untied input embedding and output head, and a final norm.
d, kv_width = cfg["d_model"], cfg["kv_heads"] * cfg["head_dim"]
per_layer = 2 * d * d + 2 * d * kv_width + 3 * d * cfg["d_ff"] + 2 * d
params = cfg["layers"] * per_layer + 2 * cfg["vocab"] * d + d
weights = params * BYTES
per_token = kv_bytes(1, 1)
print(f"parameters: {params / 1e9:.2f} B -> weights in 16-bit: {weights / GB:.1f} GB")
print(f"KV cache per token: 2 x {cfg['layers']} x {cfg['kv_heads']} x {cfg['head_dim']} x {BYTES} B "
      f"= {per_token:,} bytes ({per_token / 2**10:.0f} KiB)")
print()
print(f"{'context':>8} {'batch':>6} {'KV cache (GB)':>14} {'cache / weights':>16}")
for tokens, batch in [(4096, 1), (4096, 32), (32768, 1), (32768, 8), (131072, 1)]:
    size = kv_bytes(tokens, batch)
    print(f"{tokens:>8,} {batch:>6} {size / GB:>14.1f} {size / weights:>16.2f}")

mha = kv_bytes(4096, 32, kv_heads=cfg["q_heads"])
print()
print(f"same model with multi-head attention (64 KV heads), 4,096 tokens x 32 sequences: {mha / GB:.0f} GB")
print(f"8-bit cache instead of 16-bit, 4,096 tokens x 32 sequences: {kv_bytes(4096, 32, bytes_per=1) / GB:.1f} GB")

# Budget: 8 GPUs of 80 GB hold the weights once; what is left bounds the tokens in flight.
budget = 8 * 80 * GB - weights
print(f"left for the cache on 8 x 80 GB after the weights: {budget / GB:.0f} GB "
      f"= {budget / per_token:,.0f} cached tokens in total, e.g. {budget / kv_bytes(4096, 1):.0f} sequences of 4,096")

assert per_token == 2 * 80 * 8 * 128 * 2 == 327_680
assert np.isclose(kv_bytes(4096, 32), 32 * 4096 * per_token) and 42.9e9 < kv_bytes(4096, 32) < 43.0e9
assert 68.9e9 < params < 69.0e9
assert 343e9 < mha < 345e9 and 501e9 < budget < 503e9 and 370 < budget / kv_bytes(4096, 1) < 378
assert 1.3e9 < kv_bytes(4096, 1) < 1.4e9 and 137.9e9 < weights < 138.0e9
