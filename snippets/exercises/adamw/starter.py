"""One step of Adam and AdamW, with bias correction and decoupled weight decay.

Use NumPy only. Run the tests with: make exercise NAME=adamw
"""

import numpy as np


def adamw_step(param: np.ndarray, grad: np.ndarray, m: np.ndarray, v: np.ndarray, t: int, lr: float = 1e-3,
               beta1: float = 0.9, beta2: float = 0.999, eps: float = 1e-8, weight_decay: float = 0.0
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One AdamW update at step ``t`` (1 for the first step). With weight_decay=0 it is Adam.

    Returns new arrays (param, m, v); the inputs are left unchanged. The decay is decoupled:
    param shrinks by lr * weight_decay * param, outside the adaptive rescaling.
    """
    raise NotImplementedError("write adamw_step")


def adam_l2_step(param: np.ndarray, grad: np.ndarray, m: np.ndarray, v: np.ndarray, t: int, lr: float = 1e-3,
                 beta1: float = 0.9, beta2: float = 0.999, eps: float = 1e-8, weight_decay: float = 0.0
                 ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Adam with L2 regularization instead: weight_decay * param is added to the gradient first."""
    raise NotImplementedError("write adam_l2_step")
