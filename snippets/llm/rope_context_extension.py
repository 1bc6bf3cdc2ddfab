"""Extending a RoPE model from 4,096 to 32,768 tokens: which rotation angles each method produces. Plain
extrapolation, position interpolation (Chen et al., 2023), "NTK-aware" base scaling and YaRN's per-band
interpolation (Peng et al., 2024), compared pair by pair; then the entropy of attention over more keys,
and how far information travels through stacked sliding windows."""
import matplotlib.pyplot as plt
import numpy as np

d, base = 128, 10000.0                   # head dimension and RoPE base of a LLaMA-style model
L_train, L_new = 4096, 32768             # trained context and target context
s = L_new / L_train                      # scale factor, 8
i = np.arange(d // 2)                    # one frequency per pair of dimensions
theta = base ** (-2 * i / d)             # radians per token for pair i
wavelength = 2 * np.pi / theta           # tokens per full turn


def ntk_aware(theta):
    """Raise the base to b * s^(d/(d-2)): the fastest pair is unchanged, the slowest is divided by exactly s."""
    return (base * s ** (d / (d - 2))) ** (-2 * i / d)


def yarn_by_parts(theta, alpha=1.0, beta=32.0):
    """YaRN's per-band rule: r = turns within the trained context; r < alpha -> interpolate (theta / s),
    r > beta -> keep theta, linear ramp in between (alpha = 1, beta = 32 as in the paper for LLaMA)."""
    r = L_train / (2 * np.pi / theta)
    gamma = np.clip((r - alpha) / (beta - alpha), 0, 1)
    return (1 - gamma) * theta / s + gamma * theta


methods = {                              # radians per token that each method uses at inference
    "extrapolation": theta,
    "position interpolation": theta / s,
    "NTK-aware base": ntk_aware(theta),
    "YaRN by parts": yarn_by_parts(theta),
}


def unseen(th):
    """Pairs whose angle at the end of the new context leaves the range [0, L_train theta] seen in training.
    A pair that completed a full turn in training has seen every angle, so it never counts."""
    trained_max = L_train * theta
    return (trained_max < 2 * np.pi) & (L_new * th > trained_max * (1 + 1e-9))


print(f"head dim {d}, base {base:,.0f}: {d // 2} rotation pairs")
print(f"trained on {L_train:,} tokens, target {L_new:,} (s = {s:.0f})")
print(f"pairs with a wavelength longer than the trained context: {np.sum(wavelength > L_train)} of {d // 2}")
print()
print("each method divides pair i's frequency by:")
print(f"{'pair':>4} {'wavelength':>11} {'turns in 4k':>11} | {'PI':>5} {'NTK-aware':>9} {'YaRN':>6}")
for k in (0, 8, 16, 24, 32, 40, 44, 48, 56, 63):
    row = [theta[k] / methods[m][k] for m in ("position interpolation", "NTK-aware base", "YaRN by parts")]
    print(f"{k:>4} {wavelength[k]:>11,.0f} {L_train / wavelength[k]:>11.3f} | "
          f"{row[0]:>5.2f} {row[1]:>9.2f} {row[2]:>6.2f}")

print()
print(f"{'method':>24} {'pairs with unseen angles':>25} {'pair-0 step':>12}")
for name, th in methods.items():
    print(f"{name:>24} {np.sum(unseen(th)):>25d} {th[0]:>8.3f} rad")

# "NTK-aware" scaling by exactly s leaves mid-band pairs out of range: their frequency is divided by less than s.
mid = unseen(methods["NTK-aware base"])
k_worst = int(np.argmax(np.where(mid, L_new * methods["NTK-aware base"] / (L_train * theta), 0)))
over = L_new * methods["NTK-aware base"][k_worst] / (L_train * theta[k_worst])
print(f"NTK-aware, worst pair {k_worst}: angles reach {over:.2f} x the trained maximum")

# Attention entropy: softmax over n keys whose scores have a fixed spread gets flatter as n grows, about ln n.
rng = np.random.default_rng(0)


def entropy(n, scale=1.0, sigma=2.0, trials=20):
    logits = scale * sigma * rng.standard_normal((trials, n))
    p = np.exp(logits - logits.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    return float(np.mean(-np.sum(p * np.log(p), axis=1)))


yarn_scale = (0.1 * np.log(s) + 1) ** 2  # YaRN: sqrt(1/t) = 0.1 ln s + 1, so logits are multiplied by 1/t
h_train, h_long, h_sharp = entropy(L_train), entropy(L_new), entropy(L_new, yarn_scale)
print()
print(f"attention entropy, Gaussian scores of std 2: {h_train:.2f} nats over {L_train:,} keys")
print(f"  {h_long:.2f} nats over {L_new:,} keys: {h_long - h_train:+.2f}, close to ln 8 = {np.log(8):.2f}")
print(f"  logits times 1/t = {yarn_scale:.3f} (YaRN, s = 8): {h_sharp:.2f} nats over {L_new:,} keys")

# Sliding-window attention: each layer looks back W - 1 tokens, so stacking layers widens the reach.
n, W = 64, 8
window = np.array([[0 <= q - k < W for k in range(n)] for q in range(n)], dtype=int)
reach, back = np.eye(n, dtype=int), []
for layer in range(1, 5):
    reach = (window @ reach > 0).astype(int)       # which inputs can influence each position after `layer` layers
    back.append(int(n - 1 - np.argmax(reach[-1] > 0)))
print()
print(f"sliding window W = {W}, {n} tokens: after 1, 2, 3, 4 layers the last token")
print(f"  draws on tokens up to {', '.join(map(str, back))} positions back (layers x (W - 1))")
bytes_per_token = 2 * 32 * 8 * 128 * 2   # K and V, 32 layers, 8 KV heads of 128, 16-bit: a Mistral-7B shape
print(f"Mistral-7B-shaped cache: {bytes_per_token // 1024} KiB per token; at 32,768 tokens")
print(f"  {bytes_per_token * 32768 / 2**30:.1f} GiB full, {bytes_per_token * 4096 / 2**30:.1f} GiB with a 4,096 window;"
      f" reach 32 x 4,096 = {32 * 4096:,} tokens")

fig, ax = plt.subplots(figsize=(6.4, 3.6), num="RoPE wavelength per dimension pair for each context-extension method,"
                       " against the trained and target context lengths")
for name, th in methods.items():
    label = "original RoPE (extrapolation)" if name == "extrapolation" else name
    ax.plot(i, 2 * np.pi / th, label=label, linestyle="--" if name == "extrapolation" else "-")
ax.axhline(L_train, color="grey", linestyle=":")
ax.axhline(L_new, color="black", linestyle=":")
ax.text(1, L_train * 1.3, "trained context 4,096", fontsize=8)
ax.text(1, L_new * 1.3, "target context 32,768", fontsize=8)
ax.set_yscale("log")
ax.set_xlabel("dimension pair i (fast to slow)")
ax.set_ylabel("wavelength (tokens per turn)")
ax.legend(fontsize=8)
fig.tight_layout()
plt.show()

assert np.sum(unseen(methods["extrapolation"])) == np.sum(wavelength > L_train)
assert np.sum(unseen(methods["position interpolation"])) == 0 and np.sum(unseen(methods["YaRN by parts"])) == 0
assert np.isclose(methods["NTK-aware base"][0], theta[0]) and np.isclose(theta[-1] / methods["NTK-aware base"][-1], s)
assert h_train < h_long and abs(h_sharp - h_train) < abs(h_long - h_train)
assert np.sum(unseen(methods["NTK-aware base"])) == 17 and k_worst == 46 and abs(over - 1.75) < 0.01
assert abs(h_train - 6.27) < 0.05 and abs(h_long - 8.43) < 0.05 and abs(h_sharp - 6.17) < 0.05
assert back == [7, 14, 21, 28] and np.sum(wavelength > L_train) == 18
