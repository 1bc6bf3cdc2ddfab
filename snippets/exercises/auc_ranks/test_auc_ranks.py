"""Tests for the AUC-from-ranks exercise."""

import numpy as np
import pytest
from sklearn.metrics import roc_auc_score


def pairwise_auc(labels, scores):
    pos, neg = scores[labels == 1], scores[labels == 0]
    return ((pos[:, None] > neg[None]).sum() + 0.5 * (pos[:, None] == neg[None]).sum()) / (len(pos) * len(neg))


def test_average_ranks_share_ties(impl):
    np.testing.assert_allclose(impl.average_ranks(np.array([10.0, 30.0, 20.0, 30.0, 10.0])), [1.5, 4.5, 3, 4.5, 1.5])


def test_perfect_reversed_and_constant_scores(impl):
    labels = np.array([0, 0, 1, 1])
    assert impl.roc_auc(labels, np.array([0.1, 0.2, 0.8, 0.9])) == pytest.approx(1.0)
    assert impl.roc_auc(labels, np.array([0.9, 0.8, 0.2, 0.1])) == pytest.approx(0.0)
    assert impl.roc_auc(labels, np.full(4, 0.5)) == pytest.approx(0.5)


def test_matches_counting_pairs_with_many_ties(impl):
    rng = np.random.default_rng(0)
    labels = rng.integers(0, 2, size=300)
    scores = np.round(rng.normal(size=300) + labels, 1)  # rounding makes ties
    assert impl.roc_auc(labels, scores) == pytest.approx(pairwise_auc(labels, scores), abs=1e-12)


def test_matches_scikit_learn(impl):
    rng = np.random.default_rng(1)
    labels = (rng.random(1000) < 0.1).astype(int)  # imbalanced
    scores = rng.normal(size=1000) + 1.5 * labels
    assert impl.roc_auc(labels, scores) == pytest.approx(roc_auc_score(labels, scores), abs=1e-12)


def test_only_the_order_of_scores_matters(impl):
    rng = np.random.default_rng(2)
    labels = rng.integers(0, 2, size=50)
    scores = rng.normal(size=50)
    assert impl.roc_auc(labels, np.exp(3 * scores)) == pytest.approx(impl.roc_auc(labels, scores), abs=1e-12)


def test_one_class_only_is_an_error(impl):
    with pytest.raises(ValueError):
        impl.roc_auc(np.ones(5, dtype=int), np.arange(5.0))


def test_a_large_input_is_fast(impl):
    rng = np.random.default_rng(3)
    labels = rng.integers(0, 2, size=200_000)
    scores = rng.normal(size=200_000) + labels
    assert 0.7 < impl.roc_auc(labels, scores) < 0.8  # an O(n^2) loop over pairs would not finish
