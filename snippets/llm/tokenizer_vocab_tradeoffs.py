"""A byte-level BPE tokenizer trained on English text (the descriptions bundled with scikit-learn's datasets):
its first merges, tokens per word as the vocabulary grows, the "tokenizer tax" it charges other languages,
and what the vocabulary size costs in embedding and output-layer parameters and FLOPs."""
import re
from collections import Counter

import matplotlib.pyplot as plt
from sklearn import datasets

train_text = "\n".join(f().DESCR for f in (datasets.load_iris, datasets.load_digits, datasets.load_wine,
                                            datasets.load_breast_cancer))
test_text = "\n".join(f().DESCR for f in (datasets.load_diabetes, datasets.load_linnerud))   # held out

# Pre-tokenize as GPT-2 does, in spirit: a word keeps its leading space, and merges never cross pieces.
PIECES = re.compile(r" ?[A-Za-z]+| ?[0-9]+| ?[^\sA-Za-z0-9]+|\s+")
piece_counts = Counter(tuple(p.encode("utf-8")) for p in PIECES.findall(train_text))


def pair_counts(vocab: dict) -> Counter:
    counts = Counter()
    for symbols, f in vocab.items():
        for pair in zip(symbols, symbols[1:]):
            counts[pair] += f
    return counts


def merge(symbols: tuple, pair: tuple, new: int) -> tuple:
    out, i = [], 0
    while i < len(symbols):
        if symbols[i:i + 2] == pair:
            out.append(new)
            i += 2
        else:
            out.append(symbols[i])
            i += 1
    return tuple(out)


# Training: the base vocabulary is the 256 byte values; each merge adds one token id, 256, 257, ...
token_bytes = {b: bytes([b]) for b in range(256)}
merges, vocab = [], dict(piece_counts)
while len(merges) < 900:
    counts = pair_counts(vocab)
    best = max(counts, key=lambda p: (counts[p], -p[0], -p[1]))       # most frequent; ties by smallest ids
    new = 256 + len(merges)
    merges.append(best)
    token_bytes[new] = token_bytes[best[0]] + token_bytes[best[1]]
    vocab = {merge(s, best, new): f for s, f in vocab.items()}


def show(t: int) -> str:
    return token_bytes[t].decode("utf-8", errors="replace").replace(" ", "_").replace("\n", "\\n")


def encode(text: str, n_merges: int) -> list[int]:
    """Apply the first n_merges merges to each piece, lowest rank first, as a trained BPE tokenizer does."""
    rank = {pair: k for k, pair in enumerate(merges[:n_merges])}
    ids = []
    for piece in PIECES.findall(text):
        symbols = tuple(piece.encode("utf-8"))
        while len(symbols) > 1:
            pair = min(zip(symbols, symbols[1:]), key=lambda p: rank.get(p, len(rank)))
            if pair not in rank:
                break
            symbols = merge(symbols, pair, 256 + rank[pair])
        ids.extend(symbols)
    return ids


print(f"training text: {len(train_text.encode()):,} bytes, {len(train_text.split()):,} words; "
      f"held out: {len(test_text.split()):,} words")
print("first 10 merges: " + ", ".join(f"{show(a)}+{show(b)}" for a, b in merges[:10]))
print("merges 400 to 405: " + ", ".join(show(256 + k) for k in range(400, 406)))

print()
print(f"{'vocabulary':>10} {'tokens/word, training':>22} {'held out':>9} {'bytes/token, held out':>22}")
sizes, per_word_train, per_word_test = [], [], []
for n_merges in (0, 50, 100, 200, 400, 900):
    tr = len(encode(train_text, n_merges)) / len(train_text.split())
    te_ids = encode(test_text, n_merges)
    te = len(te_ids) / len(test_text.split())
    sizes.append(256 + n_merges)
    per_word_train.append(tr)
    per_word_test.append(te)
    print(f"{256 + n_merges:>10} {tr:>22.2f} {te:>9.2f} {len(test_text.encode()) / len(te_ids):>22.2f}")

