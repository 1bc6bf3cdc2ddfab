"""Lexical (BM25, written in NumPy), dense (an LSA embedding standing in for a bi-encoder) and hybrid
(reciprocal rank fusion) retrieval over a small support-ticket corpus, scored on two kinds of queries:
exact rare identifiers and paraphrases that share only one word with their ticket."""
from itertools import combinations

import numpy as np
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer

rng = np.random.default_rng(0)
TOPICS = {  # each topic has six interchangeable words: writers pick different ones for the same thing
    "billing": ["invoice", "charge", "payment", "refund", "fee", "billing"],
    "login": ["login", "password", "credential", "signin", "authentication", "account"],
    "network": ["network", "timeout", "latency", "connection", "packet", "bandwidth"],
    "storage": ["disk", "storage", "volume", "quota", "backup", "snapshot"],
    "email": ["email", "mailbox", "inbox", "attachment", "spam", "message"],
    "printer": ["printer", "toner", "scanner", "paper", "print", "tray"],
    "laptop": ["laptop", "battery", "screen", "keyboard", "charger", "trackpad"],
    "vpn": ["vpn", "tunnel", "gateway", "remote", "firewall", "proxy"],
    "calendar": ["calendar", "meeting", "invite", "schedule", "room", "booking"],
    "database": ["database", "query", "table", "index", "replica", "schema"],
}
FILLER = "the user reports that it fails with an error again after the update and asks for help today".split()
names = list(TOPICS)


def text(topic_words, n_filler):
    words = [w for ws in topic_words for w in ws] + list(rng.choice(FILLER, n_filler))
    return " ".join(rng.permutation(words))


# The corpus to search: one ticket per pair of topics (45 tickets), each with a unique error code, 3 of the
# 6 words of each of its two topics, and filler. An identifier query names the code and one topic word; a
# paraphrase query shares one word with its ticket and takes three from the words the ticket did not use.
docs, queries_id, queries_para = [], [], []
for i, (a, b) in enumerate(combinations(names, 2)):
    pick = {t: rng.permutation(6) for t in (a, b)}
    used = [[TOPICS[t][j] for j in pick[t][:3]] for t in (a, b)]
    unused = [[TOPICS[t][j] for j in pick[t][3:]] for t in (a, b)]
    code = f"e-{4000 + 37 * i}"
    docs.append(f"error {code} " + text(used, int(rng.integers(4, 12))))
    queries_id.append(f"{rng.choice(TOPICS[a])} fails with error {code}")
    queries_para.append(" ".join(unused[0][:2] + unused[1][:1] + used[1][:1]))
print(f"{len(docs)} tickets; one ticket: {docs[0]!r}")
print(f"  its identifier query: {queries_id[0]!r}\n  its paraphrase query: {queries_para[0]!r}")

# --- BM25 (Robertson & Zaragoza, 2009), with Lucene's non-negative idf ---
token = r"[a-z]+(?:-\d+)?"
counts = CountVectorizer(token_pattern=token).fit(docs)
tf = counts.transform(docs).toarray().astype(float)               # (documents, terms)
N, doc_len = len(docs), tf.sum(1)
df = (tf > 0).sum(0)
idf = np.log(1 + (N - df + 0.5) / (df + 0.5))
k1, b = 1.2, 0.75
tf_part = tf * (k1 + 1) / (tf + k1 * (1 - b + b * doc_len[:, None] / doc_len.mean()))


def bm25_scores(query):
    q = counts.transform([query]).toarray()[0] > 0                  # query terms, each counted once
    return tf_part[:, q] @ idf[q]


# --- Dense stand-in: TF-IDF + truncated SVD (LSA) fitted on *other* tickets of the same topics, as an
# embedding model is trained on other text: it learns that topic words go together, never sees the codes.
train = [text([rng.choice(TOPICS[t], 3, replace=False) for t in rng.choice(names, 2, replace=False)], 6)
         for _ in range(2000)]
tfidf = TfidfVectorizer(token_pattern=token, sublinear_tf=True).fit(train)
svd = TruncatedSVD(n_components=10, random_state=0).fit(tfidf.transform(train))


def embed(texts):
    e = svd.transform(tfidf.transform(texts))
    return e / np.maximum(np.linalg.norm(e, axis=1, keepdims=True), 1e-12)


doc_emb = embed(docs)
unknown = sorted({w for d in docs for w in d.split()} - set(tfidf.vocabulary_))
print(f"\nwords of the corpus the embedding model never saw: {len(unknown)} (all error codes: "
      f"{all(w.startswith('e-') for w in unknown)})")


def ranking(scores):
    return np.lexsort((np.arange(len(scores)), -scores))           # best first, ties by ticket number


def rrf(rankings, k=60):
    """Reciprocal rank fusion (Cormack et al., 2009): sum of 1 / (k + rank) over the lists, ranks from 1."""
    fused = np.zeros(N)
    for r in rankings:
        fused[r] += 1.0 / (k + np.arange(1, N + 1))
    return ranking(fused)


def evaluate(queries):
    ranks = {"BM25": [], "dense": [], "hybrid (RRF)": []}
    q_emb = embed(queries)
    for target, (q, qe) in enumerate(zip(queries, q_emb)):
        lex, den = ranking(bm25_scores(q)), ranking(doc_emb @ qe)
        for name, r in (("BM25", lex), ("dense", den), ("hybrid (RRF)", rrf([lex, den]))):
            ranks[name].append(int(np.flatnonzero(r == target)[0]) + 1)
    return {name: np.array(r) for name, r in ranks.items()}


print(f"\n{'queries':<12} {'retriever':<13} {'recall@1':>8} {'recall@5':>8} {'MRR':>6}")
results = {}
for label, queries in (("identifier", queries_id), ("paraphrase", queries_para)):
    for name, r in evaluate(queries).items():
        results[label, name] = (np.mean(r <= 1), np.mean(r <= 5), np.mean(1 / r))
        print(f"{label:<12} {name:<13} {np.mean(r <= 1):8.2f} {np.mean(r <= 5):8.2f} {np.mean(1 / r):6.2f}")
for name in ("BM25", "dense", "hybrid (RRF)"):
    both = [(results["identifier", name][i] + results["paraphrase", name][i]) / 2 for i in range(3)]
    print(f"{'both':<12} {name:<13} {both[0]:8.2f} {both[1]:8.2f} {both[2]:6.2f}")

assert results["identifier", "BM25"][1] > 0.95 and results["identifier", "dense"][1] < 0.8   # exact codes: BM25
assert results["paraphrase", "dense"][1] > 0.95 and results["paraphrase", "BM25"][1] < 0.3  # paraphrases: dense
assert min(results[q, "hybrid (RRF)"][1] for q in ("identifier", "paraphrase")) > 0.85      # fusion: both
