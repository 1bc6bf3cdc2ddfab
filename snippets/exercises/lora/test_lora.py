"""Tests for the LoRA exercise."""

import numpy as np

rng = np.random.default_rng(0)


def layer(d_out=6, d_in=5, r=2, dtype=np.float64):
    return (rng.normal(size=(d_out, d_in)).astype(dtype), rng.normal(size=(r, d_in)).astype(dtype),
            rng.normal(size=(d_out, r)).astype(dtype))


def test_forward_adds_the_scaled_low_rank_path(impl):
    w, a, b = layer()
    x = rng.normal(size=(3, 5))
    expected = x @ (w + (16 / 2) * b @ a).T
    np.testing.assert_allclose(impl.lora_forward(x, w, a, b, alpha=16), expected, atol=1e-10)


def test_zero_initialised_b_leaves_the_model_unchanged(impl):
    w, a, _ = layer()
    x = rng.normal(size=(4, 5))
    np.testing.assert_allclose(impl.lora_forward(x, w, a, np.zeros((6, 2)), alpha=8), x @ w.T, atol=1e-12)


def test_merged_weight_gives_the_same_outputs(impl):
    w, a, b = layer()
    x = rng.normal(size=(7, 5))
    merged = impl.merge(w, a, b, alpha=4)
    np.testing.assert_allclose(x @ merged.T, impl.lora_forward(x, w, a, b, alpha=4), atol=1e-10)


def test_merge_does_not_modify_the_base_weight(impl):
    w, a, b = layer()
    before = w.copy()
    impl.merge(w, a, b, alpha=4)
    np.testing.assert_array_equal(w, before)


def test_unmerge_recovers_the_base_weight(impl):
    w, a, b = layer()
    np.testing.assert_allclose(impl.unmerge(impl.merge(w, a, b, 4), a, b, 4), w, atol=1e-12)


def test_float16_round_trip_loses_precision_within_a_bound(impl):
    w, a, b = layer(d_out=64, d_in=64, r=4, dtype=np.float16)
    back = impl.unmerge(impl.merge(w, a, b, 8), a, b, 8)
    assert back.dtype == np.float16
    error = np.abs(back.astype(np.float64) - w.astype(np.float64)).max()
    assert error < 0.1  # rounding of values near |W + BA| ~ 30 in float16, not a bug


def test_parameter_count(impl):
    assert impl.lora_parameter_count(4096, 4096, 8) == 65_536
    assert impl.lora_parameter_count(6, 5, 2) == 22
