"""Tests for the attention exercise."""

import numpy as np

rng = np.random.default_rng(0)


def reference(q, k, v, mask=None):
    scores = q @ k.T / np.sqrt(q.shape[-1])
    if mask is not None:
        scores = np.where(mask, scores, -1e30)
    weights = np.exp(scores - scores.max(axis=-1, keepdims=True))
    weights /= weights.sum(axis=-1, keepdims=True)
    return weights @ v, weights


def test_masks_have_the_right_pattern(impl):
    np.testing.assert_array_equal(impl.causal_mask(3), [[1, 0, 0], [1, 1, 0], [1, 1, 1]])
    mask = impl.padding_mask(np.array([2, 4]), 4)
    assert mask.shape == (2, 1, 4) and mask.dtype == bool
    np.testing.assert_array_equal(mask[:, 0], [[1, 1, 0, 0], [1, 1, 1, 1]])


def test_attention_matches_the_formula(impl):
    q, k, v = rng.normal(size=(4, 8)), rng.normal(size=(6, 8)), rng.normal(size=(6, 3))
    out, weights = impl.attention(q, k, v)
    expected_out, expected_weights = reference(q, k, v)
    assert out.shape == (4, 3) and weights.shape == (4, 6)
    np.testing.assert_allclose(weights, expected_weights, atol=1e-12)
    np.testing.assert_allclose(out, expected_out, atol=1e-12)


def test_causal_mask_hides_the_future(impl):
    x = rng.normal(size=(5, 4))
    out, weights = impl.attention(x, x, x, impl.causal_mask(5))
    assert np.all(weights[np.triu_indices(5, 1)] == 0.0)
    changed = x.copy()
    changed[3:] += 10.0  # edit the future of position 2
    out_changed, _ = impl.attention(changed, changed, changed, impl.causal_mask(5))
    np.testing.assert_allclose(out_changed[:3], out[:3], atol=1e-12)


def test_padding_keys_are_ignored_whatever_they_hold(impl):
    q, k, v = rng.normal(size=(2, 3, 4)), rng.normal(size=(2, 5, 4)), rng.normal(size=(2, 5, 2))
    mask = impl.padding_mask(np.array([5, 2]), 5)
    out, weights = impl.attention(q, k, v, mask)
    assert np.all(weights[1, :, 2:] == 0.0)
    k[1, 2:], v[1, 2:] = 1e6, -1e6  # padding may hold anything large
    out_garbage, _ = impl.attention(q, k, v, mask)
    np.testing.assert_allclose(out_garbage, out, atol=1e-12)


def test_large_scores_stay_finite_and_a_fully_masked_row_gives_zeros(impl):
    q = rng.normal(size=(3, 4)) * 1e3
    out, weights = impl.attention(q, q, q)
    assert np.all(np.isfinite(out))
    np.testing.assert_allclose(weights.sum(axis=-1), 1.0, atol=1e-12)
    mask = np.array([[False, False, False], [True, True, False], [True, True, True]])
    out, weights = impl.attention(q, q, q, mask)
    assert np.all(np.isfinite(out))
    np.testing.assert_array_equal(weights[0], 0.0)
    np.testing.assert_array_equal(out[0], 0.0)


def test_multi_head_matches_a_loop_over_heads(impl):
    b, t, d, heads = 2, 5, 8, 2
    x = rng.normal(size=(b, t, d))
    wq, wk, wv, wo = (rng.normal(size=(d, d)) / np.sqrt(d) for _ in range(4))
    mask = impl.causal_mask(t)[None] & impl.padding_mask(np.array([5, 3]), t)
    out = impl.multi_head_attention(x, wq, wk, wv, wo, heads, mask)
    assert out.shape == (b, t, d)
    size = d // heads
    for batch in range(b):
        parts = []
        for h in range(heads):
            cols = slice(h * size, (h + 1) * size)
            q, k, v = (x[batch] @ w[:, cols] for w in (wq, wk, wv))
            parts.append(reference(q, k, v, mask[batch])[0])
        np.testing.assert_allclose(out[batch], np.concatenate(parts, axis=-1) @ wo, atol=1e-10)


def test_one_head_equals_plain_attention(impl):
    x = rng.normal(size=(1, 4, 6))
    eye = np.eye(6)
    out = impl.multi_head_attention(x, eye, eye, eye, eye, 1)
    np.testing.assert_allclose(out[0], reference(x[0], x[0], x[0])[0], atol=1e-12)
