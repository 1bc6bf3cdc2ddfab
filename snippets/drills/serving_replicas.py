"""How many model replicas a stated load needs, from the output tokens per second one replica sustains."""

import math

requests_per_s, output_tokens = 200, 500
replica_tokens_per_s = 2_500  # measured at the batch size that meets the latency budget

demand = requests_per_s * output_tokens
print(f"Step 1: {requests_per_s} requests/s x {output_tokens} output tokens = {demand:,} tokens/s")
print(f"  -> serving-demand = {demand:,} tokens/s")
replicas = math.ceil(demand / replica_tokens_per_s)
print(f"Step 2: ceil({demand:,} / {replica_tokens_per_s:,})")
print(f"  -> serving-replicas = {replicas}")
headroom = math.ceil(replicas / 0.7)
print(f"Step 3: keep utilisation at or below 70% for bursts: ceil({replicas} / 0.7)")
print(f"  -> serving-replicas-headroom = {headroom}")
