"""Optimizer steps and the time per step of a pretraining run."""

sequences, length, tokens = 1024, 4096, 2e12
per_step = sequences * length
print(f"Step 1: {sequences:,} sequences x {length:,} tokens = {per_step:,} tokens per step")
print(f"  -> steps-tokens-per-step = {per_step / 1e6:.2f} M")
steps = tokens / per_step
print(f"Step 2: {tokens:.0e} tokens / {per_step:,} = {steps:,.0f} steps")
print(f"  -> steps-count = {steps / 1e3:.0f} thousand")
days = 2.4
print(f"Step 3: a run of {days} days = {days * 86_400:,.0f} s over {steps:,.0f} steps")
print(f"  -> steps-seconds = {days * 86_400 / steps:.2f} s")
