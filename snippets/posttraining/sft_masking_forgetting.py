"""Supervised fine-tuning in miniature. (1) A packed batch of three chat examples: which tokens the
loss counts with and without masking the prompt, and what a character-bigram model's mean loss is
each way. (2) Catastrophic forgetting: a network trained on digits 0-4 is fine-tuned on digits 5-9,
with and without replaying some of the old data."""
import copy

import numpy as np
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier

# --- (1) chat template, loss mask and packing --------------------------------------------------
chats = [("what is 7 times 6?", "42."), ("name a prime above 10.", "11 is prime."),
         ("translate 'chat' from french.", "cat.")]
SPECIAL = ["<user>", "<assistant>", "<end>"]
corpus = "".join(r for _, r in chats) * 3 + "the answer is 42. 13 is prime. the cat sat."
chars = sorted(set(corpus + "".join(p for p, _ in chats)))
vocab = SPECIAL + chars
idx = {t: i for i, t in enumerate(vocab)}
counts = np.ones((len(vocab), len(vocab)))                      # add-one smoothed character bigrams,
for a, b in zip(corpus, corpus[1:]):                             # fitted on assistant-style text
    counts[idx[a], idx[b]] += 1
logp = np.log(counts / counts.sum(axis=1, keepdims=True))

tokens, is_response, seq_id = [], [], []
for s, (prompt, reply) in enumerate(chats):                       # render each chat with the template
    parts = [(["<user>"] + list(prompt) + ["<end>", "<assistant>"], False), (list(reply) + ["<end>"], True)]
    for toks, resp in parts:
        tokens += toks
        is_response += [resp] * len(toks)
        seq_id += [s] * len(toks)
ids, is_response, seq_id = np.array([idx[t] for t in tokens]), np.array(is_response), np.array(seq_id)
positions = np.concatenate([np.arange((seq_id == s).sum()) for s in range(len(chats))])   # reset per example

# Predict token t+1 from token t, never across an example boundary (the block-diagonal mask).
same_seq = seq_id[1:] == seq_id[:-1]
nll = -logp[ids[:-1], ids[1:]]
target_is_response = is_response[1:] & same_seq
starts = np.flatnonzero(np.diff(seq_id, prepend=-1))
print("chat 0 as the model sees it: " + "".join(tokens[: starts[1]]))
print("loss mask of chat 0:         " + "".join("1" if r else "0" for r in is_response[: starts[1]]))
print(f"packed row: {len(ids)} tokens from {len(chats)} chats; position ids at their starts: "
      f"{positions[starts].tolist()}")
print(f"predictions inside an example: {same_seq.sum()}, of them response tokens: {target_is_response.sum()}")
print(f"mean loss over all predicted tokens:  {nll[same_seq].mean():.2f} nats")
print(f"mean loss over response tokens only:  {nll[target_is_response].mean():.2f} nats")
per_chat = [nll[target_is_response & (seq_id[1:] == s)].mean() for s in range(len(chats))]
print(f"mean of per-chat response means:      {np.mean(per_chat):.2f} nats (short replies weigh more)")
n = len(ids)
causal = np.tril(np.ones((n, n), dtype=bool))
block = causal & (seq_id[:, None] == seq_id[None, :])
print(f"attention pairs, plain causal mask: {causal.sum()}; block-diagonal: {block.sum()}")
print(f"pairs that would look into another chat: {causal.sum() - block.sum()}")

# --- (2) catastrophic forgetting and replay ------------------------------------------------------
X, y = load_digits(return_X_y=True)
X = X / 16.0
Xtr, Xte, ytr, yte = train_test_split(X, y, test_size=0.3, random_state=0, stratify=y)
a_tr, b_tr, a_te, b_te = ytr < 5, ytr >= 5, yte < 5, yte >= 5


def train(clf, Xs, ys, epochs, rng):
    for _ in range(epochs):
        order = rng.permutation(len(ys))
        for chunk in np.array_split(order, max(1, len(ys) // 32)):
            clf.partial_fit(Xs[chunk], ys[chunk], classes=np.arange(10))


print("\nfine-tune on digits 5-9 after training on 0-4 (test accuracy)")
print(f"{'fine-tuning data':<32}{'task A (0-4)':>13}{'task B (5-9)':>13}")
results = {}
base = MLPClassifier(hidden_layer_sizes=(64,), learning_rate_init=1e-3, random_state=0)
train(base, Xtr[a_tr], ytr[a_tr], 20, np.random.default_rng(0))
before = base.score(Xte[a_te], yte[a_te])
print(f"{'(before fine-tuning)':<32}{before:>13.3f}{base.score(Xte[b_te], yte[b_te]):>13.3f}")
for replay in (0.0, 0.05, 0.2):
    rng = np.random.default_rng(1)
    clf = copy.deepcopy(base)                                    # the same model, fine-tuned three ways
    keep = rng.choice(np.flatnonzero(a_tr), size=int(replay * a_tr.sum()), replace=False)
    Xs, ys = np.vstack([Xtr[b_tr], Xtr[keep]]), np.concatenate([ytr[b_tr], ytr[keep]])
    train(clf, Xs, ys, 20, rng)
    results[replay] = (clf.score(Xte[a_te], yte[a_te]), clf.score(Xte[b_te], yte[b_te]))
    label = "5-9 only" if replay == 0 else f"5-9 + {len(keep)} replayed 0-4 ({replay:.0%})"
    print(f"{label:<32}{results[replay][0]:>13.3f}{results[replay][1]:>13.3f}")

assert results[0.0][0] < 0.3 < 0.9 < before                     # plain fine-tuning forgets task A
assert results[0.05][0] > 0.6 and results[0.2][0] > 0.85        # a little replay keeps much of it
