"""Tests for the KV-cache exercise."""

import numpy as np


def make_params(seed=0, vocab=11, d=8, max_len=32):
    rng = np.random.default_rng(seed)
    params = {name: rng.normal(scale=1 / np.sqrt(d), size=(d, d)) for name in ("wq", "wk", "wv", "wo")}
    params.update(embed=rng.normal(size=(vocab, d)), pos=rng.normal(scale=0.5, size=(max_len, d)),
                  unembed=rng.normal(size=(d, vocab)))
    return params


def test_forward_shape_and_causality(impl):
    params = make_params()
    logits = impl.forward(params, [1, 2, 3, 4])
    assert logits.shape == (4, 11)
    changed = impl.forward(params, [1, 2, 3, 9])
    np.testing.assert_allclose(changed[:3], logits[:3], atol=1e-12)  # the past does not see the future
    assert not np.allclose(changed[3], logits[3])


def test_forward_of_one_token_attends_only_to_itself(impl):
    params = make_params()
    h = params["embed"][5] + params["pos"][0]
    expected = (h + h @ params["wv"] @ params["wo"]) @ params["unembed"]
    np.testing.assert_allclose(impl.forward(params, [5])[0], expected, atol=1e-12)


def test_each_cached_step_equals_the_full_forward(impl):
    params = make_params(seed=1)
    tokens = [3, 1, 4, 1, 5, 9, 2, 6]
    full = impl.forward(params, tokens)
    cache = {}
    for position, token in enumerate(tokens):
        np.testing.assert_allclose(impl.decode_step(params, token, cache), full[position], atol=1e-10)


def test_the_cache_grows_by_one_key_and_value_per_token(impl):
    params = make_params()
    cache = {}
    for step, token in enumerate([1, 2, 3]):
        impl.decode_step(params, token, cache)
        assert cache["k"].shape == (step + 1, 8) and cache["v"].shape == (step + 1, 8)


def test_cached_and_uncached_generation_agree(impl):
    for seed in range(3):
        params = make_params(seed=seed)
        cached = impl.generate(params, [2, 7, 1], 12, use_cache=True)
        assert len(cached) == 15 and cached[:3] == [2, 7, 1]
        assert cached == impl.generate(params, [2, 7, 1], 12, use_cache=False)


def test_a_one_token_prompt_works(impl):
    params = make_params(seed=4)
    assert impl.generate(params, [0], 5) == impl.generate(params, [0], 5, use_cache=False)
