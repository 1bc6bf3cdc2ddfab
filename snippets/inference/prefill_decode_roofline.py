"""Roofline estimates of prefill and decode for a Llama-2-7B-shaped model in 16-bit on one H100 SXM
(datasheet: 989 dense BF16 TFLOP/s, 3.35 TB/s HBM3): arithmetic intensity of each phase, the ridge point,
time to first token, time per output token and decode throughput against batch size. Ideal peaks, no
overheads: every time printed is a lower bound."""
import matplotlib.pyplot as plt
import numpy as np

PEAK_FLOPS, BANDWIDTH = 989e12, 3.35e12                 # FLOP/s and bytes/s (assumed achievable peaks)
RIDGE = PEAK_FLOPS / BANDWIDTH                          # FLOP per byte where the two limits meet
L, d, d_ff, vocab, heads, head_dim = 32, 4096, 11008, 32000, 32, 128
BYTES = 2
params = L * (4 * d * d + 3 * d * d_ff + 2 * d) + 2 * vocab * d + d
kv_per_token = 2 * L * heads * head_dim * BYTES         # multi-head attention: 32 key-value heads


def roofline(flops: float, bytes_moved: float) -> tuple[float, float, str]:
    """Time is set by whichever is slower: the arithmetic or the memory traffic."""
    t_compute, t_memory = flops / PEAK_FLOPS, bytes_moved / BANDWIDTH
    return max(t_compute, t_memory), flops / bytes_moved, "compute" if t_compute > t_memory else "memory"


def prefill(prompt: int, batch: int = 1):
    """All prompt tokens in one pass: 2 FLOPs per parameter per token, plus causal attention scores."""
    flops = batch * (2 * params * prompt + 2 * L * d * prompt * prompt)      # QK^T and AV, causal half
    bytes_moved = params * BYTES + batch * prompt * kv_per_token             # read weights, write the cache
    return roofline(flops, bytes_moved)


def decode_step(context: int, batch: int):
    """One new token per sequence: every weight is read once for the batch, every cache entry once."""
    flops = batch * (2 * params + 4 * L * d * context)
    bytes_moved = params * BYTES + batch * context * kv_per_token
    return roofline(flops, bytes_moved)


print(f"model: {params / 1e9:.2f} B parameters, {params * BYTES / 1e9:.1f} GB of weights, "
      f"{kv_per_token / 2**10:.0f} KiB of KV cache per token")
print(f"ridge point: {RIDGE:.0f} FLOP/byte (below it a kernel waits for memory)")
t, ai, bound = prefill(2048)
print(f"prefill of a 2,048-token prompt: {ai:,.0f} FLOP/byte, {bound}-bound, time to first token >= {t * 1e3:.1f} ms")
HBM = 80e9
max_batch = int((HBM - params * BYTES) // (2048 * kv_per_token))   # sequences whose cache fits next to the weights
print(f"sequences of 2,048 tokens whose cache fits in {HBM / 1e9:.0f} GB beside the weights: {max_batch}")
print()
print(f"decode at context 2,048:{'':4}{'batch':>6}{'FLOP/byte':>10}{'bound':>9}{'ms/step':>9}{'tokens/s':>10}")
rows = {}
for batch in [1, 8, 32, max_batch]:
    t, ai, bound = decode_step(2048, batch)
    rows[batch] = (t, ai)
    print(f"{'':27}{batch:>6}{ai:>10.1f}{bound:>9}{t * 1e3:>9.2f}{batch / t:>10,.0f}")
t, ai, bound = decode_step(0, 512)
print(f"\nweights only (no cache to read), batch 512: {ai:.0f} FLOP/byte, {bound}-bound")

assert 280 < RIDGE < 300 and 6.7e9 < params < 6.8e9
assert prefill(2048)[2] == "compute" and 25e-3 < prefill(2048)[0] < 35e-3
assert decode_step(2048, 1)[2] == "memory" and 4.0e-3 < rows[1][0] < 4.4e-3
assert all(decode_step(2048, b)[2] == "memory" for b in rows) and rows[max_batch][1] < 20
assert max_batch == 61 and decode_step(0, 512)[2] == "compute"

assert 1900 < prefill(2048)[1] < 2050 and 0.9 < rows[1][1] < 1.1 and 10 < rows[max_batch][1] < 12.5
assert 2500 < max_batch / rows[max_batch][0] < 2700

fig, ax = plt.subplots(figsize=(6.4, 3.8), num="Roofline of an H100 SXM with the prefill of a 2,048-token prompt "
                                               f"above the ridge point; decode steps at batch 1 to {max_batch} stay "
                                               "below it on the bandwidth slope, and only weight reads "
                                               "at batch 512 would reach it")
x = np.logspace(-0.5, 4, 200)
ax.loglog(x, np.minimum(PEAK_FLOPS, BANDWIDTH * x) / 1e12, color="0.3", lw=1.5, label="roofline")
t, ai, _ = prefill(2048)
ax.plot(ai, min(PEAK_FLOPS, BANDWIDTH * ai) / 1e12, "o", ms=8, label="prefill, 2,048 tokens")
for batch in [1, 8, 32, max_batch, 128, 512]:
    for context, marker in [(2048, "s"), (0, "^")]:
        if context and batch > max_batch:
            continue                                # that cache would not fit in memory
        t, ai, _ = decode_step(context, batch)
        ax.plot(ai, min(PEAK_FLOPS, BANDWIDTH * ai) / 1e12, marker, color="C1" if context else "C2", ms=6)
ax.plot([], [], "s", color="C1", label=f"decode, context 2,048, batch 1-{max_batch}")
ax.plot([], [], "^", color="C2", label="decode, weights only, batch 1-512")
ax.axvline(RIDGE, color="0.6", ls=":", lw=1)
ax.set_xlabel("arithmetic intensity (FLOP per byte of memory traffic)")
ax.set_ylabel("attainable TFLOP/s")
ax.legend(fontsize=8, loc="lower right")
fig.tight_layout()
plt.show()
