"""Tests for the softmax and cross-entropy exercise."""

import numpy as np

rng = np.random.default_rng(0)


def test_softmax_rows_are_probabilities(impl):
    logits = rng.normal(size=(4, 7))
    probs = impl.softmax(logits)
    assert probs.shape == (4, 7)
    assert np.all(probs >= 0)
    np.testing.assert_allclose(probs.sum(axis=-1), 1.0, atol=1e-12)


def test_softmax_is_shift_invariant_and_matches_the_definition(impl):
    logits = rng.normal(size=(3, 5))
    expected = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    np.testing.assert_allclose(impl.softmax(logits), expected, rtol=1e-12)
    np.testing.assert_allclose(impl.softmax(logits + 100.0), expected, rtol=1e-9)


def test_softmax_of_huge_logits_is_finite(impl):
    logits = np.array([[1e4, 0.0, -1e4], [1000.0, 1000.0, 1000.0]])
    probs = impl.softmax(logits)
    assert np.all(np.isfinite(probs))
    np.testing.assert_allclose(probs, [[1.0, 0.0, 0.0], [1 / 3, 1 / 3, 1 / 3]], atol=1e-12)


def test_log_softmax_stays_finite_where_log_of_softmax_underflows(impl):
    logits = np.array([[0.0, -1000.0]])
    log_probs = impl.log_softmax(logits)
    assert np.all(np.isfinite(log_probs))
    np.testing.assert_allclose(log_probs, [[0.0, -1000.0]], atol=1e-9)


def test_softmax_respects_axis_and_float32(impl):
    logits = rng.normal(size=(2, 3, 4)).astype(np.float32)
    probs = impl.softmax(logits, axis=1)
    assert probs.dtype == np.float32
    np.testing.assert_allclose(probs.sum(axis=1), 1.0, atol=1e-6)


def test_cross_entropy_matches_a_hand_computed_value(impl):
    logits = np.array([[2.0, 1.0, 0.1], [0.5, 2.5, 0.0]])
    labels = np.array([0, 2])
    expected = -(np.log(np.exp(2.0) / np.exp([2.0, 1.0, 0.1]).sum())
                 + np.log(np.exp(0.0) / np.exp([0.5, 2.5, 0.0]).sum())) / 2
    assert abs(impl.cross_entropy(logits, labels) - expected) < 1e-12


def test_cross_entropy_of_confident_wrong_logits_is_large_but_finite(impl):
    loss = impl.cross_entropy(np.array([[800.0, -800.0]]), np.array([1]))
    assert np.isfinite(loss)
    assert abs(loss - 1600.0) < 1e-9


def test_gradient_is_softmax_minus_one_hot_over_n(impl):
    logits = rng.normal(size=(5, 4))
    labels = np.array([0, 3, 1, 1, 2])
    expected = impl_free_softmax(logits)
    expected[np.arange(5), labels] -= 1
    np.testing.assert_allclose(impl.cross_entropy_grad(logits, labels), expected / 5, atol=1e-12)


def test_gradient_matches_central_differences(impl):
    logits = rng.normal(size=(3, 4))
    labels = np.array([2, 0, 3])
    grad = impl.cross_entropy_grad(logits, labels)
    numeric = np.zeros_like(logits)
    eps = 1e-6
    for index in np.ndindex(logits.shape):
        step = np.zeros_like(logits)
        step[index] = eps
        numeric[index] = (impl.cross_entropy(logits + step, labels) - impl.cross_entropy(logits - step, labels)) / (2 * eps)
    np.testing.assert_allclose(grad, numeric, atol=1e-8)
    np.testing.assert_allclose(grad.sum(axis=1), 0.0, atol=1e-12)  # each row sums to zero


def impl_free_softmax(logits):
    exp = np.exp(logits - logits.max(axis=1, keepdims=True))
    return exp / exp.sum(axis=1, keepdims=True)
