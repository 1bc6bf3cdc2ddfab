"""Tests for the Adam/AdamW step exercise."""

import numpy as np

rng = np.random.default_rng(0)


def zeros_like(p):
    return np.zeros_like(p), np.zeros_like(p)


def test_first_step_moves_each_parameter_by_about_lr(impl):
    param, grad = rng.normal(size=5), rng.normal(size=5) * np.array([1e-4, 1e-2, 1.0, 10.0, 1e3])
    new, m, v = impl.adamw_step(param, grad, *zeros_like(param), t=1, lr=0.01)
    # bias correction makes the first step sign(grad) * lr, whatever the gradient's scale
    np.testing.assert_allclose(new - param, -0.01 * np.sign(grad), rtol=1e-3)
    np.testing.assert_allclose(m, 0.1 * grad)
    np.testing.assert_allclose(v, 0.001 * grad**2)


def test_matches_a_hand_computed_second_step(impl):
    param, m, v = np.array([1.0]), np.array([0.1]), np.array([0.001])
    new, m2, v2 = impl.adamw_step(param, np.array([2.0]), m, v, t=2, lr=0.1, weight_decay=0.0)
    m_exp, v_exp = 0.9 * 0.1 + 0.1 * 2.0, 0.999 * 0.001 + 0.001 * 4.0
    step = (m_exp / (1 - 0.81)) / (np.sqrt(v_exp / (1 - 0.999**2)) + 1e-8)
    np.testing.assert_allclose(new, 1.0 - 0.1 * step, rtol=1e-12)
    np.testing.assert_allclose([m2[0], v2[0]], [m_exp, v_exp], rtol=1e-12)


def test_decay_is_decoupled_from_the_gradient(impl):
    param = np.array([2.0, -4.0])
    new, _, _ = impl.adamw_step(param, np.zeros(2), *zeros_like(param), t=1, lr=0.1, weight_decay=0.01)
    np.testing.assert_allclose(new, param * (1 - 0.1 * 0.01), rtol=1e-12)


def test_l2_is_rescaled_but_decoupled_decay_is_not(impl):
    param = np.array([1.0, 1.0])
    grad = np.array([1e-3, 10.0])  # very different gradient scales
    wd, lr = 0.1, 0.01
    decoupled, _, _ = impl.adamw_step(param, grad, *zeros_like(param), t=1, lr=lr, weight_decay=wd)
    coupled, _, _ = impl.adam_l2_step(param, grad, *zeros_like(param), t=1, lr=lr, weight_decay=wd)
    plain, _, _ = impl.adamw_step(param, grad, *zeros_like(param), t=1, lr=lr)
    np.testing.assert_allclose(plain - decoupled, lr * wd * param, rtol=1e-9)  # the same shrink for both
    assert not np.allclose(plain - coupled, lr * wd * param, rtol=1e-3)  # L2 went through the rescaling


def test_inputs_are_not_modified_and_dtype_is_kept(impl):
    param = rng.normal(size=3).astype(np.float32)
    grad, m, v = (rng.normal(size=3).astype(np.float32) for _ in range(3))
    v = np.abs(v)
    copies = [a.copy() for a in (param, grad, m, v)]
    new, m2, v2 = impl.adamw_step(param, grad, m, v, t=3, weight_decay=0.01)
    for before, after in zip(copies, (param, grad, m, v), strict=True):
        np.testing.assert_array_equal(before, after)
    assert new.dtype == np.float32 and m2.dtype == np.float32 and v2.dtype == np.float32


def test_minimises_a_badly_scaled_quadratic(impl):
    scales = np.array([1.0, 100.0])
    param = np.array([3.0, -2.0])
    m, v = zeros_like(param)
    for t in range(1, 2001):
        param, m, v = impl.adamw_step(param, scales * param, m, v, t, lr=0.05)
    assert np.all(np.abs(param) < 0.05)
