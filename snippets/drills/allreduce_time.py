"""Time of a ring all-reduce of the gradients of a 7B model in bf16 across 8 GPUs."""

gradient = 7e9 * 2  # bytes
gpus, bandwidth = 8, 200e9  # bytes per second each GPU can send

sent = 2 * (gpus - 1) / gpus * gradient  # reduce-scatter, then all-gather: each moves (n-1)/n of the data
print(f"Step 1: each GPU sends 2 x ({gpus} - 1) / {gpus} x {gradient / 1e9:.0f} GB = {sent / 1e9:.1f} GB")
print(f"  -> allreduce-sent = {sent / 1e9:.1f} GB")
seconds = sent / bandwidth
print(f"Step 2: {sent / 1e9:.1f} GB / {bandwidth / 1e9:.0f} GB/s = {seconds * 1e3:.0f} ms per step")
print(f"  -> allreduce-ms = {seconds * 1e3:.0f} ms")
