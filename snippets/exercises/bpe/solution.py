"""Byte-pair encoding: learn merges from word counts, then tokenize a word with them."""

from collections import Counter


def pair_counts(words: dict[tuple[str, ...], int]) -> dict[tuple[str, str], int]:
    """How often each pair of adjacent symbols occurs, weighted by the word counts."""
    counts: Counter = Counter()
    for word, count in words.items():
        for pair in zip(word, word[1:]):
            counts[pair] += count
    return dict(counts)


def merge_pair(word: tuple[str, ...], pair: tuple[str, str]) -> tuple[str, ...]:
    """Replace every non-overlapping occurrence of ``pair`` in ``word``, left to right, by one symbol."""
    merged, i = [], 0
    while i < len(word):
        if i + 1 < len(word) and (word[i], word[i + 1]) == pair:
            merged.append(word[i] + word[i + 1])
            i += 2
        else:
            merged.append(word[i])
            i += 1
    return tuple(merged)


def train_bpe(word_counts: dict[str, int], num_merges: int) -> list[tuple[str, str]]:
    """Learn up to ``num_merges`` merges, most frequent pair first.

    Ties go to the pair that sorts first (Python tuple order), so training is deterministic.
    Stop early when no pair is left.
    """
    words = {tuple(word): count for word, count in word_counts.items()}
    merges = []
    for _ in range(num_merges):
        counts = pair_counts(words)
        if not counts:
            break
        best = min(counts, key=lambda pair: (-counts[pair], pair))
        merges.append(best)
        words = {merge_pair(word, best): count for word, count in words.items()}
    return merges


def encode(word: str, merges: list[tuple[str, str]]) -> list[str]:
    """Tokenize ``word``: start from its characters and apply the merges in the order they were learned."""
    symbols = tuple(word)
    for pair in merges:
        symbols = merge_pair(symbols, pair)
    return list(symbols)
