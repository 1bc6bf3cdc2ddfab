"""Plan for pretraining a 70B model on 15 T tokens: compute, days, parallel layout, checkpoints, failures."""

import math

params, tokens = 70.6e9, 15e12
layers, width, seq = 80, 8192, 4096
gpus, per_node, hbm = 4096, 8, 80e9
peak, mfu = 989e12, 0.40  # dense bf16 FLOP/s per accelerator; assumed model FLOPs utilisation

flops = 6 * params * tokens  # forward and backward: 6 FLOPs per parameter per token
days = flops / (gpus * peak * mfu) / 86400
print(f"Compute: 6 x {params / 1e9:.1f} B x {tokens / 1e12:.0f} T tokens = {flops:.2e} FLOPs")
print(f"On {gpus:,} accelerators at {mfu:.0%} of {peak / 1e12:.0f} TFLOP/s: {days:.0f} days")

batch_seqs = 2048  # global batch: 2,048 sequences of 4,096 tokens
batch_tokens = batch_seqs * seq
steps = tokens / batch_tokens
step_s = 6 * params * batch_tokens / (gpus * peak * mfu)
print(f"  to finish in 30 days at the same MFU: {gpus * days / 30:,.0f} accelerators")
print(f"Global batch {batch_seqs:,} x {seq:,} = {batch_tokens / 1e6:.1f} M tokens: {steps / 1e6:.2f} M steps of {step_s:.1f} s")
link = 50e9  # bytes/s per accelerator between nodes (400 Gb/s), assumed

print("\nLayouts (t tensor, p pipeline, d data; ZeRO-1 shards the optimizer over d; micro-batch 1 sequence)")
print("  t  p     d    m  states GB  activ. GB  total GB  bubble  grad GB/step  comm s")
for t, p in [(8, 1), (8, 2), (8, 4), (4, 8)]:
    d = gpus // (t * p)
    m = batch_seqs // d  # micro-batches per replica per step
    shard = params / (t * p)
    states = shard * (2 + 2) + shard * 12 / d  # bf16 weights and grads; fp32 master, m and v sharded over d
    # Selective recomputation with sequence parallelism: 34 s h / t bytes per layer per sequence;
    # with 1F1B the first stage holds p micro-batches of L/p layers: L layers' worth.
    activ = 34 * seq * width / t * layers
    bubble = (p - 1) / (m + p - 1)
    allreduce = 2 * shard * 2  # a ring all-reduce sends about twice the bf16 gradient shard
    print(f"  {t}  {p}  {d:4d}  {m:3d}  {states / 1e9:9.1f}  {activ / 1e9:9.1f}  {(states + activ) / 1e9:8.1f}"
          f"  {bubble:6.3f}  {allreduce / 1e9:12.1f}  {allreduce / link:6.2f}")

full_opt = params / 8 * 12
print(f"fp32 master weights and Adam moments per accelerator at t = 8: {full_opt / 1e9:.0f} GB,"
      f" sharded over d = 512: {full_opt / 512 / 1e9:.1f} GB")
ckpt = params * (4 + 4 + 4)  # fp32 master weights, Adam m and v; bf16 weights can be re-derived
print(f"\nCheckpoint: 12 bytes x {params / 1e9:.1f} B = {ckpt / 1e9:.0f} GB")
storage = 100e9  # bytes/s of aggregate write bandwidth to the parallel file system
print(f"  written in parallel at {storage / 1e9:.0f} GB/s: {ckpt / storage:.0f} s")

# Failures: the Llama 3 405B run saw 419 unexpected interruptions in 54 days on 16,384 GPUs.
rate = 419 / (54 * 16384)  # per GPU-day, assumed to scale linearly with the number of GPUs
per_day = rate * gpus
mtbf = 86400 / per_day
print(f"\nInterruptions: {rate * 1e4:.1f} per 10,000 GPU-days -> {per_day:.1f} per day on {gpus:,} GPUs,"
      f" one every {mtbf / 3600:.1f} h")
cost, restart = 60.0, 600.0  # seconds training stalls per checkpoint; seconds to restart after a failure
interval = math.sqrt(2 * cost * mtbf)  # Young's first-order optimum
lost = cost / interval + (interval / 2 + restart) / mtbf
print(f"Checkpoint stall {cost:.0f} s: Young's interval sqrt(2 x {cost:.0f} x {mtbf:,.0f}) = {interval / 60:.0f} min")
print(f"  time lost: {cost / interval:.1%} saving + {interval / 2 / mtbf:.1%} redoing + {restart / mtbf:.1%} restarting"
      f" = {lost:.1%}, {lost * days:.1f} of {days:.0f} days")
for every in (10 * 60, 3 * 3600):
    other = cost / every + (every / 2 + restart) / mtbf
    print(f"  checkpointing every {every / 60:.0f} min instead: {other:.1%} lost")
