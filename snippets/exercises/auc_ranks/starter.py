"""ROC AUC from ranks (the Mann-Whitney U statistic), with ties counted as half.

Use NumPy only. Run the tests with: make exercise NAME=auc_ranks
"""

import numpy as np


def average_ranks(values: np.ndarray) -> np.ndarray:
    """1-based ranks of ``values``; tied values share the mean of the ranks they span (float)."""
    raise NotImplementedError("write average_ranks")


def roc_auc(labels: np.ndarray, scores: np.ndarray) -> float:
    """The probability that a random positive (label 1) scores above a random negative (label 0),
    ties counting one half, in O(n log n). Raise ValueError when one class is missing."""
    raise NotImplementedError("write roc_auc")
