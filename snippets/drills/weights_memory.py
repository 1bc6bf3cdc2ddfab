"""Memory for the weights of a 70B-parameter model at three precisions, and the accelerators it needs."""

import math

params = 70e9
for label, bytes_per_param, item in (("bf16", 2, "weights-bf16"), ("int8", 1, "weights-int8"),
                                     ("int4", 0.5, "weights-int4")):
    print(f"{label}: {params:.0e} parameters x {bytes_per_param} bytes = {params * bytes_per_param / 1e9:.0f} GB")
    print(f"  -> {item} = {params * bytes_per_param / 1e9:.0f} GB")

memory = 80e9
print(f"bf16 on accelerators of {memory / 1e9:.0f} GB: ceil({params * 2 / 1e9:.0f} / {memory / 1e9:.0f})"
      " before any KV cache or activations")
print(f"  -> weights-gpus = {math.ceil(params * 2 / memory)}")
