"""2-D convolution (cross-correlation with stride and padding) and max pooling from scratch in NumPy
on an 8x8 digit: output shapes, parameter counts versus a dense layer, equivariance and receptive fields."""
import matplotlib.pyplot as plt
import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from sklearn.datasets import load_digits


def out_size(n: int, k: int, s: int, p: int) -> int:
    """Output side length of a convolution or pooling window: floor((n + 2p - k) / s) + 1."""
    return (n + 2 * p - k) // s + 1


def conv2d_loop(x: np.ndarray, w: np.ndarray, b: np.ndarray, stride: int = 1, pad: int = 0) -> np.ndarray:
    """Reference: explicit loops. x is (H, W), w is (F, k, k), b is (F,); returns (F, H_out, W_out)."""
    xp, (f_count, k, _) = np.pad(x, pad), w.shape
    h_out, w_out = out_size(x.shape[0], k, stride, pad), out_size(x.shape[1], k, stride, pad)
    out = np.empty((f_count, h_out, w_out))
    for f in range(f_count):
        for i in range(h_out):
            for j in range(w_out):
                patch = xp[i * stride:i * stride + k, j * stride:j * stride + k]
                out[f, i, j] = np.sum(patch * w[f]) + b[f]  # no kernel flip: cross-correlation
    return out


def conv2d(x: np.ndarray, w: np.ndarray, b: np.ndarray, stride: int = 1, pad: int = 0) -> np.ndarray:
    """Vectorised: every k x k window at once, then one weighted sum per filter."""
    windows = sliding_window_view(np.pad(x, pad), w.shape[1:])[::stride, ::stride]  # (H_out, W_out, k, k)
    return np.einsum("ijkl,fkl->fij", windows, w) + b[:, None, None]


def maxpool(maps: np.ndarray, size: int = 2, stride: int = 2) -> np.ndarray:
    """Max over size x size windows of each map; maps is (F, H, W). No parameters."""
    return sliding_window_view(maps, (size, size), axis=(1, 2))[:, ::stride, ::stride].max(axis=(-2, -1))


digits = load_digits()
x = digits.images[4] / 16.0  # an 8x8 "4", scaled to [0, 1]
filters = np.array([[[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]],     # vertical edges (Sobel x)
                    [[-1, -2, -1], [0, 0, 0], [1, 2, 1]],     # horizontal edges (Sobel y)
                    [[0, 1, 2], [-1, 0, 1], [-2, -1, 0]],     # diagonal edges
                    [[-1, -1, -1], [-1, 8, -1], [-1, -1, -1]]], dtype=float)  # spots (Laplacian)
bias = np.zeros(4)

rng = np.random.default_rng(0)
print(f"{'n':>2} {'k':>2} {'s':>2} {'p':>2}  formula  actual   loop == vectorised")
for k, s, p in [(3, 1, 0), (3, 1, 1), (3, 2, 1), (5, 1, 2), (5, 2, 0)]:
    w, b = rng.normal(size=(4, k, k)), rng.normal(size=4)  # random filters and biases for the check
    fast, slow = conv2d(x, w, b, s, p), conv2d_loop(x, w, b, s, p)
    assert fast.shape[1] == out_size(8, k, s, p) and np.allclose(fast, slow, atol=1e-12)
    print(f"{8:>2} {k:>2} {s:>2} {p:>2}  {out_size(8, k, s, p):>7}  {fast.shape[1]}x{fast.shape[2]}"
          f"      {np.allclose(fast, slow, atol=1e-12)}")

maps = np.maximum(conv2d(x, filters, bias, stride=1, pad=1), 0)  # 4 ReLU feature maps, (4, 8, 8)
pooled = maxpool(maps)  # (4, 4, 4)
conv_params = filters.size + bias.size  # 4 * 3 * 3 weights + 4 biases
dense_params = x.size * maps.size + maps.size  # every output connected to every pixel
fc_full, fc_pooled = maps.size * 10 + 10, pooled.size * 10 + 10
mix, mix_bias = rng.normal(size=(2, 4)), np.zeros(2)  # a 1x1 convolution: 4 -> 2 channels
mixed = np.einsum("fc,chw->fhw", mix, maps) + mix_bias[:, None, None]
print(f"\n{'layer':<38}{'output':>11}{'parameters':>12}")
for name, shape, n_params in [("conv 3x3, 1 -> 4 channels, padding 1", maps.shape, conv_params),
                              ("dense 64 -> 256 (same outputs)", (maps.size,), dense_params),
                              ("max-pool 2x2, stride 2", pooled.shape, 0),
                              ("1x1 conv, 4 -> 2 channels", mixed.shape, mix.size + mix_bias.size),
                              ("dense -> 10 classes, without pooling", (10,), fc_full),
                              ("dense -> 10 classes, after pooling", (10,), fc_pooled)]:
    print(f"{name:<38}{str(shape):>11}{n_params:>12,}")
assert (conv_params, dense_params, fc_full, fc_pooled) == (40, 16_640, 2_570, 650)

assert x[:, -1].sum() == 0  # the shift below loses no ink
x_shift = np.roll(x, 1, axis=1)  # move the digit one pixel to the right
maps_shift = np.maximum(conv2d(x_shift, filters, bias, pad=1), 0)
equivariant = np.allclose(maps_shift[:, :, 1:7], maps[:, :, 0:6])
same_pool = int(np.sum(np.isclose(maxpool(maps_shift), pooled)))
same_global = int(np.sum(np.isclose(maps_shift.max(axis=(1, 2)), maps.max(axis=(1, 2)))))
print(f"\nshift input 1 px right -> feature maps shift 1 px right: {equivariant}")
print(f"2x2 max-pool outputs unchanged by the shift: {same_pool}/{pooled.size}")
print(f"global max-pool outputs unchanged:           {same_global}/{len(filters)}")
assert equivariant and same_global == len(filters) and 20 < same_pool < 36, same_pool

print("\nreceptive field of one output unit (r = r + (k-1)*jump, jump = jump*s)")
r, jump = 1, 1
for name, k, s in [("conv 3x3", 3, 1), ("conv 3x3", 3, 1), ("pool 2x2", 2, 2), ("conv 3x3", 3, 1)]:
    r, jump = r + (k - 1) * jump, jump * s
    print(f"  after {name}, stride {s}: {r:>2}x{r:<2} input pixels")
assert r == 10

fig, axes = plt.subplots(2, 5, figsize=(8, 4), layout="constrained",
                         num="An 8x8 digit, its four edge-filter feature maps and their 2x2 max-pooled versions")
titles = ["vertical", "horizontal", "diagonal", "spots"]
axes[0, 0].imshow(x, cmap="gray_r")
axes[0, 0].set_title("input 8x8", fontsize=9)
axes[1, 0].imshow(x_shift, cmap="gray_r")
axes[1, 0].set_title("shifted 1 px", fontsize=9)
for f in range(4):
    axes[0, f + 1].imshow(maps[f], cmap="magma")
    axes[0, f + 1].set_title(f"{titles[f]} 8x8", fontsize=9)
    axes[1, f + 1].imshow(pooled[f], cmap="magma")
    axes[1, f + 1].set_title("pooled 4x4", fontsize=9)
for ax in axes.ravel():
    ax.set_xticks([])
    ax.set_yticks([])
fig.suptitle("Feature maps (ReLU after 3x3 filters, padding 1) and 2x2 max pooling", fontsize=10)
plt.show()
