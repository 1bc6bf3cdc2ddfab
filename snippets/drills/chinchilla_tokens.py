"""Compute-optimal model size and tokens for a budget, with C = 6ND and about 20 tokens per parameter."""

budget = 1e24
tokens_per_param = 20
# C = 6 N D and D = 20 N, so C = 120 N^2.
n = (budget / (6 * tokens_per_param)) ** 0.5
print(f"Step 1: C = 6 N (20 N) = 120 N^2, so N = sqrt({budget:.0e} / 120) = {n:.2e} parameters")
print(f"  -> chinchilla-params = {n / 1e9:.0f} B")
d = tokens_per_param * n
print(f"Step 2: D = 20 N = {d:.2e} tokens")
print(f"  -> chinchilla-tokens = {d / 1e12:.1f} T")
print(f"Check: 6 N D = {6 * n * d:.2e} FLOPs")
