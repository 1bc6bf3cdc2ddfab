"""How the norm of a tanh RNN's Jacobian dh_t/dh_0 vanishes or explodes over 50 steps,
depending on the scale of an orthogonal recurrent matrix; then clipping by norm."""
# output-tiny-values: 0.5**50 and a 50-step vanished gradient are real values
import matplotlib.pyplot as plt
import numpy as np

n, T = 64, 50
rng = np.random.default_rng(0)
Q, _ = np.linalg.qr(rng.normal(size=(n, n)))  # orthogonal: every singular value is 1
inputs = rng.normal(0, 1, (T, n))              # the input term U x_t at each step


def jacobian_norms(W: np.ndarray) -> tuple[list[float], np.ndarray, float]:
    """Run h_t = tanh(W h_{t-1} + u_t) from h_0 = 0 and track J_t = dh_t/dh_0."""
    h, J, norms, slopes = np.zeros(n), np.eye(n), [], []
    for t in range(T):
        h = np.tanh(W @ h + inputs[t])
        d = 1 - h**2                   # tanh'(a_t), elementwise, in (0, 1]
        J = (d[:, None] * W) @ J       # chain rule: J_t = diag(d_t) W J_{t-1}
        norms.append(np.linalg.norm(J, 2))
        slopes.append(d.mean())
    return norms, J, float(np.mean(slopes))


print("scale  ||dh_50/dh_0||  linear RNN (scale^50)  mean tanh'")
results, mean_slopes = {}, []
for scale in (0.5, 1.0, 1.5, 3.0):
    norms, J, slope = jacobian_norms(scale * Q)
    results[scale] = (norms, J)
    mean_slopes.append(slope)
    print(f"{scale:5.1f}  {norms[-1]:14.1e}  {scale**T:21.1e}  {slope:10.2f}")

final = [results[s][0][-1] for s in (0.5, 1.0, 1.5, 3.0)]
bounds = [(1e-26, 1e-21), (1e-11, 1e-7), (1e-4, 1.0), (1e4, 1e8)]  # the page quotes these orders
assert all(lo < f < hi for f, (lo, hi) in zip(final, bounds)), final
assert mean_slopes == sorted(mean_slopes, reverse=True)  # bigger W, more saturation

# Backprop through the exploding case: the gradient reaching h_0 from a unit
# gradient at h_50 is J^T g. Clipping by norm rescales it, keeping its direction.
g_T = rng.normal(size=n)
g_T /= np.linalg.norm(g_T)
g_0 = results[3.0][1].T @ g_T
threshold = 1.0
clipped = g_0 * min(1.0, threshold / np.linalg.norm(g_0))
cosine = g_0 @ clipped / (np.linalg.norm(g_0) * np.linalg.norm(clipped))
assert np.linalg.norm(g_0) > 1e3 and abs(np.linalg.norm(clipped) - 1) < 1e-9 and cosine > 0.999999
print()
print(f"scale 3.0: ||grad at h_0|| = {np.linalg.norm(g_0):.1e}, after clipping to "
      f"{threshold:.0f}: {np.linalg.norm(clipped):.2f}, cosine to original {cosine:.3f}")

fig, ax = plt.subplots(figsize=(6.4, 3.6),
                       num="log10 of the norm of dh_t/dh_0 against time step t for a tanh RNN "
                           "with orthogonal recurrent matrix scaled by 0.5, 1, 1.5 and 3")
t = np.arange(1, T + 1)
for scale, color in zip((0.5, 1.0, 1.5, 3.0), ("tab:blue", "tab:green", "tab:orange", "tab:red")):
    ax.plot(t, np.log10(results[scale][0]), color=color, label=f"scale {scale:g}")
    ax.plot(t, t * np.log10(scale), color=color, ls=":", lw=1)
ax.set(xlabel="time step t", ylabel="log10 ||dh_t / dh_0||",
       title="Tanh RNN Jacobian norm (dotted: linear RNN, scale^t)", ylim=(-30, 12))
ax.legend(loc="lower left", fontsize=8)
fig.tight_layout()
plt.show()
