"""Capacity plan for a retrieval-augmented assistant over 2 million internal documents."""

import math

# The corpus and the chunking, from the requirements.
documents, tokens_per_doc = 2_000_000, 2_500
chunk, overlap = 512, 64
dims = 1024  # embedding width
embedder_params = 335e6  # a BERT-large-sized embedding model
# The hardware: 989 dense bf16 TFLOP/s per accelerator, of which 40% is assumed reached.
useful_flops = 0.40 * 989e12

corpus_tokens = documents * tokens_per_doc
chunks = math.ceil(corpus_tokens / (chunk - overlap))
print(f"Corpus: {documents:,} documents x {tokens_per_doc:,} tokens = {corpus_tokens / 1e9:.1f} B tokens")
print(f"Chunks of {chunk} tokens overlapping by {overlap}: {chunks / 1e6:.1f} M chunks")

for name, nbytes in [("float32", 4 * dims), ("float16", 2 * dims), ("PQ, 64 sub-vectors x 8 bits", 64)]:
    print(f"  index vectors, {name}: {nbytes:,} bytes each -> {chunks * nbytes / 1e9:.1f} GB")

embed_flops = 2 * embedder_params * chunks * chunk  # each chunk's tokens, overlap included
print(f"Embedding the corpus once: 2 x {embedder_params / 1e6:.0f} M x {chunks * chunk / 1e9:.2f} B tokens"
      f" = {embed_flops:.2e} FLOPs = {embed_flops / useful_flops / 3600:.1f} accelerator-hours")
churn = 0.01  # share of documents changed per day
print(f"  re-embedding {churn:.0%} of documents a day: {churn * embed_flops / useful_flops / 60:.0f} accelerator-minutes")

# One query: retrieve 100 candidates, re-rank them with a cross-encoder, keep the best 8 chunks.
candidates, kept, question, instructions = 100, 8, 50, 400
rerank_flops = 2 * embedder_params * candidates * (chunk + question)
print(f"\nRe-ranking {candidates} candidates with a {embedder_params / 1e6:.0f} M cross-encoder:"
      f" {rerank_flops / 1e12:.0f} TFLOPs = {rerank_flops / useful_flops * 1e3:.0f} ms on one accelerator")
prompt = kept * chunk + question + instructions
llm_params, tp = 70.6e9, 4
prefill = prompt * 2 * llm_params / (tp * useful_flops)
print(f"Prompt: {kept} chunks x {chunk} + {question} + {instructions} = {prompt:,} tokens;"
      f" prefill on {tp} accelerators: {prefill * 1e3:.0f} ms")
qps = 20
print(f"At {qps} queries/s: {qps * prompt:,} prompt tokens/s for the language model to prefill")

# Permissions: filtering the ANN results after the search starves users who may read little.
readable = 0.02
print(f"\nA user who may read {readable:.0%} of the chunks, filtering after the search:")
for k in (10, 100, 1000):
    print(f"  top-{k} then filter -> {k * readable:.1f} chunks on average, "
          f"P(none) = {(1 - readable) ** k:.2g}")  # chunks readable independently
