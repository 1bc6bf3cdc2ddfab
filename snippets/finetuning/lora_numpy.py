"""LoRA in NumPy: trainable-parameter counts against full fine-tuning and adapters, the B = 0 start that
leaves the model unchanged, fitting a rank-4 target update by gradient descent, and merging BA into W."""
import numpy as np

rng = np.random.default_rng(0)

print("trainable parameters for one d_out x d_in weight matrix: full d_out*d_in, LoRA r*(d_in + d_out)")
print(f"{'matrix':>12}{'full':>13}" + "".join(f"{'LoRA r=' + str(r):>13}" for r in (1, 8, 64)) + f"{'full / r=8':>12}")
for d_out, d_in in ((768, 768), (4096, 4096), (11008, 4096)):
    print(f"{f'{d_out}x{d_in}':>12}{d_out * d_in:>13,}" + "".join(f"{r * (d_in + d_out):>13,}" for r in (1, 8, 64))
          + f"{d_out * d_in / (8 * (d_in + d_out)):>11.0f}x")
for width in (768, 4096):  # Houlsby adapter: down-projection to m = 64, nonlinearity, up-projection, biases
    print(f"one bottleneck adapter (m = 64) on a {width}-wide layer output: {2 * 64 * width + 64 + width:,}")
L, d, r = 32, 4096, 8
lora_total, qv_total = L * 2 * r * (d + d), L * 2 * d * d
print(f"32-layer, d = 4096 Transformer, LoRA r = 8 on W_q and W_v: {lora_total:,} trainable parameters,\n"
      f"  {lora_total / qv_total:.2%} of the {qv_total:,} weights in those matrices")
assert lora_total == 4_194_304 and 8 * (4096 + 4096) == 65_536 and 4096 * 4096 // 65_536 == 256
assert 2 * 64 * 4096 + 64 + 4096 == 528_448

# A frozen layer W0 and a target update of rank 4 that fine-tuning should learn.
d_out, d_in, alpha = 64, 64, 8.0
W0 = rng.normal(0, d_in ** -0.5, (d_out, d_in))
U, _ = np.linalg.qr(rng.normal(size=(d_out, 4)))
V, _ = np.linalg.qr(rng.normal(size=(d_in, 4)))
dW_true = U @ np.diag([4.0, 3.0, 2.0, 1.0]) @ V.T
X = rng.normal(size=(d_in, 2000))                 # inputs; targets come from the fine-tuned layer
Y = (W0 + dW_true) @ X
Sigma = X @ X.T / X.shape[1]                       # the squared loss only needs the input covariance


def lora_fit(rank: int, steps: int = 3000, lr: float = 0.02) -> tuple[np.ndarray, np.ndarray, list[float]]:
    """Gradient descent on A, B of W0 + (alpha / r) B A with W0 frozen; A random, B zero (Hu et al.)."""
    s = alpha / rank
    A, B = rng.normal(0, 0.01, (rank, d_in)), np.zeros((d_out, rank))
    losses = []
    for _ in range(steps):
        G = (s * B @ A - dW_true) @ Sigma          # gradient of the loss with respect to the update
        losses.append(0.5 * np.trace(G @ (s * B @ A - dW_true).T))
        A, B = A - lr * s * B.T @ G, B - lr * s * G @ A.T
    return A, B, losses


A0, B0 = rng.normal(0, 0.01, (4, d_in)), np.zeros((d_out, 4))
same = np.max(np.abs((W0 + alpha / 4 * B0 @ A0) @ X - W0 @ X))
print(f"\nat initialisation (B = 0) the adapted layer equals the frozen one: max |difference| = {same:.1f}")
assert same == 0.0
G = (0.0 - dW_true) @ Sigma                        # gradient w.r.t. the update at Delta W = 0
for name, A_init in (("A random, B = 0", A0), ("A = 0, B = 0", np.zeros_like(A0))):
    gA, gB = (alpha / 4) * B0.T @ G, (alpha / 4) * G @ A_init.T
    print(f"{name:<16} first-step gradient norms: dL/dA {np.linalg.norm(gA):.3f}, dL/dB {np.linalg.norm(gB):.3f}")
assert np.linalg.norm(G @ A0.T) > 0 and not np.any(G @ np.zeros_like(A0).T)  # both zero: stuck at a saddle

print(f"\n{'rank r':>6}{'trainable':>11}{'rel. error of BA':>18}{'best possible (SVD)':>21}")
sv = np.linalg.svd(dW_true, compute_uv=False)
fits = {}
for rank in (1, 2, 4, 8):
    A, B, losses = lora_fit(rank)
    err = np.linalg.norm(alpha / rank * B @ A - dW_true) / np.linalg.norm(dW_true)
    best = np.sqrt(np.sum(sv[rank:] ** 2)) / np.linalg.norm(dW_true)  # Eckart-Young: truncated SVD
    fits[rank] = (A, B, err, best)
    print(f"{rank:>6}{rank * (d_in + d_out):>11,}{err:>18.3f}{best:>21.3f}")
    assert abs(err - best) < 0.01                  # gradient descent reaches the best rank-r update
assert fits[4][2] < 0.01 and abs(fits[1][3] - 0.683) < 1e-3 and abs(fits[2][3] - 0.408) < 1e-3
print(f"full fine-tuning would train {d_out * d_in:,} parameters for the same rank-4 update")

# Merge: fold the update into W, so inference costs exactly as much as the base model.
A, B = fits[4][0], fits[4][1]
x = rng.normal(size=d_in)
W_merged = W0 + alpha / 4 * B @ A
two_paths = W0 @ x + alpha / 4 * B @ (A @ x)
print(f"\nmerged W x equals W0 x + (alpha/r) B A x (to rounding): {np.allclose(W_merged @ x, two_paths)}")
print(f"unmerging (W_merged - (alpha/r) B A) recovers W0: {np.allclose(W_merged - alpha / 4 * B @ A, W0)}")
assert np.allclose(W_merged @ x, two_paths) and np.allclose(W_merged - alpha / 4 * B @ A, W0)
