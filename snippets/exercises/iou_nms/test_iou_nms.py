"""Tests for the IoU and NMS exercise."""

import numpy as np


def test_iou_of_known_boxes(impl):
    a = np.array([[0.0, 0.0, 2.0, 2.0]])
    b = np.array([[0.0, 0.0, 2.0, 2.0], [1.0, 1.0, 3.0, 3.0], [2.0, 0.0, 4.0, 2.0], [5.0, 5.0, 6.0, 6.0]])
    np.testing.assert_allclose(impl.box_iou(a, b), [[1.0, 1 / 7, 0.0, 0.0]], atol=1e-12)


def test_iou_is_pairwise_and_symmetric(impl):
    rng = np.random.default_rng(0)
    corners = rng.uniform(0, 10, size=(2, 5, 2))
    boxes = np.concatenate([corners.min(axis=0), corners.max(axis=0)], axis=1)
    other = boxes[::-1] + 0.5
    iou = impl.box_iou(boxes, other[:3])
    assert iou.shape == (5, 3)
    np.testing.assert_allclose(iou, impl.box_iou(other[:3], boxes).T, atol=1e-12)
    assert np.all((iou >= 0) & (iou <= 1))


def test_zero_area_boxes_give_zero_not_nan(impl):
    point = np.array([[1.0, 1.0, 1.0, 1.0]])
    iou = impl.box_iou(point, np.vstack([point, [[0.0, 0.0, 2.0, 2.0]]]))
    np.testing.assert_array_equal(iou, [[0.0, 0.0]])


def test_nms_drops_overlapping_boxes_and_keeps_separate_ones(impl):
    boxes = np.array([[0, 0, 10, 10], [1, 1, 11, 11], [20, 20, 30, 30], [0, 0, 10, 9]], dtype=float)
    scores = np.array([0.9, 0.8, 0.7, 0.95])
    keep = impl.nms(boxes, scores, 0.5)
    np.testing.assert_array_equal(keep, [3, 2])  # 3 suppresses 0 (IoU 0.9) and 1; 2 overlaps nothing
    assert keep.dtype == np.int64


def test_threshold_is_strict(impl):
    boxes = np.array([[0, 0, 2, 2], [1, 0, 3, 2]], dtype=float)  # IoU exactly 1/3
    np.testing.assert_array_equal(impl.nms(boxes, np.array([0.9, 0.8]), 1 / 3), [0, 1])
    np.testing.assert_array_equal(impl.nms(boxes, np.array([0.9, 0.8]), 0.3), [0])


def test_suppression_is_greedy_not_transitive(impl):
    # A suppresses B, so B cannot suppress C even though B and C overlap
    boxes = np.array([[0, 0, 4, 4], [2, 0, 6, 4], [3, 0, 7, 4]], dtype=float)  # IoU(A, C) = 1/7, IoU(B, C) = 3/5
    np.testing.assert_array_equal(impl.nms(boxes, np.array([0.9, 0.8, 0.7]), 0.3), [0, 2])


def test_no_boxes(impl):
    keep = impl.nms(np.zeros((0, 4)), np.zeros(0), 0.5)
    assert keep.shape == (0,) and keep.dtype == np.int64
