"""Cut an 8x8 digit into ViT patch tokens, count patch-embedding versus conv-stem parameters, and measure
locality and translation equivariance of a 3x3 convolution versus a patch-token self-attention layer."""
import matplotlib.pyplot as plt
import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from sklearn.datasets import load_digits

rng = np.random.default_rng(0)
canvas = np.zeros((16, 16))
canvas[4:12, 4:12] = load_digits().images[0] / 16.0  # an 8x8 "0" with room to move
P, D = 4, 16                                          # patch size, token width
N = (16 // P) ** 2                                    # 16 tokens


def patchify(img: np.ndarray, p: int) -> np.ndarray:
    """(H, W) -> (H/p * W/p, p*p): non-overlapping patches, row by row, each flattened."""
    h, w = img.shape
    return img.reshape(h // p, p, w // p, p).transpose(0, 2, 1, 3).reshape(-1, p * p)


W_E, b_E = rng.normal(0, 0.5, (P * P, D)), rng.normal(0, 0.1, D)      # patch embedding
pos = rng.normal(0, 0.5, (N, D))                                        # learned position embeddings
W_q, W_k, W_v = (rng.normal(0, D ** -0.5, (D, D)) for _ in range(3))
kernel = rng.normal(0, 1, (3, 3))


def conv3x3(img: np.ndarray) -> np.ndarray:
    """Stride-1 3x3 convolution with circular padding (so shifts are exact rolls)."""
    return sum(kernel[u, v] * np.roll(img, (1 - u, 1 - v), axis=(0, 1)) for u in range(3) for v in range(3))


def tokens_attention(img: np.ndarray, use_pos: bool) -> np.ndarray:
    """Patch embedding (+ position embeddings), then one residual single-head self-attention layer."""
    x = patchify(img, P) @ W_E + b_E + (pos if use_pos else 0.0)
    q, k, v = x @ W_q, x @ W_k, x @ W_v
    s = q @ k.T / np.sqrt(D)
    a = np.exp(s - s.max(axis=1, keepdims=True))
    return (x + (a / a.sum(axis=1, keepdims=True)) @ v).reshape(16 // P, 16 // P, D)


# A patch embedding is a convolution whose kernel size and stride both equal the patch size.
conv_out = np.einsum("ijuv,uvf->ijf", sliding_window_view(canvas, (P, P))[::P, ::P], W_E.reshape(P, P, D))
same = np.allclose(conv_out.reshape(N, D), patchify(canvas, P) @ W_E)
print(f"16x16 canvas, {P}x{P} patches -> {N} tokens of {P * P} pixels, embedded in {D} dimensions")
print(f"patch embedding == {P}x{P} convolution with stride {P} and {D} filters: {same}")
assert same

d, p_vit = 768, 16
stem = [(3, 64), (64, 128), (128, 256), (256, 512)]
counts = {
    "toy patch embedding (16 -> 16)": P * P * D + D,
    "toy position embeddings (16 x 16)": N * D,
    "ViT-B/16 patch embedding (16*16*3 -> 768)": p_vit * p_vit * 3 * d + d,
    "ViT-B/16 position embeddings (197 x 768)": ((224 // p_vit) ** 2 + 1) * d,
    "conv stem: 4 x (3x3, stride 2) + 1x1 -> 768": sum(9 * a * b + b for a, b in stem) + 512 * d + d,
    "one ViT-B encoder block (attention + MLP)": 4 * (d * d + d) + (d * 4 * d + 4 * d) + (4 * d * d + d) + 4 * d,
}
print(f"\n{'parameters':<46}{'count':>10}")
for name, n in counts.items():
    print(f"{name:<46}{n:>10,}")
assert list(counts.values())[2:] == [590_592, 151_296, 1_944_960, 7_087_872]
print(f"a 224x224 image has {224 * 224:,} pixels but only {(224 // p_vit) ** 2} patches of 16x16 (+1 class token)")

# Locality: which outputs move when one input pixel changes?
bump = canvas.copy()
bump[6, 6] += 1.0
conv_changed = int(np.sum(~np.isclose(conv3x3(bump), conv3x3(canvas))))
attn_changed = int(np.sum(~np.all(np.isclose(tokens_attention(bump, True), tokens_attention(canvas, True)), axis=2)))
print("\noutputs that change when one input pixel changes")
print(f"  3x3 convolution:                 {conv_changed:>3} of 256 positions")
print(f"  patch tokens + one attention:    {attn_changed:>3} of {N} tokens")
assert conv_changed == 9 and attn_changed == N


def equivariance_error(f, shift: int) -> float:
    """min over output shifts of ||f(shift x) - shift' f(x)|| / ||f(x)||, shifting to the right."""
    out, out_shifted = f(canvas), f(np.roll(canvas, shift, axis=1))
    best = min(np.linalg.norm(out_shifted - np.roll(out, k, axis=1)) for k in range(out.shape[1]))
    return best / np.linalg.norm(out)


models = {"3x3 convolution (stride 1)": conv3x3,
          "patch tokens + attention, no positions": lambda im: tokens_attention(im, False),
          "patch tokens + attention, with positions": lambda im: tokens_attention(im, True)}
print("\nequivariance error, best output shift (0 = shifting the input just shifts the output)")
print(f"{'model':<42}{'shift 1 px':>11}{'shift 4 px':>12}")
err = {}
for name, f in models.items():
    err[name] = (equivariance_error(f, 1), equivariance_error(f, 4))
    print(f"{name:<42}{err[name][0]:>11.3f}{err[name][1]:>12.3f}")
e = list(err.values())
assert e[0][0] < 1e-12 and e[0][1] < 1e-12           # convolution: any shift
assert e[1][0] > 0.1 and e[1][1] < 1e-12             # tokens: only whole-patch shifts
assert e[2][0] > 0.1 and e[2][1] > 0.1               # position embeddings break even those
assert 0.70 < e[1][0] < 0.80 and 0.65 < e[2][1] < 0.75, e

fig, (ax_img, ax_tok) = plt.subplots(1, 2, figsize=(7.2, 3.4), layout="constrained",
                                     num="An 8x8 digit cut into sixteen 4x4 patches and the resulting 16 tokens")
ax_img.imshow(canvas, cmap="gray_r")
for t in np.arange(P, 16, P) - 0.5:
    ax_img.axhline(t, color="tab:red", lw=1)
    ax_img.axvline(t, color="tab:red", lw=1)
ax_img.set(title="16x16 canvas, 4x4 patches", xticks=[], yticks=[])
ax_tok.imshow(patchify(canvas, P), cmap="gray_r", aspect="auto")
ax_tok.set(title="the sequence: 16 tokens x 16 pixels", xlabel="pixel within patch",
           ylabel="token (patch) index", xticks=[0, 5, 10, 15])
plt.show()
