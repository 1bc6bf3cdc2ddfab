"""The size of an embedding index in float32, and after product quantisation."""

vectors, dims = 100e6, 768
flat = vectors * dims * 4
print(f"Step 1: {vectors:.0e} vectors x {dims} dims x 4 bytes = {flat / 1e9:.0f} GB")
print(f"  -> index-float32 = {flat / 1e9:.0f} GB")

subquantizers, bits = 96, 8  # 96 sub-vectors of 8 dims, each stored as the id of one of 256 centroids
code = subquantizers * bits // 8
pq = vectors * code
print(f"Step 2: {subquantizers} sub-vectors x {bits} bits = {code} bytes per vector; x {vectors:.0e} = {pq / 1e9:.1f} GB")
print(f"  -> index-pq = {pq / 1e9:.1f} GB")
print(f"Step 3: {dims * 4} bytes / {code} bytes")
print(f"  -> index-compression = {dims * 4 / code:.0f} x")
