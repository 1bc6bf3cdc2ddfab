"""Tests for the conv2d-via-im2col exercise."""

import numpy as np
import pytest

rng = np.random.default_rng(0)


def naive_conv(x, w, b, stride, padding):
    n, c, h, wd = x.shape
    f, _, kh, kw = w.shape
    xp = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    ho, wo = (h + 2 * padding - kh) // stride + 1, (wd + 2 * padding - kw) // stride + 1
    out = np.zeros((n, f, ho, wo))
    for i in range(ho):
        for j in range(wo):
            patch = xp[:, :, i * stride:i * stride + kh, j * stride:j * stride + kw]
            out[:, :, i, j] = np.tensordot(patch, w, axes=([1, 2, 3], [1, 2, 3])) + b
    return out


def test_output_size_formula(impl):
    assert impl.output_size(32, 3, 1, 1) == 32
    assert impl.output_size(32, 3, 2, 1) == 16
    assert impl.output_size(7, 3, 2, 0) == 3
    assert impl.output_size(5, 5, 1, 0) == 1


def test_im2col_layout(impl):
    x = np.arange(2 * 3 * 3, dtype=float).reshape(1, 2, 3, 3)
    cols = impl.im2col(x, 2, 2)
    assert cols.shape == (1, 2 * 2 * 2, 4)
    np.testing.assert_array_equal(cols[0, :, 0], [0, 1, 3, 4, 9, 10, 12, 13])  # top-left field, C then kh, kw
    np.testing.assert_array_equal(cols[0, :4, 3], [4, 5, 7, 8])  # bottom-right field of channel 0


@pytest.mark.parametrize("stride,padding", [(1, 0), (1, 1), (2, 1), (2, 0), (3, 2)])
def test_conv2d_matches_a_naive_loop(impl, stride, padding):
    x, w, b = rng.normal(size=(2, 3, 7, 6)), rng.normal(size=(4, 3, 3, 2)), rng.normal(size=4)
    out = impl.conv2d(x, w, b, stride=stride, padding=padding)
    expected = naive_conv(x, w, b, stride, padding)
    assert out.shape == expected.shape
    np.testing.assert_allclose(out, expected, atol=1e-10)


def test_a_1x1_convolution_is_a_matrix_product_over_channels(impl):
    x, w = rng.normal(size=(2, 3, 4, 4)), rng.normal(size=(5, 3, 1, 1))
    out = impl.conv2d(x, w)
    np.testing.assert_allclose(out, np.einsum("fc,nchw->nfhw", w[:, :, 0, 0], x), atol=1e-12)


def test_padding_is_zeros_and_dtype_is_kept(impl):
    x = np.ones((1, 1, 3, 3), dtype=np.float32)
    out = impl.conv2d(x, np.ones((1, 1, 3, 3), dtype=np.float32), padding=1)
    assert out.dtype == np.float32
    np.testing.assert_array_equal(out[0, 0], [[4, 6, 4], [6, 9, 6], [4, 6, 4]])
