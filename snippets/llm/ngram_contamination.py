"""An n-gram overlap contamination check: which items of a toy benchmark share word 8-grams with a toy
training corpus? Verbatim copies are caught; a paraphrase of a leaked item is not."""
import re

BENCHMARK = {
    "q1": "What is the boiling point of water at sea level in degrees Celsius?",
    "q2": "Which planet in the solar system has the largest number of known moons?",
    "q3": "If a train travels 120 kilometres in 1.5 hours, what is its average speed?",
    "q4": "Name the process by which green plants turn light into chemical energy.",
    "q5": "Which organ of the human body produces insulin?",
    "q6": "What is the smallest prime number that is greater than twenty?",
}
CORPUS = """
Forum post: practice quiz answers. If a train travels 120 kilometres in 1.5 hours, what is its
average speed? Answer: 80 kilometres per hour, because distance divided by time gives the speed.
Study notes. Photosynthesis is how green plants turn light into chemical energy, storing it as sugar.
Blog: I always forget this one. Which organ of the human body produces insulin? The pancreas.
Cooking tips: water boils at a lower temperature in the mountains, so pasta takes longer to cook.
A train that covers 120 km in an hour and a half is moving at 80 km per hour on average.
"""


def words(s: str) -> list[str]:
    return re.findall(r"[a-z0-9]+(?:\.[0-9]+)?", s.lower())


def ngrams(tokens: list[str], n: int) -> set[tuple[str, ...]]:
    return {tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1)}


N = 8
corpus_grams = ngrams(words(CORPUS), N)
print(f"{N}-gram overlap between each benchmark item and the training corpus")
print(f"{'item':<5}{'8-grams':>8}{'in corpus':>11}{'overlap':>9}{'longest shared run':>20}  flagged")
flags, runs = {}, {}
for key, q in BENCHMARK.items():
    grams = ngrams(words(q), N)
    hits = len(grams & corpus_grams)
    overlap = hits / len(grams)
    flags[key] = hits > 0                           # any shared 8-gram marks the item as contaminated
    run = max([m for m in range(1, 20) if ngrams(words(q), m) & ngrams(words(CORPUS), m)], default=0)
    runs[key] = run
    print(f"{key:<5}{len(grams):>8}{hits:>11}{overlap:>9.2f}{run:>14} words  {'yes' if flags[key] else 'no'}")
clean = [k for k, f in flags.items() if not f]
print(f"clean subset: {', '.join(clean)}")
assert flags == {"q1": False, "q2": False, "q3": True, "q4": False, "q5": True, "q6": False}, flags
# q4 was paraphrased in the corpus ("Photosynthesis is how green plants turn light into chemical energy")
# and shares only a 7-word run, so it slips through an 8-gram check.
assert runs["q4"] == 7 and runs["q3"] >= 12, runs
