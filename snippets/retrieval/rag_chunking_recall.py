"""Evaluate the retrieval half of a RAG pipeline: chunk a synthetic corpus at several sizes, retrieve with TF-IDF,
and measure whether the sentence that answers each question reaches the prompt (recall@k, MRR) when the prompt
holds a fixed budget of 400 words. Then: where the evidence lands in the prompt, and the cost of long context."""
import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

rng = np.random.default_rng(0)
V, n_docs, sents_per_doc = 3000, 100, 40
p_word = 1.0 / np.arange(1, V + 1)                  # Zipf-like vocabulary: a few common words, many rare ones
p_word /= p_word.sum()

# The corpus: 100 documents of 40 sentences; each sentence 8-16 words. Word positions are global.
words, sentences = [], []                           # sentences: (start, end) word spans
for d in range(n_docs):
    for _ in range(sents_per_doc):
        n = int(rng.integers(8, 17))
        sentences.append((len(words), len(words) + n))
        words += [f"w{i}" for i in rng.choice(V, n, p=p_word)]
words = np.array(words)

# 300 questions, each answered by one sentence: 4 of its words plus 2 unrelated words (a loose paraphrase).
targets = rng.choice(len(sentences), 300, replace=False)
questions = []
for t in targets:
    a, b = sentences[t]
    own = rng.choice(words[a:b], 4, replace=False)
    questions.append(" ".join(list(own) + [f"w{i}" for i in rng.choice(V, 2, p=p_word)]))


def chunk(size, overlap):
    """Fixed windows of `size` words, each starting `size - overlap` words after the previous one."""
    starts = np.arange(0, len(words) - overlap, size - overlap)
    return starts, np.minimum(starts + size, len(words))


def evaluate(size, overlap, budget=400):
    starts, ends = chunk(size, overlap)
    texts = [" ".join(words[s:e]) for s, e in zip(starts, ends)]
    vec = TfidfVectorizer(token_pattern=r"w\d+", sublinear_tf=True).fit(texts)
    scores = (vec.transform(questions) @ vec.transform(texts).T).toarray()
    order = np.argsort(-scores, axis=1, kind="stable")
    k = budget // size                                                # chunks that fit the prompt budget
    first, cut = [], 0
    for q, t in enumerate(targets):
        a, b = sentences[t]
        holds = (starts <= a) & (ends >= b)                           # chunks holding the whole sentence
        cut += not holds.any()
        hit = np.flatnonzero(holds[order[q]])
        first.append(hit[0] + 1 if len(hit) else np.inf)              # rank of the first answering chunk
    first = np.array(first)
    return len(texts), cut / len(targets), k, np.mean(first <= 1), np.mean(first <= k), np.mean(1 / first), first


print(f"corpus: {len(words):,} words in {len(sentences):,} sentences; 300 questions; prompt budget 400 words")
print(f"{'chunk':>5} {'overlap':>7} {'chunks':>6} {'cut':>5} {'k':>3} {'recall@1':>8} {'recall@k':>8} {'MRR':>5}")
res = {}
for size, overlap in [(10, 0), (25, 0), (50, 0), (100, 0), (200, 0), (400, 0), (25, 12), (50, 16), (100, 16)]:
    n, cut, k, r1, rk, mrr, first = evaluate(size, overlap)
    res[size, overlap] = (cut, r1, rk, first)
    print(f"{size:5d} {overlap:7d} {n:6,d} {cut:5.2f} {k:3d} {r1:8.2f} {rk:8.2f} {mrr:5.2f}")

assert res[10, 0][0] > 0.5 and res[50, 16][0] == 0 and res[400, 0][2] < res[50, 16][2]
best = max(res, key=lambda c: res[c][2])
print(f"best recall@k in this budget: chunks of {best[0]} words, overlap {best[1]}: {res[best][2]:.2f}")

# Where the answering chunk lands in a prompt of the top 8 chunks of 50 words (overlap 16).
first = res[50, 16][3]
found = first[first <= 8].astype(int)
edges = np.array([1, 8, 2, 7, 3, 6, 4, 5])           # best chunk first, second best last, and so on inwards
print(f"\nprompt of 8 chunks, answer found for {len(found)} of 300 questions; the answering chunk sits")
for name, slot in (("in score order", found), ("best at both ends", edges[found - 1])):
    share = [np.mean(slot == 1), np.mean((slot > 1) & (slot < 8)), np.mean(slot == 8)]
    print(f"  {name:<18}: first {share[0]:.2f}, middle (2-7) {share[1]:.2f}, last {share[2]:.2f}")

print(f"\nlong context instead: the whole corpus in every prompt is {len(words):,} words, "
      f"{len(words) / 400:.0f}x the 400-word retrieved prompt, paid again for every question")
