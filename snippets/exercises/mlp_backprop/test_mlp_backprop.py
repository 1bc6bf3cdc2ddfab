"""Tests for the MLP forward/backward exercise."""

import numpy as np


def make_problem(seed=0, n=6, d=4, h=5, c=3):
    rng = np.random.default_rng(seed)
    params = {
        "W1": rng.normal(scale=0.5, size=(d, h)), "b1": rng.normal(scale=0.1, size=h),
        "W2": rng.normal(scale=0.5, size=(h, c)), "b2": rng.normal(scale=0.1, size=c),
    }
    return params, rng.normal(size=(n, d)), rng.integers(0, c, size=n)


def relative_error(a, b):
    return np.max(np.abs(a - b) / np.maximum(1e-8, np.abs(a) + np.abs(b)))


def test_forward_returns_the_cross_entropy_of_the_network(impl):
    params, x, labels = make_problem()
    loss, _ = impl.forward(params, x, labels)
    logits = np.maximum(x @ params["W1"] + params["b1"], 0) @ params["W2"] + params["b2"]
    probs = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    assert abs(loss - (-np.log(probs[np.arange(len(labels)), labels]).mean())) < 1e-12


def test_backward_returns_one_gradient_per_parameter_with_its_shape(impl):
    params, x, labels = make_problem()
    grads = impl.backward(params, impl.forward(params, x, labels)[1])
    assert set(grads) == set(params)
    for key in params:
        assert grads[key].shape == params[key].shape, key


def test_numerical_gradient_of_a_known_function(impl):
    x = np.array([1.0, -2.0, 0.5])
    grad = impl.numerical_gradient(lambda: float(np.sum(x**3)), x)
    np.testing.assert_allclose(grad, 3 * np.array([1.0, -2.0, 0.5]) ** 2, rtol=1e-7)
    np.testing.assert_array_equal(x, [1.0, -2.0, 0.5])  # x is restored


def test_backward_passes_the_gradient_check(impl):
    params, x, labels = make_problem(seed=1)
    grads = impl.backward(params, impl.forward(params, x, labels)[1])
    for key in params:
        numeric = impl.numerical_gradient(lambda: impl.forward(params, x, labels)[0], params[key])
        assert relative_error(grads[key], numeric) < 1e-6, key


def test_dead_relu_units_get_zero_gradient(impl):
    params, x, labels = make_problem(seed=2)
    params["b1"][0] = -100.0  # unit 0 is never active
    grads = impl.backward(params, impl.forward(params, x, labels)[1])
    np.testing.assert_array_equal(grads["W1"][:, 0], 0.0)
    np.testing.assert_array_equal(grads["W2"][0], 0.0)


def test_a_few_gradient_steps_lower_the_loss(impl):
    params, x, labels = make_problem(seed=3, n=20)
    first = impl.forward(params, x, labels)[0]
    for _ in range(50):
        grads = impl.backward(params, impl.forward(params, x, labels)[1])
        params = {key: params[key] - 0.5 * grads[key] for key in params}
    assert impl.forward(params, x, labels)[0] < 0.5 * first
