"""Byte-pair encoding: learn merges from word counts, then tokenize a word with them.

A word is a tuple of symbols, starting as its characters. Use plain Python.
Run the tests with: make exercise NAME=bpe
"""


def pair_counts(words: dict[tuple[str, ...], int]) -> dict[tuple[str, str], int]:
    """How often each pair of adjacent symbols occurs, weighted by the word counts."""
    raise NotImplementedError("write pair_counts")


def merge_pair(word: tuple[str, ...], pair: tuple[str, str]) -> tuple[str, ...]:
    """Replace every non-overlapping occurrence of ``pair`` in ``word``, left to right, by one symbol."""
    raise NotImplementedError("write merge_pair")


def train_bpe(word_counts: dict[str, int], num_merges: int) -> list[tuple[str, str]]:
    """Learn up to ``num_merges`` merges, most frequent pair first.

    Ties go to the pair that sorts first (Python tuple order), so training is deterministic.
    Stop early when no pair is left.
    """
    raise NotImplementedError("write train_bpe")


def encode(word: str, merges: list[tuple[str, str]]) -> list[str]:
    """Tokenize ``word``: start from its characters and apply the merges in the order they were learned."""
    raise NotImplementedError("write encode")
