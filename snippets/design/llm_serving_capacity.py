"""Capacity plan for serving a 70B model at 50 requests/s: weights, KV cache, decode batch, GPU count."""

import math

# The model: the Llama-3-70B shape (80 layers, width 8,192, 64 query heads, 8 KV heads of 128, MLP 28,672).
layers, width, heads, kv_heads, head_dim, mlp, vocab = 80, 8192, 64, 8, 128, 28672, 128_256
per_layer = 2 * width * heads * head_dim + 2 * width * kv_heads * head_dim + 3 * width * mlp
params = layers * per_layer + 2 * vocab * width  # untied input and output embeddings; norms ignored
weights_gb = params * 2 / 1e9  # bf16
kv_per_token = 2 * layers * kv_heads * head_dim * 2  # keys and values, bf16

# The load and the budget, from the requirements.
rate, prompt, output = 50, 2_000, 300  # requests/s at peak, mean tokens in and out
tpot_budget = 0.050  # seconds per output token
# The hardware: an 80 GB accelerator with 3.35 TB/s and 989 dense bf16 TFLOP/s (H100 SXM).
hbm, bandwidth, peak = 80e9, 3.35e12, 989e12
mfu_prefill = 0.40  # assumed fraction of peak that long prefills reach
reserve = 0.10  # assumed share of memory for activations and the runtime
busy = 0.70  # plan to be at most 70% busy at peak, for bursts

print(f"Parameters: {params / 1e9:.1f} B, weights in bf16: {weights_gb:.0f} GB")
print(f"KV cache per token: {kv_per_token:,} bytes")

tp = 4
replica_hbm = tp * hbm
kv_budget = replica_hbm * (1 - reserve) - params * 2
mean_context = prompt + output / 2  # a decoding sequence holds on average its prompt and half its output
kv_per_seq = kv_per_token * mean_context
batch = int(kv_budget // kv_per_seq)
print(f"\nOne decode replica, tensor-parallel over {tp} GPUs ({replica_hbm / 1e9:.0f} GB):")
print(f"  KV budget: {replica_hbm * (1 - reserve) / 1e9:.0f} GB - {weights_gb:.0f} GB weights = {kv_budget / 1e9:.0f} GB")
print(f"  KV per sequence at {mean_context:,.0f} tokens: {kv_per_seq / 1e9:.2f} GB -> batch of {batch} sequences")
step = (params * 2 + batch * kv_per_seq) / (tp * bandwidth)  # memory-bound: read weights and all caches
print(f"  decode step: ({weights_gb:.0f} + {batch * kv_per_seq / 1e9:.0f}) GB / {tp * bandwidth / 1e12:.1f} TB/s"
      f" = {step * 1e3:.1f} ms per token (budget {tpot_budget * 1e3:.0f} ms)")
assert step < tpot_budget
replica_tokens = batch / step
flops_share = replica_tokens * 2 * params / (tp * peak)
print(f"  throughput: {replica_tokens:,.0f} tokens/s, using {flops_share:.0%} of peak FLOP/s")
intensity = batch * 2 * params / (params * 2 + batch * kv_per_seq)
print(f"  {intensity:.0f} FLOPs per byte read, below the ridge point {peak / bandwidth:.0f}: memory-bound")

decode_demand = rate * output
decode_replicas = math.ceil(decode_demand / (busy * replica_tokens))
print(f"\nDecode demand: {rate} x {output} = {decode_demand:,} tokens/s"
      f" -> {decode_replicas} replicas at <= {busy:.0%} busy = {decode_replicas * tp} GPUs")

prefill_flops = rate * prompt * 2 * params  # 2 FLOPs per parameter per token; attention adds ~2% here
gpu_flops = mfu_prefill * peak
prefill_gpus = math.ceil(prefill_flops / (busy * gpu_flops))
print(f"Prefill demand: {rate} x {prompt:,} tokens x 2 x {params / 1e9:.1f} B = {prefill_flops / 1e15:.1f} PFLOP/s")
print(f"  at {mfu_prefill:.0%} of {peak / 1e12:.0f} TFLOP/s per GPU, <= {busy:.0%} busy -> {prefill_gpus} GPUs")
ttft = prompt * 2 * params / (tp * gpu_flops)
print(f"  one {prompt:,}-token prompt on {tp} GPUs: {ttft * 1e3:.0f} ms of compute before the first token")
print(f"\nTotal: {prefill_gpus + decode_replicas * tp} GPUs; prefill takes {prefill_gpus / (prefill_gpus + decode_replicas * tp):.0%}")

cached = 1_500  # a shared system prompt and few-shot examples, served from the prefix cache
saved = math.ceil(rate * (prompt - cached) * 2 * params / (busy * gpu_flops))
print(f"With a {cached:,}-token shared prefix cached, prefill needs {saved} GPUs instead of {prefill_gpus}")

kv_transfer = rate * prompt * kv_per_token  # each prompt's cache moves from a prefill GPU to a decode GPU
print(f"Prefill -> decode KV transfer: {prompt * kv_per_token / 1e6:.0f} MB per request;"
      f" {rate} x {prompt:,} x {kv_per_token:,} B = {kv_transfer / 1e9:.1f} GB/s in total")

print(f"Weights in FP8: {params / 1e9:.0f} GB; in 4 bits: {params / 2e9:.0f} GB")
print(f"Cache of one 100,000-token prompt: {100_000 * kv_per_token / 1e9:.1f} GB")
