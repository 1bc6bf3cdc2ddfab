"""A minimal byte-pair-encoding (BPE) learner in the style of Sennrich et al. (2016) on a built-in toy
corpus: the learned merges, and how seen and unseen words are split into subword units."""
from collections import Counter

corpus = """
the new phone is faster than the old phone and the newest phone is the fastest
a smaller car is slower and the smallest car is the slowest of all the cars
low prices are lower today and the lowest prices are on the newest phones
the older buyers want faster phones and wider screens at lower prices
the widest screens are on the newest and fastest phones
small phones are slow but new phones are fast and wide
"""
EOW = "</w>"                                             # end-of-word marker, as in the paper
word_freq = Counter(corpus.split())
vocab = {tuple(w) + (EOW,): f for w, f in word_freq.items()}   # each word as a tuple of symbols


def pair_counts(vocab: dict) -> Counter:
    counts = Counter()
    for symbols, f in vocab.items():
        for pair in zip(symbols, symbols[1:]):
            counts[pair] += f
    return counts


def merge(symbols: tuple, pair: tuple) -> tuple:
    out, i = [], 0
    while i < len(symbols):
        if symbols[i:i + 2] == pair:
            out.append(symbols[i] + symbols[i + 1])
            i += 2
        else:
            out.append(symbols[i])
            i += 1
    return tuple(out)


merges = []
for _ in range(40):                                      # the number of merges is the hyperparameter
    counts = pair_counts(vocab)
    best = max(counts, key=lambda p: (counts[p], [-ord(c) for c in "".join(p)]))  # ties: deterministic
    merges.append((best, counts[best]))
    vocab = {merge(s, best): f for s, f in vocab.items()}

print(f"{sum(word_freq.values())} words, {len(word_freq)} distinct; first 12 of {len(merges)} merges:")
for k, ((a, b), c) in enumerate(merges[:12], 1):
    print(f"  {k:2d}. {a:>6} + {b:<6} -> {a + b:<9} ({c} occurrences)")
chars = sorted({c for w in word_freq for c in w})
print(f"vocabulary: {len(chars)} characters + end marker + {len(merges)} merges = {len(chars) + 1 + len(merges)} symbols")


def tokenize(word: str) -> list[str]:
    """Apply the learned merges, in the order they were learned."""
    symbols = tuple(word) + (EOW,)
    for pair, _ in merges:
        symbols = merge(symbols, pair)
    return list(symbols)


print("tokenizations:")
for word in ["the", "newest", "lowest", "slowest", "wider", "newer", "oldest", "slowly", "zebra"]:
    status = "seen  " if word in word_freq else "unseen"
    toks = tokenize(word)
    unknown = [t for t in toks if not set(t.replace(EOW, "")) <= set(chars)]
    note = "  <- characters never seen: " + " ".join(unknown) if unknown else ""
    print(f"  {status} {word:>9}: {' '.join(toks):<24}{note}".rstrip())

assert tokenize("newest") == ["newest</w>"] and tokenize("lowest") == ["low", "est</w>"]
assert "newer" not in word_freq and tokenize("newer") == ["new", "er</w>"]   # unseen, still 2 units
assert tokenize("oldest") == ["o", "l", "d", "est</w>"] and "z" not in chars  # z: needs a fallback
assert len(chars) == 19 and [m[0] for m in merges].index(("es", "t</w>")) == 7
assert tokenize("wider") == ["wid", "er</w>"] and sum(word_freq.values()) == 79
