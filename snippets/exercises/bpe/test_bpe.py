"""Tests for the byte-pair encoding exercise."""

CORPUS = {"low": 5, "lower": 2, "newest": 6, "widest": 3}


def test_pair_counts_are_weighted_by_word_counts(impl):
    counts = impl.pair_counts({("l", "o", "w"): 5, ("l", "o", "w", "e", "r"): 2})
    assert counts == {("l", "o"): 7, ("o", "w"): 7, ("w", "e"): 2, ("e", "r"): 2}


def test_merge_pair_is_left_to_right_and_non_overlapping(impl):
    assert impl.merge_pair(("a", "a", "a"), ("a", "a")) == ("aa", "a")
    assert impl.merge_pair(("a", "a", "a", "a"), ("a", "a")) == ("aa", "aa")
    assert impl.merge_pair(("x", "y"), ("a", "b")) == ("x", "y")


def test_training_learns_the_most_frequent_pairs_in_order(impl):
    merges = impl.train_bpe(CORPUS, 4)
    # es (9) and st (9) tie: ('e', 's') sorts first; then est, then lo (7) beats ow (7) by order
    assert merges == [("e", "s"), ("es", "t"), ("l", "o"), ("lo", "w")]


def test_training_stops_when_no_pair_is_left(impl):
    merges = impl.train_bpe({"ab": 1}, 10)
    assert merges == [("a", "b")]
    assert impl.train_bpe({"a": 3}, 5) == []


def test_encode_applies_merges_in_learned_order(impl):
    merges = impl.train_bpe(CORPUS, 10)
    assert impl.encode("lowest", merges) == ["low", "est"]
    assert impl.encode("newest", merges) == ["newest"]


def test_unseen_characters_stay_single_symbols(impl):
    merges = impl.train_bpe(CORPUS, 10)
    assert impl.encode("zoo", merges) == ["z", "o", "o"]
    assert "".join(impl.encode("slowest", merges)) == "slowest"  # encoding never loses a character


def test_order_matters(impl):
    # with ('b', 'c') learned first, 'abc' cannot use ('a', 'b')
    assert impl.encode("abc", [("b", "c"), ("a", "b")]) == ["a", "bc"]
    assert impl.encode("abc", [("a", "b"), ("b", "c")]) == ["ab", "c"]
