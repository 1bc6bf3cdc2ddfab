"""Parameters and FLOPs per token of a GPT-style decoder: 12 d^2 per layer plus embeddings, forward FLOPs
2N + 2 n_layer n_ctx d (Kaplan et al.'s Table 1), training 6N per token, checked against GPT-2 small, GPT-3 and
Llama 2 7B, against an instrumented NumPy forward pass, and the context length at which attention's FLOPs match
the weight matmuls'."""
import matplotlib.pyplot as plt
import numpy as np


def gpt_params(n_layer, d, vocab, n_ctx, d_ff=None):
    """GPT-2/3 block: QKV and output projections, a 4d MLP, biases, two LayerNorms; learned positions, tied head."""
    d_ff = d_ff or 4 * d
    attn = 3 * d * d + 3 * d + d * d + d               # W_qkv, b_qkv, W_o, b_o
    mlp = 2 * d * d_ff + d_ff + d                      # W_in, b_in, W_out, b_out
    norms = 2 * 2 * d                                  # two LayerNorms, gain and bias
    per_layer = attn + mlp + norms
    embed = vocab * d + n_ctx * d                      # token and position tables (the output head is tied)
    return n_layer * per_layer, embed + 2 * d          # non-embedding N (Kaplan's), embeddings + final norm


def fwd_flops_per_token(n_layer, d, n_ctx, N):
    """Kaplan et al. (2020), Table 1: 2N for the weight matmuls plus 2 n_layer n_ctx d for attention."""
    return 2 * N + 2 * n_layer * n_ctx * d


print(f"{'model':>12} {'layers':>6} {'d_model':>7} {'12 L d^2':>10} {'non-emb N':>10} {'total':>10}")
for name, L, d, V, ctx in [("GPT-2 small", 12, 768, 50257, 1024), ("GPT-3", 96, 12288, 50257, 2048)]:
    N, emb = gpt_params(L, d, V, ctx)
    print(f"{name:>12} {L:>6} {d:>7} {12 * L * d * d / 1e6:>9,.1f}M {N / 1e6:>9,.1f}M {(N + emb) / 1e6:>9,.1f}M")
n_gpt2, emb_gpt2 = gpt_params(12, 768, 50257, 1024)
n_gpt3, emb_gpt3 = gpt_params(96, 12288, 50257, 2048)

# Llama 2 7B: no biases, RMSNorm, SwiGLU MLP of width 11008 (3 matrices), untied head, rotary positions.
L, d, ff, V = 32, 4096, 11008, 32000
llama = L * (4 * d * d + 3 * d * ff + 2 * d) + 2 * V * d + d
print(f"{'Llama 2 7B':>12} {L:>6} {d:>7} {'':>10} {L * (4 * d * d + 3 * d * ff) / 1e6:>9,.1f}M {llama / 1e6:>9,.1f}M")

# Training compute: 6 FLOPs per parameter per token (2 forward, 4 backward), C = 6 N D.
D = 300e9
print()
print(f"GPT-3 trained on 300B tokens: 6 N D = {6 * (n_gpt3 + emb_gpt3) * D:.3g} FLOPs "
      f"(attention adds {2 * 96 * 2048 * 12288 * 3 * D / (6 * n_gpt3 * D):.1%} at its 2,048-token context)")

# The output head (de-embedding) is left out of N, but its matmul is real: 2 d V FLOPs per token.
for name, dm, n in [("GPT-2 small", 768, n_gpt2), ("GPT-3", 12288, n_gpt3)]:
    print(f"{name}: output head 2 d V = {2 * dm * 50257 / 1e6:,.0f}M FLOPs per token against 2N = {2 * n / 1e6:,.0f}M "
          f"({2 * dm * 50257 / (2 * n):.1%})")

# An instrumented forward pass of a tiny causal block: count 2*m*k*n for every matmul it performs.
rng = np.random.default_rng(0)
d, T, n_head = 64, 256, 4
W = {k: rng.normal(scale=d ** -0.5, size=s) for k, s in
     [("qkv", (d, 3 * d)), ("o", (d, d)), ("up", (d, 4 * d)), ("down", (4 * d, d))]}
flops = {"weights": 0, "attention": 0}


def mm(a, b, kind):
    flops[kind] += 2 * a.shape[-2] * a.shape[-1] * b.shape[-1] * int(np.prod(a.shape[:-2]))
    return a @ b


x = rng.normal(size=(T, d))
q, k, v = np.split(mm(x, W["qkv"], "weights"), 3, axis=1)
heads = [a.reshape(T, n_head, d // n_head).transpose(1, 0, 2) for a in (q, k, v)]
s = mm(heads[0], heads[1].transpose(0, 2, 1), "attention") / np.sqrt(d // n_head)
s = np.where(np.tril(np.ones((T, T), bool)), s, -np.inf)
p = np.exp(s - s.max(-1, keepdims=True))
p /= p.sum(-1, keepdims=True)
a = mm(p, heads[2], "attention").transpose(1, 0, 2).reshape(T, d)
h = x + mm(a, W["o"], "weights")
h = h + mm(np.maximum(mm(h, W["up"], "weights"), 0), W["down"], "weights")
print()
print(f"instrumented block, d={d}, {T} tokens: weight matmuls {flops['weights'] / T:,.0f} FLOPs/token = 2 x 12 d^2 "
      f"= {2 * 12 * d * d:,}; attention {flops['attention'] / T:,.0f} = 4 n_ctx d = {4 * T * d:,}")
print(f"  a causal mask needs half of those products on average: 2 n_ctx d = {2 * T * d:,}, the term in Kaplan's table")

# When does attention match the weight matmuls? 2 L n_ctx d = 2 * 12 L d^2  <=>  n_ctx = 12 d (Kaplan's count).
print()
print("Kaplan's count, 2 n_layer n_ctx d against 2N = 24 n_layer d^2: equal at n_ctx = 12 d (at 6 d counting 4 n_ctx d)")
print(f"{'d_model':>8} {'n_ctx where attention = matmuls':>32} {'attention share at 8k':>22} {'at 128k':>8}")
for dm in (768, 4096, 12288):
    share = [2 * c * dm / (2 * c * dm + 24 * dm * dm) for c in (8192, 131072)]
    print(f"{dm:>8} {12 * dm:>32,} {share[0]:>22.1%} {share[1]:>8.1%}")

ctx = np.logspace(2, 6, 200)
fig, ax = plt.subplots(figsize=(6.4, 3.6), num="Share of forward FLOPs spent on attention scores against context length")
for dm in (768, 4096, 12288):
    ax.plot(ctx, 2 * ctx * dm / (2 * ctx * dm + 24 * dm * dm), label=f"d_model = {dm:,} (equal at {12 * dm:,})")
ax.axhline(0.5, color="grey", linestyle=":")
ax.set_xscale("log")
ax.set_xlabel("context length n_ctx (tokens)")
ax.set_ylabel("attention share of FLOPs per token")
ax.legend(fontsize=8)
fig.tight_layout()
plt.show()

assert abs(n_gpt2 + emb_gpt2 - 124.4e6) < 0.1e6 and 174.5e9 < n_gpt3 + emb_gpt3 < 174.7e9
assert 0.45 < 768 * 50257 / n_gpt2 < 0.46 and 6.73e9 < llama < 6.75e9
assert 3.13e23 < 6 * (n_gpt3 + emb_gpt3) * D < 3.15e23
assert flops["weights"] == 2 * 12 * d * d * T and flops["attention"] == 4 * T * T * d
