"""Tests for the beam search exercise."""

import itertools

import numpy as np

BOS, EOS = 0, 1


def table_model(table):
    """A model given as {prefix: probabilities of the next token}; unknown prefixes end the sequence."""
    def log_probs(prefix):
        probs = table.get(prefix, [0.0, 1.0, 0.0, 0.0])
        with np.errstate(divide="ignore"):
            return np.log(np.asarray(probs, dtype=float))
    return log_probs


# Greedy takes token 2 first (0.5), but the best sequence starts with token 3 (0.4 * 0.9).
TRAP = table_model({
    (0,): [0.0, 0.1, 0.5, 0.4],
    (0, 2): [0.0, 0.4, 0.3, 0.3],
    (0, 3): [0.0, 0.9, 0.05, 0.05],
})


def test_width_one_is_greedy(impl):
    results = impl.beam_search(TRAP, BOS, EOS, beam_width=1, max_len=2)
    assert results[0][0] == (0, 2, 1)
    assert abs(results[0][1] - np.log(0.5 * 0.4)) < 1e-12


def test_a_wider_beam_finds_what_greedy_misses(impl):
    results = impl.beam_search(TRAP, BOS, EOS, beam_width=2, max_len=2)
    assert results[0][0] == (0, 3, 1)
    assert abs(results[0][1] - np.log(0.4 * 0.9)) < 1e-12
    assert [score for _, score in results] == sorted((score for _, score in results), reverse=True)


def test_matches_exhaustive_search_on_a_random_model(impl):
    rng = np.random.default_rng(0)
    vocab, max_len = 4, 3
    table = {}
    for length in range(max_len):
        for tail in itertools.product(range(2, vocab), repeat=length):
            probs = rng.dirichlet(np.ones(vocab - 1))
            table[(0, *tail)] = [0.0, *probs]
    model = table_model(table)

    def score(sequence):
        return sum(model(sequence[:i])[sequence[i]] for i in range(1, len(sequence)))

    complete = []
    for length in range(1, max_len + 1):
        for body in itertools.product(range(1, vocab), repeat=length):
            if EOS not in body[:-1] and (body[-1] == EOS or length == max_len):
                complete.append((0, *body))
    best = max(complete, key=score)
    results = impl.beam_search(model, BOS, EOS, beam_width=50, max_len=max_len)
    assert results[0][0] == best
    assert abs(results[0][1] - score(best)) < 1e-12


def test_finished_hypotheses_are_kept_while_others_continue(impl):
    model = table_model({(0,): [0.0, 0.6, 0.4, 0.0], (0, 2): [0.0, 0.5, 0.5, 0.0], (0, 2, 2): [0.0, 1.0, 0.0, 0.0]})
    results = impl.beam_search(model, BOS, EOS, beam_width=2, max_len=5)
    sequences = [sequence for sequence, _ in results]
    assert sequences[0] == (0, 1)  # finished at the first step with 0.6, still the best
    assert len(results) == 2


def test_max_len_ends_hypotheses_without_eos(impl):
    model = table_model({(0,): [0.0, 0.0, 1.0, 0.0], (0, 2): [0.0, 0.0, 1.0, 0.0]})
    results = impl.beam_search(model, BOS, EOS, beam_width=1, max_len=2)
    assert results[0][0] == (0, 2, 2)


def test_length_penalty_divides_by_length(impl):
    model = table_model({(0,): [0.0, 0.5, 0.5, 0.0], (0, 2): [0.0, 0.1, 0.9, 0.0], (0, 2, 2): [0.0, 1.0, 0.0, 0.0]})
    raw = impl.beam_search(model, BOS, EOS, beam_width=3, max_len=5)
    assert raw[0][0] == (0, 1)  # 0.5 beats 0.45: summed log-probabilities favour short outputs
    normalised = impl.beam_search(model, BOS, EOS, beam_width=3, max_len=5, length_penalty=1.0)
    assert normalised[0][0] == (0, 2, 2, 1)
    assert abs(dict(normalised)[(0, 2, 2, 1)] - np.log(0.45) / 3) < 1e-12
