"""Training memory of a 7B model with AdamW in mixed precision: model states (ZeRO's 16 bytes per parameter)
and activations (Korthikanti et al.'s sbh(34 + 5as/h) bytes per layer), with and without recomputation."""
import matplotlib.pyplot as plt

GB = 1e9  # decimal gigabytes, as in the papers

# Model states per parameter for mixed-precision Adam(W) (Rajbhandari et al., 2020, section 3.1).
STATE_BYTES = {
    "fp16/bf16 weights": 2,
    "fp16/bf16 gradients": 2,
    "fp32 master weights": 4,
    "fp32 Adam first moment m": 4,
    "fp32 Adam second moment v": 4,
}
per_param = sum(STATE_BYTES.values())
N = 7e9
print(f"model states for N = {N / 1e9:.0f}B parameters ({per_param} bytes per parameter)")
for name, b in STATE_BYTES.items():
    print(f"  {name:<28}{b:>3} B  {N * b / GB:>6.0f} GB")
print(f"  {'total':<28}{per_param:>3} B  {N * per_param / GB:>6.0f} GB")
print(f"check against the ZeRO paper's example, 7.5B parameters: {7.5e9 * per_param / GB:.0f} GB")
print(f"for comparison, bf16 weights alone for inference: {N * 2 / GB:.0f} GB")


def activation_bytes_per_layer(s: int, b: int, h: int, a: int, mode: str) -> float:
    """Korthikanti et al. (2023), 16-bit activations of one GPT layer, no tensor parallelism."""
    if mode == "store everything":
        return s * b * h * (34 + 5 * a * s / h)
    if mode == "selective (no s x s scores)":
        return s * b * h * 34  # recompute (or never store, as FlashAttention) the attention scores
    if mode == "full recomputation":
        return s * b * h * 2  # keep only each layer's 16-bit input
    raise ValueError(mode)


# A GPT-style model of the 7B class: 32 layers of width 4096 with 32 heads.
L, h, a, b = 32, 4096, 32, 1
print(f"\nGPT-style stack: L = {L}, h = {h}, a = {a} heads, {12 * L * h * h / 1e9:.2f}B parameters in its blocks")
modes = ["store everything", "selective (no s x s scores)", "full recomputation"]
print(f"activations for one sequence (micro-batch b = {b}), all {L} layers, in GB")
print(f"{'sequence length s':<30}" + "".join(f"{s:>9}" for s in (2048, 4096, 8192)))
act = {}
for mode in modes:
    act[mode] = {s: L * activation_bytes_per_layer(s, b, h, a, mode) / GB for s in (2048, 4096, 8192)}
    print(f"{mode:<30}" + "".join(f"{act[mode][s]:>9.1f}" for s in (2048, 4096, 8192)))
per_layer = activation_bytes_per_layer(4096, b, h, a, "store everything") / GB
print(f"while full recomputation rebuilds a layer: + {per_layer:.1f} GB at s = 4096")

states = N * per_param / GB
assert per_param == 16 and abs(states - 112) < 0.5 and abs(7.5e9 * per_param / GB - 120) < 0.5
assert 100 < act["store everything"][4096] < 110 and 18 < act["selective (no s x s scores)"][4096] < 19
assert 1.0 < act["full recomputation"][4096] < 1.1

fig, ax = plt.subplots(figsize=(6.4, 2.8), num="Stacked bars of training memory for a 7B model at sequence "
                       "length 4096: 112 GB of model states plus 104, 18 or 1 GB of activations, against an "
                       "80 GB accelerator")
labels = ["store everything", "selective", "full recompute"]
for i, mode in enumerate(modes):
    ax.barh(i, states, color="tab:blue", label="model states" if i == 0 else None)
    ax.barh(i, act[mode][4096], left=states, color="tab:orange", label="activations" if i == 0 else None)
ax.axvline(80, color="k", ls="--", lw=1, label="one 80 GB accelerator")
ax.set(yticks=range(3), yticklabels=labels, xlabel="GB", title="7B, AdamW, mixed precision, s = 4096, b = 1")
ax.invert_yaxis()
ax.legend(loc="lower right", fontsize=8)
fig.tight_layout()
plt.show()
