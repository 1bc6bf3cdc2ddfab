"""A 2-D convolution (cross-correlation, as in deep-learning libraries) written as one matrix product.

Use NumPy only. Run the tests with: make exercise NAME=conv2d_im2col
"""

import numpy as np


def output_size(size: int, kernel: int, stride: int, padding: int) -> int:
    """The output height (or width) of a convolution over ``size`` pixels."""
    raise NotImplementedError("write output_size")


def im2col(x: np.ndarray, kh: int, kw: int, stride: int = 1, padding: int = 0) -> np.ndarray:
    """Unfold x (N, C, H, W) into columns of shape (N, C * kh * kw, Ho * Wo).

    Column j holds the receptive field of output pixel j (row-major over Ho, Wo), flattened in
    (C, kh, kw) order; zero padding is added on every side.
    """
    raise NotImplementedError("write im2col")


def conv2d(x: np.ndarray, w: np.ndarray, b: np.ndarray | None = None, stride: int = 1, padding: int = 0
           ) -> np.ndarray:
    """Convolve x (N, C, H, W) with filters w (F, C, kh, kw) and bias b (F,): output (N, F, Ho, Wo)."""
    raise NotImplementedError("write conv2d")
