"""An embedding layer is a lookup table: one-hot vector times the embedding matrix selects a row, and the
gradient reaches only the rows of tokens in the batch. Also: the table's size at GPT-2 scale."""
import numpy as np

rng = np.random.default_rng(0)
V, d = 12, 4                                  # vocabulary size, embedding width
E = rng.normal(size=(V, d))                   # the embedding matrix: one row per token id
ids = np.array([3, 7, 3, 0, 11])              # a batch of token ids (token 3 appears twice)

one_hot = np.eye(V)[ids]                      # (5, V): a single 1 per row
x_matmul = one_hot @ E                        # V*d multiply-adds per token, almost all by zero
x_lookup = E[ids]                             # indexing: copies d numbers per token
print("one-hot row for token 3:", one_hot[0].astype(int).tolist())
print("embedding of token 3   :", " ".join(f"{v:+.3f}" for v in x_lookup[0]))
print(f"one_hot @ E equals E[ids] exactly: {np.array_equal(x_matmul, x_lookup)}")
assert np.array_equal(x_matmul, x_lookup)

# Backward pass: dL/dE = one_hot^T @ dL/dx. Only rows of ids in the batch are non-zero, and a
# repeated token accumulates the gradients of all its occurrences.
g_x = rng.normal(size=(len(ids), d))          # upstream gradient with respect to the embeddings
g_E = one_hot.T @ g_x
rows = np.flatnonzero(np.abs(g_E).sum(axis=1))
print(f"rows of E with a non-zero gradient: {rows.tolist()} (of {V})")
print(f"gradient row 3 equals the sum over its two occurrences: {np.allclose(g_E[3], g_x[0] + g_x[2])}")
g_scatter = np.zeros_like(E)
np.add.at(g_scatter, ids, g_x)                # what frameworks do instead of the matmul
assert rows.tolist() == [0, 3, 7, 11] and np.allclose(g_E, g_scatter)

# One-hot vectors are mutually orthogonal: every pair of distinct words has cosine 0.
cos = (E @ E.T) / np.outer(np.linalg.norm(E, axis=1), np.linalg.norm(E, axis=1))
print(f"cosine between one-hot vectors of tokens 3 and 7: {one_hot[0] @ one_hot[1]:.1f}; "
      f"between their (random, untrained) embeddings: {cos[3, 7]:+.3f}")

# Size of the table for GPT-2's vocabulary and its smallest model's width (Radford et al., 2019).
V_gpt2, d_small = 50_257, 768
print(f"GPT-2 vocabulary x width: {V_gpt2:,} x {d_small} = {V_gpt2 * d_small:,} parameters")
print(f"one-hot matmul: {V_gpt2 * d_small:,} multiply-adds per token; lookup: copy {d_small} numbers")
assert V_gpt2 * d_small == 38_597_376
