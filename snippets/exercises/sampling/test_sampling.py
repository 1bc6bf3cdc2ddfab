"""Tests for the sampling exercise."""

import numpy as np

LOGITS = np.log(np.array([0.5, 0.2, 0.15, 0.1, 0.05]))


def frequencies(impl, n=2000, **kwargs):
    rng = np.random.default_rng(0)
    draws = [impl.sample(LOGITS, rng, **kwargs) for _ in range(n)]
    return np.bincount(draws, minlength=len(LOGITS)) / n


def test_top_k_keeps_the_k_largest(impl):
    out = impl.top_k_filter(np.array([1.0, 5.0, 3.0, 4.0]), 2)
    np.testing.assert_array_equal(out, [-np.inf, 5.0, -np.inf, 4.0])
    np.testing.assert_array_equal(impl.top_k_filter(np.array([1.0, 2.0]), 5), [1.0, 2.0])


def test_top_p_keeps_the_smallest_set_reaching_p(impl):
    kept = np.isfinite(impl.top_p_filter(LOGITS, 0.6))
    np.testing.assert_array_equal(kept, [True, True, False, False, False])  # 0.5 < 0.6 <= 0.7
    kept = np.isfinite(impl.top_p_filter(LOGITS, 0.7))
    np.testing.assert_array_equal(kept, [True, True, False, False, False])  # exactly 0.7 is enough
    kept = np.isfinite(impl.top_p_filter(LOGITS[::-1], 0.75))
    np.testing.assert_array_equal(kept, [False, False, True, True, True])  # order of the input does not matter


def test_top_p_always_keeps_the_most_probable_token(impl):
    kept = np.isfinite(impl.top_p_filter(LOGITS, 0.01))
    np.testing.assert_array_equal(kept, [True, False, False, False, False])


def test_sampling_follows_the_softmax(impl):
    np.testing.assert_allclose(frequencies(impl), [0.5, 0.2, 0.15, 0.1, 0.05], atol=0.04)


def test_filtered_tokens_are_never_drawn(impl):
    freq = frequencies(impl, top_k=2)
    assert freq[2:].sum() == 0
    np.testing.assert_allclose(freq[:2], [5 / 7, 2 / 7], atol=0.04)  # renormalised over the kept tokens
    assert frequencies(impl, top_p=0.6)[2:].sum() == 0


def test_temperature_sharpens_and_flattens(impl):
    assert frequencies(impl, n=2000, temperature=0.2)[0] > 0.95
    np.testing.assert_allclose(frequencies(impl, temperature=100.0), 0.2, atol=0.04)
    assert impl.sample(LOGITS, np.random.default_rng(1), temperature=0) == 0


def test_temperature_applies_before_top_p(impl):
    # at T = 0.5 token 0 has probability 0.25 / 0.335 = 0.746, enough alone for p = 0.7
    freq = frequencies(impl, n=500, temperature=0.5, top_p=0.7)
    np.testing.assert_array_equal(freq, [1, 0, 0, 0, 0])
