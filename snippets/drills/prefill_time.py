"""Compute-bound prefill: the time to process a prompt from FLOPs, peak throughput and utilisation."""

params, prompt = 7e9, 4096
peak, utilisation = 989e12, 0.4  # dense bf16 FLOP/s of the accelerator, and the fraction achieved

flops = 2 * params * prompt  # a multiply and an add per parameter per token
print(f"Step 1: 2 x {params:.0e} parameters x {prompt:,} tokens = {flops:.2e} FLOPs")
print(f"  -> prefill-flops = {flops / 1e12:.1f} TFLOP")
seconds = flops / (peak * utilisation)
print(f"Step 2: {flops:.2e} / ({peak / 1e12:.0f} TFLOP/s x {utilisation}) = {seconds:.3f} s")
print(f"  -> prefill-ms = {seconds * 1e3:.0f} ms")
