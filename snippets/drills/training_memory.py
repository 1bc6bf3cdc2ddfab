"""Training memory of a 7B model with AdamW in mixed precision, without and with sharding."""

params = 7e9
bytes_per_param = {"bf16 weights": 2, "bf16 gradients": 2, "fp32 master weights": 4, "fp32 Adam m": 4,
                   "fp32 Adam v": 4}
per_param = sum(bytes_per_param.values())
print("Step 1: " + " + ".join(f"{v} ({k})" for k, v in bytes_per_param.items()) + f" = {per_param} bytes per parameter")
print(f"  -> train-bytes-per-param = {per_param} bytes")
total = params * per_param
print(f"Step 2: {params:.0e} x {per_param} bytes = {total / 1e9:.0f} GB, before activations")
print(f"  -> train-total = {total / 1e9:.0f} GB")
gpus = 8
print(f"Step 3: sharding all of it over {gpus} data-parallel GPUs (ZeRO stage 3 / FSDP): {total / 1e9:.0f} GB / {gpus}")
print(f"  -> train-sharded = {total / gpus / 1e9:.0f} GB")
