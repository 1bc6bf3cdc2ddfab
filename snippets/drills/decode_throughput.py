"""Memory-bound decoding: tokens per second from memory bandwidth and the bytes read per step."""

params, bytes_per_param = 7e9, 2  # a 7B model in bf16
bandwidth = 3.35e12  # bytes per second

weights = params * bytes_per_param
print(f"Step 1: every decode step reads all weights once: {weights / 1e9:.0f} GB")
step = weights / bandwidth
print(f"Step 2: {weights / 1e9:.0f} GB / {bandwidth / 1e12:.2f} TB/s = {step * 1e3:.2f} ms per step")
print(f"  -> decode-step-ms = {step * 1e3:.2f} ms")
print(f"Step 3: at batch 1, one token per step: 1 / {step * 1e3:.2f} ms")
print(f"  -> decode-tokens-per-s = {1 / step:.0f} tokens/s")
batch = 32
print(f"Step 4: at batch {batch}, the same weights serve {batch} sequences per step (ignoring the KV cache)")
print(f"  -> decode-batch-tokens-per-s = {batch / step:,.0f} tokens/s")
