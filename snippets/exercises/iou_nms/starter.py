"""Intersection over union of boxes, and greedy non-maximum suppression.

Boxes are rows (x1, y1, x2, y2) with x1 <= x2 and y1 <= y2. Use NumPy only.
Run the tests with: make exercise NAME=iou_nms
"""

import numpy as np


def box_iou(boxes_a: np.ndarray, boxes_b: np.ndarray) -> np.ndarray:
    """Pairwise IoU: an (N, M) array for (N, 4) and (M, 4) boxes. Boxes of zero area give 0, not NaN."""
    raise NotImplementedError("write box_iou")


def nms(boxes: np.ndarray, scores: np.ndarray, iou_threshold: float) -> np.ndarray:
    """Indices of the boxes kept, by decreasing score.

    Repeatedly keep the best remaining box and drop every remaining box whose IoU with it is
    greater than ``iou_threshold``. Returns an int64 array, empty for no boxes.
    """
    raise NotImplementedError("write nms")
