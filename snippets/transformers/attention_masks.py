"""The three attention-mask patterns of Transformer families, built in NumPy: bidirectional (encoder),
causal (decoder) and encoder-decoder cross-attention; printed as 0/1 matrices and drawn."""
import matplotlib.pyplot as plt
import numpy as np

src = ["the", "cat", "sat", "on", "the", "mat"]          # encoder input / a decoder-only sequence
tgt = ["<s>", "le", "chat", "est"]                      # decoder input (target shifted right)
n, m = len(src), len(tgt)

masks = {                                               # rows = queries, columns = keys; 1 = may attend
    "bidirectional (encoder-only, BERT)": np.ones((n, n), dtype=int),
    "causal (decoder-only, GPT)": np.tril(np.ones((n, n), dtype=int)),
    "cross (decoder queries -> encoder keys, T5)": np.ones((m, n), dtype=int),
}
decoder_self = np.tril(np.ones((m, m), dtype=int))      # the decoder's own self-attention is causal

for name, M in masks.items():
    rows = tgt if M.shape[0] == m else src
    print(f"{name}: {M.sum()} of {M.size} query-key pairs allowed")
    print("        " + " ".join(f"{w:>4}" for w in src))
    for word, row in zip(rows, M):
        print(f"  {word:>5} " + " ".join(f"{v:>4d}" for v in row))

causal = masks["causal (decoder-only, GPT)"]
print("token 'sat' sees, bidirectional:", [w for w, v in zip(src, masks['bidirectional (encoder-only, BERT)'][2]) if v])
print("token 'sat' sees, causal       :", [w for w, v in zip(src, causal[2]) if v])
print("decoder token 'chat' sees:", [w for w, v in zip(tgt, decoder_self[2]) if v], "in its own sequence,",
      "and all", masks["cross (decoder queries -> encoder keys, T5)"][2].sum(), "encoder tokens")
assert causal.sum() == n * (n + 1) // 2 == 21 and np.all(np.triu(causal, 1) == 0)

fig, axes = plt.subplots(1, 3, figsize=(9.6, 3.4), gridspec_kw={"width_ratios": [1, 1, 1]},
                         num="Attention masks as grids: bidirectional encoder self-attention (all allowed), "
                             "causal decoder self-attention (lower triangle), and cross-attention "
                             "from 4 decoder tokens to all 6 encoder tokens")
for ax, (name, M) in zip(axes, masks.items()):
    rows = tgt if M.shape[0] == m else src
    ax.imshow(M, cmap="Blues", vmin=0, vmax=1.3)
    ax.set_xticks(range(n), src, rotation=45, fontsize=8)
    ax.set_yticks(range(len(rows)), rows, fontsize=8)
    ax.set_title(name.replace(" (", "\n("), fontsize=9)
    ax.set_xlabel("key (attended to)", fontsize=8)
    ax.set_xticks(np.arange(n + 1) - 0.5, minor=True)
    ax.set_yticks(np.arange(len(rows) + 1) - 0.5, minor=True)
    ax.grid(which="minor", color="white", lw=1.5)
    ax.tick_params(which="minor", length=0)
axes[0].set_ylabel("query (attending)", fontsize=8)
fig.tight_layout()
plt.show()
