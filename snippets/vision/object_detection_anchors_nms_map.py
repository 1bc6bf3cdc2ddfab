"""Anchors, NMS and mAP on a toy detection set: how well Faster R-CNN's 9 anchors per position cover boxes of each
size, then average precision of simulated detections at IoU 0.5 and 0.75, VOC's 11-point AP and COCO's mean over
IoU 0.50:0.95, with and without non-maximum suppression of duplicate detections."""
import matplotlib.pyplot as plt
import numpy as np

rng = np.random.default_rng(0)


def iou(a, b):
    """Pairwise IoU of (N, 4) and (M, 4) boxes (x1, y1, x2, y2)."""
    lt = np.maximum(a[:, None, :2], b[None, :, :2])
    rb = np.minimum(a[:, None, 2:], b[None, :, 2:])
    inter = np.prod(np.clip(rb - lt, 0, None), axis=2)
    area = lambda t: np.prod(t[:, 2:] - t[:, :2], axis=1)  # noqa: E731
    return inter / (area(a)[:, None] + area(b)[None, :] - inter)


def box(cx, cy, w, h):
    return np.stack([cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2], axis=-1)


# 1. Anchors: 3 scales x 3 aspect ratios at every stride-16 position of a 512 x 512 image (Ren et al., 2015).
centres = np.arange(8, 512, 16.0)
cx, cy = np.meshgrid(centres, centres)
shapes = [(s * np.sqrt(r), s / np.sqrt(r)) for s in (128, 256, 512) for r in (0.5, 1.0, 2.0)]   # w/h = r, area s^2
anchors = np.concatenate([box(cx.ravel(), cy.ravel(), np.full(cx.size, w), np.full(cx.size, h)) for w, h in shapes])
side = np.exp(rng.uniform(np.log(16), np.log(400), size=600))          # object sizes, log-uniform 16..400 px
ratio = np.exp(rng.uniform(np.log(0.5), np.log(2.0), size=600))
gt = box(rng.uniform(side / 2, 512 - side / 2), rng.uniform(side / 2, 512 - side / 2), side * np.sqrt(ratio),
         side / np.sqrt(ratio))
best = iou(gt, anchors).max(axis=1)
print(f"{len(anchors):,} anchors; best-anchor IoU of 600 objects, by object size:")
print(f"{'size (px)':>10} {'objects':>8} {'median IoU':>11} {'IoU >= 0.7':>11} {'IoU < 0.3':>10}")
for lo, hi in [(16, 64), (64, 128), (128, 400)]:
    m = (side >= lo) & (side < hi)
    print(f"{f'{lo}-{hi}':>10} {m.sum():>8} {np.median(best[m]):>11.2f} {np.mean(best[m] >= 0.7):>11.0%} "
          f"{np.mean(best[m] < 0.3):>10.0%}")


# 2. A toy evaluation set: 200 images, 1-4 objects each, and a simulated detector.
def simulate():
    images = []
    for _ in range(200):
        n = rng.integers(1, 5)
        s = rng.uniform(30, 150, size=n)
        g = box(rng.uniform(80, 432, n), rng.uniform(80, 432, n), s, s * rng.uniform(0.6, 1.6, n))
        dets, scores = [], []
        for b in g:
            wh = b[2:] - b[:2]
            if rng.random() < 0.9:                                   # found, with localisation noise
                dets.append(b + rng.normal(scale=0.07, size=4) * np.tile(wh, 2))
                scores.append(rng.uniform(0.4, 1.0))
                if rng.random() < 0.5:                               # a second, overlapping box on the same object
                    dets.append(b + rng.normal(scale=0.1, size=4) * np.tile(wh, 2))
                    scores.append(scores[-1] * rng.uniform(0.6, 0.95))
        for _ in range(rng.poisson(0.8)):                            # background false positives
            s = rng.uniform(30, 150)
            dets.append(box(rng.uniform(80, 432), rng.uniform(80, 432), s, s))
            scores.append(rng.uniform(0.0, 0.7))
        images.append((g, np.array(dets).reshape(-1, 4), np.array(scores)))
    return images


