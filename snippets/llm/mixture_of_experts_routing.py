"""A mixture-of-experts router in NumPy: top-k gating, expert capacity with dropped tokens, and the Switch
Transformer load-balancing loss N * sum_i f_i * P_i, which is 1 under uniform routing and N when every token goes
to one expert. A skewed router is then trained on that loss alone, and Mixtral's total and active parameters are
counted from its published shape."""
import matplotlib.pyplot as plt
import numpy as np

rng = np.random.default_rng(0)
T, d, N = 4096, 64, 8                                   # tokens in the batch, model width, experts
x = rng.normal(size=(T, d))


def softmax(z):
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def route(logits, k, capacity_factor):
    """Top-k gating with capacity: returns the kept (token, expert, gate) triples, tokens per expert, dropped share."""
    probs = softmax(logits)
    topk = np.argsort(-probs, axis=1)[:, :k]            # each token's k best experts
    gates = np.take_along_axis(probs, topk, axis=1)
    gates = gates / gates.sum(axis=1, keepdims=True)    # renormalise over the chosen k (softmax of the top-k logits)
    capacity = int(capacity_factor * k * T / N)         # slots per expert
    load = np.zeros(N, dtype=int)
    kept = []
    for t in range(T):                                  # first come, first served in batch order
        for j in range(k):
            e = topk[t, j]
            if load[e] < capacity:
                load[e] += 1
                kept.append((t, e, gates[t, j]))
    dropped = 1 - len(kept) / (T * k)                   # a dropped assignment skips the expert: the residual carries it
    return kept, load, capacity, dropped


def balance_loss(logits):
    """Switch Transformer auxiliary loss N * sum_i f_i P_i (top-1 assignment), without the weight alpha."""
    probs = softmax(logits)
    f = np.bincount(probs.argmax(axis=1), minlength=N) / T    # share of tokens sent to each expert (not differentiable)
    P = probs.mean(axis=0)                                      # mean router probability of each expert
    return N * np.sum(f * P), f, P


# 1. The loss at its two extremes.
uniform = np.zeros((T, N))
uniform[np.arange(T), np.arange(T) % N] = 1e-3          # ties broken in turn: every expert gets T/N tokens
collapsed = np.zeros((T, N))
collapsed[:, 0] = 30.0                                  # every token sent to expert 0 with probability ~1
print(f"balance loss, uniform routing:            {balance_loss(uniform)[0]:.3f}")
print(f"balance loss, all tokens to one expert:   {balance_loss(collapsed)[0]:.3f}  (N = {N})")

# 2. A skewed router: a bias towards the first experts, as after a few self-reinforcing updates.
W = rng.normal(scale=0.1, size=(d, N))
b = np.linspace(1.5, -1.5, N)
skewed = x @ W + b
loss, f, P = balance_loss(skewed)
fresh = x @ W                                           # a freshly initialised router: small random logits


def shares(f):
    return " ".join(f"{v:.0%}" for v in f)


_, fresh_f, fresh_P = balance_loss(fresh)
print(f"fresh router:  loss {balance_loss(fresh)[0]:.3f}, token share per expert {shares(fresh_f)}")
print(f"               mean router probability per expert {fresh_P.min():.1%} to {fresh_P.max():.1%}, "
      f"mean top probability per token {softmax(fresh).max(axis=1).mean():.0%} (uniform: {1 / N:.1%})")
print(f"skewed router: loss {loss:.3f}, token share per expert {shares(f)}")
print()
print(f"{'router':>8} {'k':>2} {'capacity factor':>16} {'slots/expert':>13} {'dropped':>8}")
for name, logits in [("fresh", fresh), ("skewed", skewed)]:
    for k in (1, 2):
        for cf in (1.0, 1.25, 2.0):
            _, load, cap, dropped = route(logits, k, cf)
            print(f"{name:>8} {k:>2} {cf:>16.2f} {cap:>13} {dropped:>8.1%}")

# 3. Train the router on the balance loss alone: the gradient flows through P only (f is a count),
#    dL/dP_i = N f_i, so the experts that receive the most tokens lose probability fastest.
Wt, bt = W.copy(), b.copy()
history = []
for step in range(301):
    z = x @ Wt + bt
    loss_t, f_t, _ = balance_loss(z)
    history.append(loss_t)
    p = softmax(z)
    g = N * f_t / T                                     # dL/dp_{t,i}, the same for every token
    dz = p * (g - (p * g).sum(axis=1, keepdims=True))   # back through the softmax
    Wt -= 2.0 * x.T @ dz
    bt -= 2.0 * dz.sum(axis=0)
trained = x @ Wt + bt
loss_after, f_after, _ = balance_loss(trained)
_, load_before, cap, drop_before = route(skewed, 1, 1.25)
_, load_after, _, drop_after = route(trained, 1, 1.25)
print()
print(f"after 300 steps on the balance loss: loss {loss_after:.3f} (step 5: {history[5]:.3f}, step 20: {history[20]:.3f}), "
      f"token share {shares(f_after)}")
print(f"dropped at k=1, capacity factor 1.25: {drop_before:.1%} before, {drop_after:.1%} after")

# 4. Total against active parameters for Mixtral 8x7B's shape: 32 layers, width 4096, GQA with 8 KV heads of 128,
#    8 SwiGLU experts of width 14336, top-2 routing, 32,000-token vocabulary, untied embeddings.
L, dm, ff, E, K, V, kv = 32, 4096, 14336, 8, 2, 32000, 8 * 128
attn = 2 * dm * dm + 2 * dm * kv
expert = 3 * dm * ff
router, norms = dm * E, 2 * dm
total = L * (attn + E * expert + router + norms) + 2 * V * dm + dm
active = L * (attn + K * expert + router + norms) + 2 * V * dm + dm
print()
print(f"Mixtral-shaped model: {total / 1e9:.1f} B parameters in total, {active / 1e9:.1f} B active per token "
      f"({active / total:.0%})")

fig, axes = plt.subplots(1, 2, figsize=(8.4, 3.4), sharey=True,
                         num="Tokens per expert against the capacity, before and after training on the balance loss")
for ax, logits, ld, title in [(axes[0], skewed, load_before, "skewed router"),
                              (axes[1], trained, load_after, "after 300 steps on the balance loss")]:
    counts = np.bincount(logits.argmax(axis=1), minlength=N)
    ax.bar(np.arange(N), counts, color="#bbbbbb", label="tokens routed")
    ax.bar(np.arange(N), ld, color="#3f6fb5", label="tokens kept")
    ax.axhline(cap, color="#c0392b", linestyle="--", label=f"capacity ({cap})")
    ax.set_title(title)
    ax.set_xlabel("expert")
axes[0].set_ylabel("tokens (k = 1, capacity factor 1.25)")
axes[0].legend(fontsize=8)
fig.tight_layout()
plt.show()

assert abs(balance_loss(uniform)[0] - 1.0) < 1e-9
assert abs(balance_loss(collapsed)[0] - N) < 1e-6
fresh_loss, fresh_f, _ = balance_loss(fresh)
assert abs(fresh_loss - 1.003) < 0.002 and fresh_f.min() < 0.11 and fresh_f.max() > 0.13
assert abs(route(fresh, 1, 1.0)[3] - 0.045) < 0.002 and abs(route(skewed, 1, 1.0)[3] - 0.559) < 0.002
assert loss > 1.5 and loss_after < 1.05 and drop_after < drop_before
assert 46.6e9 < total < 46.8e9 and 12.8e9 < active < 13.0e9
