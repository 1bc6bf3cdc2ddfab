"""Beam search over a next-token model, with finished hypotheses and length normalisation."""

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
    beams = [((bos,), 0.0)]  # (sequence, sum of log-probabilities)
    finished = []
    while beams:
        candidates = []
        for sequence, total in beams:
            scores = log_probs(sequence)
            for token in np.argsort(-scores)[:beam_width]:  # only the best few can survive the cut
                candidates.append((sequence + (int(token),), total + float(scores[token])))
        candidates.sort(key=lambda c: -c[1])
        beams = []
        for sequence, total in candidates[:beam_width]:
            if sequence[-1] == eos or len(sequence) - 1 >= max_len:
                finished.append((sequence, total / (len(sequence) - 1) ** length_penalty))
            else:
                beams.append((sequence, total))
    finished.sort(key=lambda f: -f[1])
    return finished[:beam_width]
