"""Perplexity of add-k smoothed character n-gram models on a small built-in text, for n = 1..7:
perplexity = exp(mean negative log-likelihood), a uniform model scores the alphabet size, and large n overfits."""
from collections import Counter

import numpy as np

TEXT = """
the ferry leaves the north bank at seven every morning and returns when the light begins to fade.
on most days it carries farmers with crates of apples, a few students with heavy bags, and the
postman, who knows every passenger by name. the river is wide here, and in spring the water runs
brown and fast with snow from the hills. the pilot keeps the boat pointed upstream and lets the
current carry it sideways across the channel, a trick he learned from his father, who ran the same
ferry for forty years. in summer the river is low and slow, and children swim near the landing
while their parents wait in the shade of the old warehouse. the warehouse once stored grain for the
mill, but the mill closed long ago, and now the building holds boats, nets and a small cafe that
sells coffee, bread and soup. on the south bank the road climbs through orchards to the village,
where the market opens on saturday and the church bell rings at noon. visitors often ask why no one
has built a bridge. the answer is partly money and partly habit: the crossing takes ten minutes,
the ferry has never missed a day because of a breakdown, and people like the pause in the middle
of the river, where the wind is cool and the town looks small. in autumn the fog rolls in before
dawn, and the pilot sounds the horn every minute until the far bank appears. in winter ice forms
along the edges, and the crew breaks it with long poles before the first trip. the ferry is slow,
but it is reliable, and in a valley where the weather decides most things, reliable is enough.
the postman says that the river teaches patience. he has carried letters across it in every season,
and he can tell the month from the colour of the water and the smell of the air on the landing.
when the new road opened in the next valley, some people said the ferry would lose its passengers,
but the farmers still prefer the short crossing to the long drive, and the students still read on
the deck while the boat drifts across the current. the cafe in the warehouse now stays open late
on summer evenings, and on the last saturday of august the village holds a festival on the landing,
with music, lanterns on the water and a race of small boats built by the children during the year.
"""
text = " ".join(TEXT.split())                       # one line, single spaces
vocab = sorted(set(text))
V = len(vocab)
split = int(0.8 * len(text))
train, test = text[:split], text[split:]


def nll_per_char(model_text: str, eval_text: str, n: int, k: float = 0.01) -> np.ndarray:
    """-log p(c_t | previous n-1 chars) under an add-k smoothed n-gram model fitted on model_text."""
    ctx_counts, full_counts = Counter(), Counter()
    for i in range(n - 1, len(model_text)):
        ctx_counts[model_text[i - n + 1:i]] += 1
        full_counts[model_text[i - n + 1:i + 1]] += 1
    out = []
    for i in range(n - 1, len(eval_text)):
        ctx, gram = eval_text[i - n + 1:i], eval_text[i - n + 1:i + 1]
        p = (full_counts[gram] + k) / (ctx_counts[ctx] + k * V)
        out.append(-np.log(p))
    return np.array(out)


print(f"{len(text)} characters, alphabet of V = {V}; train {len(train)}, test {len(test)}")
print(f"uniform model: perplexity = exp(log V) = {np.exp(np.log(V)):.1f}")
print(f"{'n':>3}{'train NLL':>11}{'train ppl':>11}{'test NLL':>10}{'test ppl':>10}{'bits/char':>11}")
ppl = {}
for n in range(1, 8):
    tr, te = nll_per_char(train, train, n), nll_per_char(train, test, n)
    ppl[n] = (np.exp(tr.mean()), np.exp(te.mean()))
    print(f"{n:>3}{tr.mean():>11.3f}{ppl[n][0]:>11.2f}{te.mean():>10.3f}{ppl[n][1]:>10.2f}"
          f"{te.mean() / np.log(2):>11.3f}")

# The same number three ways on the first 60 test characters (n = 3).
nll = nll_per_char(train, test[:62], 3)
probs = np.exp(-nll)
print(f"n = 3 on {nll.size} characters: exp(mean NLL) = {np.exp(nll.mean()):.4f}, "
      f"(prod p)^(-1/T) = {np.prod(probs) ** (-1 / nll.size):.4f}, "
      f"1 / geometric-mean p = {1 / np.exp(np.log(probs).mean()):.4f}")

best = min(ppl, key=lambda n: ppl[n][1])
print(f"lowest test perplexity at n = {best}; train perplexity keeps falling as n grows")
assert abs(np.exp(nll.mean()) - np.prod(probs) ** (-1 / nll.size)) < 1e-9
assert all(ppl[n + 1][0] < ppl[n][0] for n in range(1, 7))          # train keeps improving
assert 3 <= best <= 5 and ppl[7][1] > ppl[best][1] + 1, ppl           # test turns around
assert ppl[1][1] < V and 25 <= V <= 32, (ppl[1], V)
assert abs(ppl[7][0] - 1.36) < 0.02 and abs(ppl[3][1] - 8.05) < 0.02 and abs(ppl[7][1] - 14.26) < 0.02, ppl
assert abs(np.exp(nll.mean()) - 11.2717) < 1e-3
