"""Tests for the LayerNorm and RMSNorm exercise."""

import numpy as np

rng = np.random.default_rng(0)


def numeric_grad(f, x, eps=1e-6):
    grad = np.zeros_like(x)
    for index in np.ndindex(x.shape):
        old = x[index]
        x[index] = old + eps
        plus = f()
        x[index] = old - eps
        minus = f()
        x[index] = old
        grad[index] = (plus - minus) / (2 * eps)
    return grad


def test_layernorm_output_has_zero_mean_and_unit_variance(impl):
    x = rng.normal(loc=3.0, scale=5.0, size=(4, 3, 16))
    y, _ = impl.layernorm_forward(x, np.ones(16), np.zeros(16))
    assert y.shape == x.shape
    np.testing.assert_allclose(y.mean(axis=-1), 0.0, atol=1e-12)
    np.testing.assert_allclose(y.var(axis=-1), 1.0, atol=1e-5)


def test_layernorm_of_a_constant_row_is_finite(impl):
    y, _ = impl.layernorm_forward(np.full((2, 8), 7.0), np.ones(8), np.full(8, 0.5))
    np.testing.assert_allclose(y, 0.5, atol=1e-12)


def test_layernorm_backward_passes_the_gradient_check(impl):
    x, gamma, beta = rng.normal(size=(3, 5)), rng.normal(size=5), rng.normal(size=5)
    dy = rng.normal(size=(3, 5))

    def loss():
        return float((impl.layernorm_forward(x, gamma, beta)[0] * dy).sum())

    dx, dgamma, dbeta = impl.layernorm_backward(dy, impl.layernorm_forward(x, gamma, beta)[1])
    np.testing.assert_allclose(dx, numeric_grad(loss, x), atol=1e-7)
    np.testing.assert_allclose(dgamma, numeric_grad(loss, gamma), atol=1e-7)
    np.testing.assert_allclose(dbeta, numeric_grad(loss, beta), atol=1e-7)


def test_layernorm_input_gradient_sums_to_zero_per_row(impl):
    x, dy = rng.normal(size=(4, 6)), rng.normal(size=(4, 6))
    dx, _, _ = impl.layernorm_backward(dy, impl.layernorm_forward(x, np.ones(6), np.zeros(6))[1])
    np.testing.assert_allclose(dx.sum(axis=-1), 0.0, atol=1e-12)  # shifting x changes nothing


def test_rmsnorm_output_has_unit_root_mean_square_and_keeps_the_mean(impl):
    x = rng.normal(loc=2.0, size=(5, 32))
    y, _ = impl.rmsnorm_forward(x, np.ones(32))
    np.testing.assert_allclose(np.sqrt((y**2).mean(axis=-1)), 1.0, atol=1e-5)
    assert np.all(y.mean(axis=-1) > 0.5)  # RMSNorm does not centre


def test_rmsnorm_of_zeros_is_zero_not_nan(impl):
    y, cache = impl.rmsnorm_forward(np.zeros((2, 4)), np.ones(4))
    np.testing.assert_array_equal(y, 0.0)
    dx, _ = impl.rmsnorm_backward(np.ones((2, 4)), cache)
    assert np.all(np.isfinite(dx))


def test_rmsnorm_backward_passes_the_gradient_check(impl):
    x, gamma, dy = rng.normal(size=(2, 3, 4)), rng.normal(size=4), rng.normal(size=(2, 3, 4))

    def loss():
        return float((impl.rmsnorm_forward(x, gamma)[0] * dy).sum())

    dx, dgamma = impl.rmsnorm_backward(dy, impl.rmsnorm_forward(x, gamma)[1])
    np.testing.assert_allclose(dx, numeric_grad(loss, x), atol=1e-7)
    np.testing.assert_allclose(dgamma, numeric_grad(loss, gamma), atol=1e-7)


def test_float32_in_float32_out(impl):
    x = rng.normal(size=(2, 8)).astype(np.float32)
    y, _ = impl.layernorm_forward(x, np.ones(8, np.float32), np.zeros(8, np.float32))
    z, _ = impl.rmsnorm_forward(x, np.ones(8, np.float32))
    assert y.dtype == np.float32 and z.dtype == np.float32
