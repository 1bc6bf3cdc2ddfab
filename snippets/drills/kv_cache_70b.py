"""KV-cache size of a 70B-class model with grouped-query attention, at 32k context and batch 8."""

layers, kv_heads, query_heads, head_dim, bytes_per_value = 80, 8, 64, 128, 2  # bf16
context, batch = 32_768, 8

per_token = 2 * layers * kv_heads * head_dim * bytes_per_value  # a key and a value per layer and KV head
print(f"Step 1: 2 (K and V) x {layers} layers x {kv_heads} KV heads x {head_dim} dims x {bytes_per_value} bytes"
      f" = {per_token:,} bytes per token")
print(f"  -> kv70b-per-token = {per_token / 2**10:.0f} KiB")

total = per_token * context * batch
print(f"Step 2: {per_token:,} bytes x {context:,} tokens x {batch} sequences = {total:,} bytes")
print(f"  -> kv70b-total = {total / 2**30:.0f} GiB")

mha = total * query_heads // kv_heads
print(f"Step 3: without GQA every one of the {query_heads} query heads has its own K and V:"
      f" {query_heads // kv_heads}x more")
print(f"  -> kv70b-mha = {mha / 2**30:.0f} GiB")
