"""Beam search over a next-token model, with finished hypotheses and length normalisation.

Use NumPy only. Run the tests with: make exercise NAME=beam_search
"""

from collections.abc import Callable

import numpy as np


def beam_search(log_probs: Callable[[tuple[int, ...]], np.ndarray], bos: int, eos: int, beam_width: int,
                max_len: int, length_penalty: float = 0.0) -> list[tuple[tuple[int, ...], float]]:
    """Return up to ``beam_width`` (sequence, score) pairs, best first.

    ``log_probs(prefix)`` gives the log-probabilities of the next token after ``prefix`` (which starts
    with ``bos``). A hypothesis is finished when it emits ``eos`` or has ``max_len`` tokens after ``bos``.
    Its score is the sum of its log-probabilities divided by ``length ** length_penalty``, where length
    counts the tokens after ``bos`` (``eos`` included). Keep the ``beam_width`` best unfinished
    hypotheses at each step; stop when none is left.
    """
    raise NotImplementedError("write beam_search")
