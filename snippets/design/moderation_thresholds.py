"""Content moderation at 50 M posts a day: two thresholds split posts into removed, reviewed and
published; the review queue sets the reviewer headcount, and prevalence sets the precision."""

import math

posts_per_day, prevalence = 50e6, 0.005  # 0.5% of posts violate the policy
# The classifier's score on a logit scale is normal: mean 3.0 for violating posts, -1.0 for the rest, sd 1.2.
mean_bad, mean_ok, sd = 3.0, -1.0, 1.2


def above(t: float, mean: float) -> float:
    """Share of posts whose score is at least t."""
    return 0.5 * math.erfc((t - mean) / (sd * math.sqrt(2)))


def split(remove_at: float, review_at: float, prev: float) -> dict:
    bad_removed, ok_removed = prev * above(remove_at, mean_bad), (1 - prev) * above(remove_at, mean_ok)
    bad_flagged = prev * above(review_at, mean_bad)  # removed or reviewed
    ok_flagged = (1 - prev) * above(review_at, mean_ok)
    return {
        "removed": (bad_removed + ok_removed) * posts_per_day,
        "precision": bad_removed / (bad_removed + ok_removed),
        "reviewed": max(0.0, bad_flagged + ok_flagged - bad_removed - ok_removed) * posts_per_day,
        "recall": bad_flagged / prev,  # if reviewers decide correctly
        "missed": (prev - bad_flagged) * posts_per_day,
    }


print(f"{posts_per_day / 1e6:.0f} M posts a day, {prevalence:.1%} violating = {posts_per_day * prevalence:,.0f}")
print(" remove at  review at  removed/day  precision  reviewed/day  recall  missed/day")
for remove_at, review_at in [(3.0, 3.0), (4.0, 2.0), (5.0, 1.5), (5.0, 1.0)]:
    s = split(remove_at, review_at, prevalence)
    print(f"{remove_at:10.1f}  {review_at:9.1f}  {s['removed']:11,.0f}  {s['precision']:9.3f}"
          f"  {s['reviewed']:12,.0f}  {s['recall']:6.3f}  {s['missed']:10,.0f}")

seconds_per_item, productive_hours = 30, 6.0  # assumed
per_reviewer = productive_hours * 3600 / seconds_per_item
queue = split(5.0, 1.5, prevalence)["reviewed"]
print(f"\nA reviewer handles {productive_hours:.0f} h x 3600 / {seconds_per_item} s = {per_reviewer:.0f} items a day")
print(f"Queue at (5.0, 1.5): {queue:,.0f} items a day -> {math.ceil(queue / per_reviewer):,} reviewer shifts a day")

print("\nThe same classifier, removing at a score of 3.0, as the violating share changes:")
for prev in (0.001, 0.005, 0.05):
    print(f"  {prev:.1%} violating: precision {split(3.0, 3.0, prev)['precision']:.2f}")
