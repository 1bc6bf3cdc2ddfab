"""Trainable parameters and optimizer memory of LoRA on a 7B model, against full fine-tuning."""

layers, d, rank, matrices = 32, 4096, 16, 2  # adapters on the query and value projections
per_matrix = rank * (d + d)
trainable = layers * matrices * per_matrix
print(f"Step 1: {layers} layers x {matrices} matrices x {rank} x ({d} + {d}) = {trainable:,} parameters")
print(f"  -> lora-params = {trainable / 1e6:.1f} M")
print(f"Step 2: {trainable / 1e6:.1f} M / 7,000 M = {trainable / 7e9:.2%} of the model")
print(f"  -> lora-fraction = {trainable / 7e9 * 100:.2f} %")
state = trainable * 16  # bf16 weight and gradient, fp32 master copy, m and v
print(f"Step 3: {trainable / 1e6:.1f} M x 16 bytes = {state / 1e6:.0f} MB of training state, against 112 GB for full"
      " fine-tuning (plus the frozen 14 GB of bf16 weights)")
print(f"  -> lora-state = {state / 1e6:.0f} MB")
