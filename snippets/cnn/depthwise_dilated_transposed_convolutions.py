"""Three convolution variants in NumPy: a depthwise-separable layer is a standard convolution with a factorised
kernel at a fraction of the parameters and multiply-adds; dilation widens the receptive field of a stack at no cost
in parameters; a transposed convolution is the transpose of the convolution's matrix, with its output size and its
uneven overlap (the checkerboard) when the kernel size is not a multiple of the stride."""
import matplotlib.pyplot as plt
import numpy as np

rng = np.random.default_rng(0)


def conv2d(x, w):
    """'Same'-padded stride-1 convolution (cross-correlation): x (C_in, H, W), w (C_out, C_in, k, k)."""
    c_out, c_in, k, _ = w.shape
    xp = np.pad(x, ((0, 0), (k // 2, k // 2), (k // 2, k // 2)))
    H, W = x.shape[1:]
    patches = np.stack([xp[:, i:i + H, j:j + W] for i in range(k) for j in range(k)], axis=1)   # (C_in, k*k, H, W)
    return np.einsum("oiq,iqhw->ohw", w.reshape(c_out, c_in, k * k), patches)


# 1. Depthwise-separable = depthwise k x k per channel, then a 1 x 1 pointwise mix; same as a factorised kernel.
c_in, c_out, k, H = 8, 16, 3, 12
x = rng.normal(size=(c_in, H, H))
depthwise = rng.normal(size=(c_in, k, k))
pointwise = rng.normal(size=(c_out, c_in))
separable = np.einsum("oi,ihw->ohw", pointwise, np.stack([conv2d(x[i:i + 1], depthwise[i][None, None])[0]
                                                          for i in range(c_in)]))
factorised = pointwise[:, :, None, None] * depthwise[None, :, :, :]          # W[o, i] = P[o, i] * D[i]
print(f"separable conv equals a standard conv with kernel P[o,i] * D[i]: "
      f"{np.allclose(separable, conv2d(x, factorised), atol=1e-10)}")

print()
print(f"{'layer (H x W, C_in -> C_out, k)':>34} {'standard':>12} {'separable':>12} {'ratio':>7} "
      f"{'1/C_out + 1/k^2':>16}")
for hw, ci, co, kk in [(112, 32, 64, 3), (56, 128, 128, 3), (14, 512, 512, 3), (14, 512, 512, 5)]:
    std_p, sep_p = kk * kk * ci * co, kk * kk * ci + ci * co                   # weights (no biases)
    std_f, sep_f = std_p * hw * hw, sep_p * hw * hw                             # multiply-adds per image
    print(f"{f'{hw}x{hw}, {ci}->{co}, {kk}x{kk}':>34} {std_f / 1e6:>10,.1f}M {sep_f / 1e6:>10,.1f}M "
          f"{sep_f / std_f:>7.3f} {1 / co + 1 / kk**2:>16.3f}")
    print(f"{'   parameters':>34} {std_p:>11,} {sep_p:>12,}")


# 2. Dilation: effective kernel k + (k-1)(d-1); a stack's receptive field, measured as the input positions that
#    reach one output (the support of its impulse response through the stack).
def conv1d_dilated(x, w, d):
    k = len(w)
    pad = d * (k - 1) // 2
    xp = np.pad(x, pad)
    return sum(w[j] * xp[j * d: j * d + len(x)] for j in range(k))


n = 129
impulse = np.zeros(n)
impulse[n // 2] = 1.0
print()
print(f"{'four 3-tap layers':>24} {'weights':>8} {'receptive field':>16}")
fields = {}
for name, dilations in [("dilation 1, 1, 1, 1", (1, 1, 1, 1)), ("dilation 1, 2, 4, 8", (1, 2, 4, 8))]:
    y = impulse.copy()
    for d in dilations:
        y = conv1d_dilated(y, np.ones(3), d)                      # all-ones kernels: count the paths
    fields[name] = y
    print(f"{name:>24} {3 * len(dilations):>8} {np.count_nonzero(y):>16}")

# 3. Transposed convolution: the matrix of a stride-2 convolution, transposed.
def conv_matrix(n_in, w, stride):
    k = len(w)
    n_out = (n_in - k) // stride + 1
    C = np.zeros((n_out, n_in))
    for o in range(n_out):
        C[o, o * stride: o * stride + k] = w
    return C


def conv_transpose1d(y, w, stride):
    """Scatter-add: each input value stamps the kernel into the output at stride steps."""
    k = len(w)
    out = np.zeros(stride * (len(y) - 1) + k)
    for i, v in enumerate(y):
        out[i * stride: i * stride + k] += v * w
    return out


w = rng.normal(size=3)
C = conv_matrix(9, w, 2)
y = rng.normal(size=C.shape[0])
xv = rng.normal(size=9)
print()
print(f"stride-2 conv, 9 inputs -> {C.shape[0]} outputs; transposed conv, {len(y)} inputs -> "
      f"{len(conv_transpose1d(y, w, 2))} outputs = s(i-1) + k = 2*({len(y)}-1) + 3")
print(f"scatter-add equals C^T y: {np.allclose(conv_transpose1d(y, w, 2), C.T @ y)}; "
      f"<Cx, y> = <x, C^T y>: {np.isclose((C @ xv) @ y, xv @ (C.T @ y))}")
for kk in (3, 4):
    cover = conv_transpose1d(np.ones(8), np.ones(kk), 2)[kk:-kk]
    print(f"kernel {kk}, stride 2, constant input: interior outputs {cover.astype(int)}")

fig, ax = plt.subplots(figsize=(6.4, 3.2), num="Receptive field of four 3-tap layers with and without dilation")
pos = np.arange(n) - n // 2
for (name, f), color in zip(fields.items(), ["#3f6fb5", "#c0392b"]):
    ax.step(pos, f / f.max(), where="mid", color=color, label=f"{name}: {np.count_nonzero(f)} inputs")
ax.set_xlim(-35, 35)
ax.set_xlabel("input position relative to the output")
ax.set_ylabel("paths (normalised)")
ax.legend(fontsize=8)
fig.tight_layout()
plt.show()

assert np.count_nonzero(fields["dilation 1, 1, 1, 1"]) == 9 and np.count_nonzero(fields["dilation 1, 2, 4, 8"]) == 31
assert abs((9 * 128 + 128 * 128) / (9 * 128 * 128) - (1 / 128 + 1 / 9)) < 1e-12
