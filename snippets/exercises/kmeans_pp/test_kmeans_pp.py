"""Tests for the k-means++ exercise."""

import numpy as np

TRUE_CENTRES = np.array([[0.0, 0.0], [10.0, 0.0], [0.0, 10.0], [10.0, 10.0]])


def blobs(seed=0, per=50):
    rng = np.random.default_rng(seed)
    x = np.concatenate([c + rng.normal(scale=0.5, size=(per, 2)) for c in TRUE_CENTRES])
    return x, np.repeat(np.arange(4), per)


def test_seeds_are_distinct_points_of_the_data(impl):
    x, _ = blobs()
    seeds = impl.kmeans_plus_plus(x, 4, np.random.default_rng(1))
    assert seeds.shape == (4, 2)
    assert all(any(np.array_equal(s, p) for p in x) for s in seeds)
    assert len({tuple(s) for s in seeds}) == 4


def test_seeding_lands_in_every_blob(impl):
    x, truth = blobs()
    hits = 0
    for seed in range(20):
        seeds = impl.kmeans_plus_plus(x, 4, np.random.default_rng(seed))
        hits += len(set(truth[[np.flatnonzero((x == s).all(axis=1))[0] for s in seeds]])) == 4
    assert hits >= 17  # uniform seeding covers all four blobs only ~9% of the time


def test_seeding_picks_a_far_outlier_by_squared_distance(impl):
    x = np.vstack([np.zeros((99, 1)), [[100.0]]])
    picked = sum(np.any(impl.kmeans_plus_plus(x, 2, np.random.default_rng(s)) == 100.0) for s in range(30))
    assert picked == 30  # every zero point has distance 0 to a zero seed


def test_assign_picks_the_nearest_centre(impl):
    labels = impl.assign(np.array([[0.1, 0.0], [9.0, 1.0], [0.0, 8.0]]), TRUE_CENTRES)
    np.testing.assert_array_equal(labels, [0, 1, 2])


def test_kmeans_recovers_the_blobs(impl):
    x, truth = blobs(seed=2)
    centres, labels = impl.kmeans(x, 4, np.random.default_rng(0))
    assert labels.shape == (200,)
    for blob in range(4):  # every blob is one cluster, and every cluster one blob
        assert len(set(labels[truth == blob])) == 1
    assert len(set(labels)) == 4
    matched = sorted(map(tuple, np.round(centres)))
    assert matched == sorted(map(tuple, TRUE_CENTRES))


def test_inertia_of_the_result_beats_the_seeds(impl):
    x, _ = blobs(seed=3)
    seeds = impl.kmeans_plus_plus(x, 4, np.random.default_rng(5))
    centres, labels = impl.kmeans(x, 4, np.random.default_rng(5))
    assert impl.inertia(x, centres, labels) <= impl.inertia(x, seeds, impl.assign(x, seeds)) + 1e-9
    assert abs(impl.inertia(np.array([[0.0], [2.0]]), np.array([[1.0]]), np.array([0, 0])) - 2.0) < 1e-12