def nms(boxes, scores, threshold):
    order, keep = np.argsort(-scores), []
    while order.size:
        keep.append(order[0])
        order = order[1:][iou(boxes[order[:1]], boxes[order[1:]])[0] <= threshold]
    return np.array(keep, dtype=int)


def average_precision(images, t, points=None):
    """Match detections by decreasing score; each ground truth once. All-point AP, or interpolated at `points`."""
    records, n_gt = [], 0
    for k, (g, d, s) in enumerate(images):
        n_gt += len(g)
        records += [(score, k, i) for i, score in enumerate(s)]
    records.sort(key=lambda r: -r[0])
    matched = [np.zeros(len(g), bool) for g, _, _ in images]
    tp = np.zeros(len(records))
    for j, (_, k, i) in enumerate(records):
        g, d, _ = images[k]
        overlaps = np.where(matched[k], -1.0, iou(d[i:i + 1], g)[0])
        if overlaps.size and overlaps.max() >= t:
            matched[k][overlaps.argmax()] = True
            tp[j] = 1
    recall = np.cumsum(tp) / n_gt
    precision = np.cumsum(tp) / np.arange(1, len(tp) + 1)
    envelope = np.maximum.accumulate(precision[::-1])[::-1]         # best precision at this recall or beyond
    if points is not None:                                           # VOC 2007 (11) or COCO (101) sampling
        return np.mean([envelope[recall >= r].max() if (recall >= r).any() else 0.0 for r in points]), recall, precision
    return np.sum(np.diff(np.concatenate([[0.0], recall])) * envelope), recall, precision


raw = simulate()
suppressed = [(g, d[nms(d, s, 0.5)], s[nms(d, s, 0.5)]) for g, d, s in raw]
n_gt = sum(len(g) for g, _, _ in raw)
print()
print(f"{n_gt} objects in 200 images; {sum(len(s) for *_, s in raw)} detections before NMS, "
      f"{sum(len(s) for *_, s in suppressed)} after NMS at IoU 0.5")
print(f"{'detections':>12} {'AP@0.5':>7} {'AP@0.75':>8} {'VOC07 11-pt':>12} {'COCO AP@[.5:.95]':>17}")
results = {}
for name, images in [("raw", raw), ("after NMS", suppressed)]:
    ap50, r50, p50 = average_precision(images, 0.5)
    ap75, r75, p75 = average_precision(images, 0.75)
    voc = average_precision(images, 0.5, points=np.linspace(0, 1, 11))[0]
    coco = np.mean([average_precision(images, t, points=np.linspace(0, 1, 101))[0] for t in np.arange(0.5, 0.96, 0.05)])
    results[name] = (ap50, ap75, coco, (r50, p50), (r75, p75))
    print(f"{name:>12} {ap50:>7.3f} {ap75:>8.3f} {voc:>12.3f} {coco:>17.3f}   (found {round(r50[-1] * n_gt)}/{n_gt} = {r50[-1]:.4f})")

fig, ax = plt.subplots(figsize=(6.4, 3.6), num="Precision-recall curves of the toy detector at IoU 0.5 and 0.75")
for name, style in [("raw", ":"), ("after NMS", "-")]:
    for (r, p), t, color in [(results[name][3], 0.5, "#3f6fb5"), (results[name][4], 0.75, "#c0392b")]:
        ax.plot(r, p, style, color=color, label=f"{name}, IoU {t}")
ax.set_xlabel("recall")
ax.set_ylabel("precision")
ax.set_ylim(0, 1.02)
ax.legend(fontsize=8, loc="lower left")
fig.tight_layout()
plt.show()

small = side < 64
assert np.median(best[small]) < 0.3 and np.mean(best[side >= 128] >= 0.5) > 0.9
assert 0.85 < results["after NMS"][3][0][-1] < 0.9  # below 0.9: the 11-point AP scores 0 at recall 0.9 and 1.0
assert results["after NMS"][0] > results["raw"][0] and results["raw"][1] < results["raw"][0]
