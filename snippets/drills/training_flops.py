"""Training compute by C = 6ND, and the days it takes on a cluster at a stated utilisation."""

params, tokens = 7e9, 2e12
flops = 6 * params * tokens  # 2ND forward, 4ND backward
print(f"Step 1: 6 x {params:.0e} parameters x {tokens:.0e} tokens = {flops:.2e} FLOPs")
print(f"  -> train-flops = {flops / 1e21:.0f} ZFLOP")
gpus, peak, mfu = 1024, 989e12, 0.4
seconds = flops / (gpus * peak * mfu)
print(f"Step 2: {flops:.2e} / ({gpus} x {peak / 1e12:.0f} TFLOP/s x {mfu}) = {seconds:,.0f} s")
print(f"  -> train-days = {seconds / 86_400:.1f} days")
