"""Per-layer cost of self-attention and of an LSTM layer as the sequence length n grows (width d = 512):
multiply-adds, sequential steps, the memory of the attention score matrix, and the longest path."""
import matplotlib.pyplot as plt
import numpy as np

d, heads = 512, 8                       # the base Transformer's width and head count
lengths = 2 ** np.arange(7, 16)         # n = 128 ... 32,768


def attention_cost(n: int) -> tuple[int, int]:
    """Q, K, V and output projections (4 n d^2); scores Q K^T and weights @ V (n^2 d each)."""
    return 4 * n * d * d, 2 * n * n * d


def lstm_cost(n: int) -> int:
    """Four gates, each W x_t + U h_{t-1}: 8 d^2 per step, n steps one after another."""
    return 8 * n * d * d


print(f"{'n':>6} | {'attention MACs':>14} {'of which n^2':>12} | {'LSTM MACs':>10} {'ratio':>6} |"
      f" {'steps attn/LSTM':>15} | {'scores GiB':>10}")
ratios = []
for n in lengths:
    proj, quad = attention_cost(n)
    ratio = (proj + quad) / lstm_cost(n)
    ratios.append(ratio)
    print(f"{n:6d} | {proj + quad:14.2e} {quad / (proj + quad):12.0%} | {lstm_cost(n):10.2e} {ratio:6.2f} |"
          f" {1:>7d} / {n:<6d} | {heads * n * n * 4 / 2**30:10.3f}")

crossover = lengths[np.argmax(np.array(ratios) > 1)]
print(f"break-even at n = 2d = {2 * d}; attention costs more from n = {crossover} on")
print("scores GiB: one layer's 8 score matrices, n x n each, in float32")
print(f"longest path between two positions: 1 layer for attention, up to n - 1 = {lengths[-1] - 1} steps for the LSTM")
assert crossover == 2048 and abs(ratios[lengths.tolist().index(1024)] - 1) < 1e-12
assert abs(ratios[-1] - 16.5) < 1e-12    # (4d + 2n) / 8d at n = 32,768

fig, (a1, a2) = plt.subplots(1, 2, figsize=(7.8, 3.2),
                             num="Per-layer multiply-adds and sequential steps against sequence length "
                                 "for self-attention and an LSTM layer of width 512")
a1.plot(lengths, [sum(attention_cost(n)) for n in lengths], "o-", label="self-attention")
a1.plot(lengths, [attention_cost(n)[1] for n in lengths], ":", color="tab:blue", label="  its n² part")
a1.plot(lengths, [lstm_cost(n) for n in lengths], "s-", label="LSTM")
a1.axvline(2 * d, color="gray", lw=0.8)
a1.set(xscale="log", yscale="log", xlabel="sequence length n", ylabel="multiply-adds per layer",
       title="Total work")
a1.legend(fontsize=8)
a2.plot(lengths, np.ones(len(lengths)), "o-", label="self-attention")
a2.plot(lengths, lengths, "s-", label="LSTM")
a2.set(xscale="log", yscale="log", xlabel="sequence length n", ylabel="steps that must run in order",
       title="Sequential steps (training)")
a2.legend(fontsize=8)
fig.tight_layout()
plt.show()
