"""Tests for the IVF index exercise."""

import numpy as np


def data(seed=0, n=600, d=8, clusters=12):
    rng = np.random.default_rng(seed)
    centres = rng.normal(scale=4.0, size=(clusters, d))
    x = centres[rng.integers(clusters, size=n)] + rng.normal(size=(n, d))
    queries = centres[rng.integers(clusters, size=30)] + rng.normal(size=(30, d))
    return x, queries


def test_exact_search_orders_by_distance_then_id(impl):
    x = np.array([[0.0], [3.0], [1.0], [-1.0], [5.0]])
    np.testing.assert_array_equal(impl.exact_search(x, np.array([0.0]), 3), [0, 2, 3])


def test_lists_partition_every_id_once(impl):
    x, _ = data()
    centroids, lists = impl.build_ivf(x, 10, np.random.default_rng(0))
    assert centroids.shape == (10, 8) and len(lists) == 10
    ids = np.concatenate(lists)
    np.testing.assert_array_equal(np.sort(ids), np.arange(len(x)))


def test_each_vector_is_in_the_list_of_its_nearest_centroid(impl):
    x, _ = data(seed=1)
    centroids, lists = impl.build_ivf(x, 8, np.random.default_rng(1))
    nearest = ((x[:, None] - centroids[None]) ** 2).sum(axis=-1).argmin(axis=1)
    for j, ids in enumerate(lists):
        assert np.all(nearest[ids] == j)


def test_probing_every_list_is_exact(impl):
    x, queries = data(seed=2)
    centroids, lists = impl.build_ivf(x, 10, np.random.default_rng(2))
    for query in queries[:10]:
        np.testing.assert_array_equal(impl.ivf_search(x, centroids, lists, query, 5, n_probe=10),
                                      impl.exact_search(x, query, 5))


def test_a_few_probes_give_high_recall(impl):
    x, queries = data(seed=3)
    centroids, lists = impl.build_ivf(x, 12, np.random.default_rng(3))
    found = [len(set(impl.ivf_search(x, centroids, lists, q, 10, n_probe=3)) & set(impl.exact_search(x, q, 10)))
             for q in queries]
    assert np.mean(found) / 10 >= 0.9


def test_fewer_results_when_the_probed_lists_are_small(impl):
    x = np.array([[0.0], [0.1], [10.0], [10.1], [10.2]])
    centroids = np.array([[0.05], [10.1]])
    lists = [np.array([0, 1]), np.array([2, 3, 4])]
    np.testing.assert_array_equal(impl.ivf_search(x, centroids, lists, np.array([0.0]), 4, n_probe=1), [0, 1])