# The same sentence in six languages (translated for this example). UTF-8 spends 1 byte on an ASCII letter,
# 2 on Greek or Cyrillic, 3 on Devanagari or Chinese; English-trained merges shorten only what they saw.
sentences = {
    "English": "The weather is nice today and the children are playing in the park.",
    "German": "Heute haben wir schönes Wetter und die Kinder spielen im Park.",
    "Russian": "Сегодня хорошая погода, и дети играют в парке.",
    "Greek": "Ο καιρός είναι ωραίος σήμερα και τα παιδιά παίζουν στο πάρκο.",
    "Hindi": "आज मौसम अच्छा है और बच्चे पार्क में खेल रहे हैं।",
    "Chinese": "今天天气很好，孩子们在公园里玩。",
}
print()
print(f"{'language':>8} {'chars':>6} {'bytes = tokens at 256':>22} {f'tokens at {256 + len(merges):,}':>16} "
      f"{'x English':>10}")
eng = len(encode(sentences["English"], len(merges)))
tax = {}
for lang, s in sentences.items():
    n = len(encode(s, len(merges)))
    tax[lang] = n / eng
    print(f"{lang:>8} {len(s):>6} {len(s.encode()):>22} {n:>16} {n / eng:>10.1f}")

# What the vocabulary costs: an input table of V x d and, untied, an output matrix of d x V, whose matmul and
# softmax run for every token. Non-embedding parameters of a Llama-2-7B shape: 32 layers, d = 4096, SwiGLU 11008.
d, layers, ff = 4096, 32, 11008
n_body = layers * (4 * d * d + 3 * d * ff)
print()
print(f"d_model = {d:,}, non-embedding parameters {n_body / 1e9:.2f}B; input and untied output matrices:")
print(f"{'vocabulary':>10} {'input':>7} {'+ output':>9} {'share':>6} {'output FLOPs/token':>19} {'vs 2N':>6}")
for V in (32_000, 50_257, 128_000, 256_000):
    emb = V * d
    print(f"{V:>10,} {emb / 1e6:>6,.0f}M {2 * emb / 1e6:>8,.0f}M {2 * emb / (n_body + 2 * emb):>6.1%} "
          f"{2 * V * d / 1e9:>18.2f}G {2 * V * d / (2 * n_body):>6.1%}")
print(f"logits of a batch of 8 x 4,096 tokens at V = 128,000, float32: {8 * 4096 * 128_000 * 4 / 1e9:.1f} GB")
d_small, n_small = 768, 12 * 12 * 768 * 768             # a GPT-2-small-sized body: 12 layers of 12 d^2
print(f"d_model = {d_small}: 12 layers hold {n_small / 1e6:.0f}M; a 256,000-token table alone")
print(f"  holds {256_000 * d_small / 1e6:.0f}M, {256_000 * d_small / n_small:.1f} times the layers")

fig, ax = plt.subplots(figsize=(6.4, 3.6), num="Tokens per word against BPE vocabulary size, on the training text"
                       " and on held-out text")
ax.plot(sizes, per_word_train, marker="o", label="training text")
ax.plot(sizes, per_word_test, marker="s", label="held-out text")
ax.set_xlabel("vocabulary size (256 bytes + merges)")
ax.set_ylabel("tokens per word")
ax.set_ylim(bottom=0)
ax.legend()
fig.tight_layout()
plt.show()

assert len(merges) == 900 and all(len(token_bytes[256 + k]) >= 2 for k in range(900))
assert "".join(token_bytes[t].decode() for t in encode(test_text, 900)) == test_text   # lossless, no unknowns
assert per_word_test[0] > 5 and per_word_test[-1] < per_word_test[0] / 2 and per_word_train[-1] < per_word_test[-1]
assert tax["English"] == 1 and min(tax[k] for k in ("Russian", "Greek", "Hindi")) > 2.5
assert abs(per_word_test[-1] - 3.51) < 0.01 and abs(tax["Hindi"] - 4.0) < 0.05 and abs(tax["German"] - 1.16) < 0.02
