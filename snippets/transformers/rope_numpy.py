"""Rotary position embedding (RoPE, Su et al.) in NumPy: rotating q and k by position-dependent angles
makes their dot product depend only on the offset between positions; adding absolute vectors does not."""
import numpy as np

rng = np.random.default_rng(0)
d, base = 64, 10000.0
theta = base ** (-np.arange(0, d, 2) / d)          # one frequency per pair of dimensions


def rope(x: np.ndarray, pos: int) -> np.ndarray:
    """Rotate each pair (x[2i], x[2i+1]) by the angle pos * theta_i."""
    c, s = np.cos(pos * theta), np.sin(pos * theta)
    out = np.empty_like(x)
    out[0::2] = x[0::2] * c - x[1::2] * s
    out[1::2] = x[0::2] * s + x[1::2] * c
    return out


def sinusoid(pos: int) -> np.ndarray:
    pe = np.empty(d)
    pe[0::2], pe[1::2] = np.sin(pos * theta), np.cos(pos * theta)
    return pe


q, k = rng.normal(size=d), rng.normal(size=d)
print(f"norm of q before / after rotation to position 37: {np.linalg.norm(q):.4f} / "
      f"{np.linalg.norm(rope(q, 37)):.4f}")

print("query pos  key pos  offset |  RoPE score  | absolute (q + p_m).(k + p_n)")
rope_by_offset, abs_by_offset = {}, {}
for m, n in [(3, 0), (10, 7), (250, 247), (1000, 997), (5, 5), (60, 60), (900, 900)]:
    r = rope(q, m) @ rope(k, n)
    a = (q + sinusoid(m)) @ (k + sinusoid(n))
    rope_by_offset.setdefault(m - n, []).append(r)
    abs_by_offset.setdefault(m - n, []).append(a)
    print(f"{m:9d} {n:8d} {m - n:7d} | {r:11.6f} | {a:11.6f}")

for off in rope_by_offset:
    assert np.ptp(rope_by_offset[off]) < 1e-9          # RoPE: same offset, same score
    assert np.ptp(abs_by_offset[off]) > 0.1            # absolute: depends on where the pair sits
assert abs(rope(q, 0) @ rope(k, 0) - q @ k) < 1e-12    # offset 0 recovers the plain dot product
assert abs(rope_by_offset[3][0] + 8.446) < 1e-3 and abs(q @ k + 9.701) < 1e-3
assert abs(min(abs_by_offset[3]) - 17.26) < 0.01 and abs(max(abs_by_offset[3]) - 28.66) < 0.01
print(f"plain q.k = {q @ k:.6f}: RoPE at offset 0 gives it back at every position")

# The same check over many random position pairs, for 200 random offsets in [-2000, 2000].
worst = 0.0
for off in rng.integers(-2000, 2001, 200):
    scores = [rope(q, int(m) + off) @ rope(k, int(m)) for m in rng.integers(0, 5000, 5)]
    worst = max(worst, np.ptp(scores))
print(f"200 offsets x 5 positions each: score varies with absolute position by < 1e-9: {worst < 1e-9}")
assert worst < 1e-9
