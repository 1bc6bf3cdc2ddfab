"""What an image costs inside a LLaVA-style vision-language model: visual tokens per image, parameters of the
projector, prefill FLOPs in the vision encoder and in the language model, and KV cache per image. Every shape is
a stated assumption: CLIP ViT-L/14 (width 1024, 24 layers, about 304M parameters) and a LLaMA-13B-shaped language
model (40 layers, width 5,120, 16-bit cache)."""

PATCH = 14                        # ViT-L/14: 14 x 14 pixel patches
VIT_WIDTH = 1024                  # ViT-L hidden size
VIT_PARAMS = 304e6                # ViT-L/14 image encoder, approximately
LLM_PARAMS = 13e9                 # LLaMA-13B / Vicuna-13B
LLM_WIDTH, LLM_LAYERS = 5120, 40  # LLaMA-13B: one KV head per query head
CACHE_BYTES = 2                   # 16-bit keys and values

linear = VIT_WIDTH * LLM_WIDTH + LLM_WIDTH                       # LLaVA: one linear layer
mlp = linear + LLM_WIDTH * LLM_WIDTH + LLM_WIDTH                 # LLaVA-1.5: two layers with a GELU between
print(f"projector: linear {linear / 1e6:.1f}M parameters, two-layer MLP {mlp / 1e6:.1f}M "
      f"({mlp / LLM_PARAMS:.2%} of the language model)")

kv_per_token = 2 * LLM_LAYERS * LLM_WIDTH * CACHE_BYTES          # keys and values, every layer
print(f"KV cache per token: {kv_per_token:,} bytes\n")
print(f"{'image input':<24}{'visual tokens':>14}{'ViT GFLOPs':>12}{'LLM prefill GFLOPs':>20}{'LLM / ViT':>11}"
      f"{'KV cache MiB':>14}")
rows = {}
for label, side, tiles in (("224 x 224", 224, 1), ("336 x 336", 336, 1), ("672 x 672 as 4 tiles", 336, 4)):
    tokens = tiles * (side // PATCH) ** 2                        # patch tokens handed to the LLM (no class token)
    vit = 2 * VIT_PARAMS * tiles * ((side // PATCH) ** 2 + 1) / 1e9   # ~2 FLOPs per parameter per token
    llm = 2 * LLM_PARAMS * tokens / 1e9
    rows[label] = tokens, llm / vit
    print(f"{label:<24}{tokens:>14,}{vit:>12,.0f}{llm:>20,.0f}{llm / vit:>11.0f}{tokens * kv_per_token / 2**20:>14,.0f}")
print(f"\n32 learned queries instead (a BLIP-2-style resampler): {2 * LLM_PARAMS * 32 / 1e9:,.0f} LLM GFLOPs, "
      f"{32 * kv_per_token / 2**20:.0f} MiB of cache")
assert [r[0] for r in rows.values()] == [256, 576, 2304]
assert all(40 < r[1] < 45 for r in rows.values())                                    # the LLM, not the ViT, pays for the image
