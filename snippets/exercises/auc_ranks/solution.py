"""ROC AUC from ranks (the Mann-Whitney U statistic), with ties counted as half."""

import numpy as np


def average_ranks(values: np.ndarray) -> np.ndarray:
    """1-based ranks of ``values``; tied values share the mean of the ranks they span (float)."""
    order = np.argsort(values, kind="stable")
    sorted_values = values[order]
    # Boundaries of each run of equal values in sorted order.
    starts = np.flatnonzero(np.r_[True, sorted_values[1:] != sorted_values[:-1]])
    ends = np.r_[starts[1:], len(values)]
    ranks = np.empty(len(values))
    ranks[order] = np.repeat((starts + ends + 1) / 2, ends - starts)  # mean of ranks start+1 .. end
    return ranks


def roc_auc(labels: np.ndarray, scores: np.ndarray) -> float:
    """The probability that a random positive (label 1) scores above a random negative (label 0),
    ties counting one half, in O(n log n). Raise ValueError when one class is missing."""
    labels = np.asarray(labels).astype(bool)
    n_pos, n_neg = int(labels.sum()), int((~labels).sum())
    if n_pos == 0 or n_neg == 0:
        raise ValueError("AUC needs at least one positive and one negative example")
    rank_sum = average_ranks(np.asarray(scores, dtype=float))[labels].sum()
    u = rank_sum - n_pos * (n_pos + 1) / 2  # pairs won by positives (ties count 1/2)
    return float(u / (n_pos * n_neg))
