"""A 2-D convolution (cross-correlation, as in deep-learning libraries) written as one matrix product."""

import numpy as np


def output_size(size: int, kernel: int, stride: int, padding: int) -> int:
    """The output height (or width) of a convolution over ``size`` pixels."""
    return (size + 2 * padding - kernel) // stride + 1


def im2col(x: np.ndarray, kh: int, kw: int, stride: int = 1, padding: int = 0) -> np.ndarray:
    """Unfold x (N, C, H, W) into columns of shape (N, C * kh * kw, Ho * Wo).

    Column j holds the receptive field of output pixel j (row-major over Ho, Wo), flattened in
    (C, kh, kw) order; zero padding is added on every side.
    """
    n, c, h, w = x.shape
    ho, wo = output_size(h, kh, stride, padding), output_size(w, kw, stride, padding)
    padded = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    cols = np.empty((n, c, kh, kw, ho, wo), dtype=x.dtype)
    for i in range(kh):  # one strided slice per kernel offset: kh * kw copies, not Ho * Wo
        for j in range(kw):
            cols[:, :, i, j] = padded[:, :, i:i + stride * ho:stride, j:j + stride * wo:stride]
    return cols.reshape(n, c * kh * kw, ho * wo)


def conv2d(x: np.ndarray, w: np.ndarray, b: np.ndarray | None = None, stride: int = 1, padding: int = 0
           ) -> np.ndarray:
    """Convolve x (N, C, H, W) with filters w (F, C, kh, kw) and bias b (F,): output (N, F, Ho, Wo)."""
    f, _, kh, kw = w.shape
    n, _, h, wd = x.shape
    out = w.reshape(f, -1) @ im2col(x, kh, kw, stride, padding)  # (F, CKK) @ (N, CKK, P) -> (N, F, P)
    if b is not None:
        out = out + b[:, None]
    return out.reshape(n, f, output_size(h, kh, stride, padding), output_size(wd, kw, stride, padding))
