"""One sentence, three pretraining objectives: causal LM (GPT), masked LM with 80/10/10 replacement (BERT)
and span corruption with sentinel tokens (T5); what the model sees and what it must predict."""
import numpy as np

rng = np.random.default_rng(0)
tokens = ("the quick brown fox jumps over the lazy dog while the small cat watches from the warm "
          "window and waits for dinner because the old farmer forgot to fill its bowl this morning").split()
n = len(tokens)
print(f"{n} tokens: {' '.join(tokens)}\n")

# Causal LM: input is the sequence, target is the same sequence shifted left by one.
print("causal LM  input :", " ".join(tokens[:6]), "...")
print("           target:", " ".join(tokens[1:7]), "...")
print(f"           positions with a loss: {n - 1} of {n}\n")

# Masked LM: choose 15% of positions; of those 80% -> [MASK], 10% -> random token, 10% -> unchanged.
chosen = np.sort(rng.choice(n, size=round(0.15 * n), replace=False))
vocab = sorted(set(tokens))
corrupted = list(tokens)
for i in chosen:
    r = rng.random()
    corrupted[i] = "[MASK]" if r < 0.8 else (str(rng.choice(vocab)) if r < 0.9 else tokens[i])
print("masked LM  input :", " ".join(corrupted))
print("           target:", ", ".join(f"{i}:{tokens[i]}" for i in chosen))
print(f"           positions with a loss: {len(chosen)} of {n}\n")

# Span corruption: drop about 15% of tokens in spans of mean length 3, each span -> one sentinel.
n_noise = round(0.15 * n)
n_spans = max(1, round(n_noise / 3))


def split(total: int, parts: int) -> list[int]:
    """Random positive integers that sum to total."""
    cuts = np.sort(rng.choice(np.arange(1, total), parts - 1, replace=False))
    return np.diff(np.concatenate([[0], cuts, [total]])).tolist()


noise_lens, keep_lens = split(n_noise, n_spans), split(n - n_noise, n_spans + 1)
inp, tgt, pos = [], [], 0
for s, (keep, drop) in enumerate(zip(keep_lens, noise_lens)):
    inp += tokens[pos:pos + keep] + [f"<X{s}>"]
    tgt += [f"<X{s}>"] + tokens[pos + keep:pos + keep + drop]
    pos += keep + drop
inp += tokens[pos:]
pos += keep_lens[-1]
tgt.append(f"<X{n_spans}>")
print("span corr. input :", " ".join(inp))
print("           target:", " ".join(tgt))
print(f"           input length {len(inp)}, target length {len(tgt)}: {n_noise} tokens to predict, "
      f"{n_spans + 1} sentinels")

assert len(chosen) == n_noise == 5 and n_spans == 2
assert sum(noise_lens) == n_noise and pos == n and len(tgt) == n_noise + n_spans + 1
assert [corrupted[i] for i in chosen].count("[MASK]") == 3 and corrupted[8] == "dog" and corrupted[24] == "old"
assert n == 33 and len(inp) == 30 and len(tgt) == 8 and sorted(noise_lens) == [1, 4]
