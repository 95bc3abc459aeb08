#!/usr/bin/python3
"""Times the benchmark networks in PyTorch, in the same modes as the C# benchmarks, on one thread.

Prints one line per net/mode: "<row>\t<ns per sample>", e.g. "mid fwd b256\t612.3". run.sh merges these with the
BenchmarkDotNet results. Run it with the interpreter that apt installed python3-torch into (/usr/bin/python3).

The losses are fused as NetGen fuses them: BCEWithLogitsLoss and CrossEntropyLoss on the logits, so the training
modes run the network without its last activation. Weights are PyTorch's own initialisation: the cost of these
dense layers does not depend on the values.
"""
import os
import sys
import time

# One thread everywhere, as every C# peer: OpenBLAS keeps its own thread pool besides torch's, and its spinning
# threads make single-sample calls tens of times slower on a busy 2-core machine. Must be set before the import.
for variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(variable, "1")

import torch  # noqa: E402
from torch import nn

torch.set_num_threads(1)
torch.set_num_interop_threads(1)
torch.manual_seed(0)

BATCH = 256
ROUNDS = 7            # timed rounds per mode; the fastest is reported
ROUND_SECONDS = 0.25  # each round runs about this long

NETWORKS = {
    #        in,  hidden, out, hidden activation, output activation, loss on logits
    "small": (4, 8, 1, nn.ReLU, nn.Sigmoid, nn.BCEWithLogitsLoss),
    "mid": (64, 32, 10, nn.Tanh, lambda: nn.Softmax(dim=-1), nn.CrossEntropyLoss),
    "large": (784, 128, 10, nn.ReLU, lambda: nn.Softmax(dim=-1), nn.CrossEntropyLoss),
}

# The rows of the table: (net, mode, batch). Same set as the C# suite.
ROWS = [(net, mode, batch) for net in ("small", "mid", "large")
        for mode, batch in (("fwd", 1), ("fwd", BATCH), ("fwd+bwd", 1), ("fwd+bwd", BATCH))]


def ns_per_call(step):
    """The mean time of one call in ns, from the fastest of ROUNDS rounds (the one least disturbed by other
    processes), after a warm-up that also sizes the rounds."""
    for _ in range(20):
        step()
    calls, start = 0, time.perf_counter()
    while time.perf_counter() - start < ROUND_SECONDS / 4:
        step()
        calls += 1
    calls = max(1, calls * 4)
    means = []
    for _ in range(ROUNDS):
        start = time.perf_counter_ns()
        for _ in range(calls):
            step()
        means.append((time.perf_counter_ns() - start) / calls)
    return min(means)


def make_step(net, mode, batch):
    n_in, hidden, n_out, hidden_act, out_act, loss_type = NETWORKS[net]
    logits_model = nn.Sequential(nn.Linear(n_in, hidden), hidden_act(), nn.Linear(hidden, n_out))
    model = nn.Sequential(*logits_model, out_act())
    x = torch.rand(batch, n_in) * 2 - 1
    if mode == "fwd":
        def forward():
            with torch.inference_mode():
                model(x)
        return forward

    if loss_type is nn.BCEWithLogitsLoss:
        target = torch.randint(0, 2, (batch, n_out)).float()
    else:
        target = torch.randint(0, n_out, (batch,))
    loss_fn = loss_type()
    parameters = list(logits_model.parameters())

    def train():
        for p in parameters:  # as NetGen: the gradient of this batch alone
            p.grad = None
        loss_fn(logits_model(x), target).backward()
    return train


def main():
    print(f"# torch {torch.__version__}, threads {torch.get_num_threads()}, python {sys.version.split()[0]}", file=sys.stderr)
    for net, mode, batch in ROWS:
        ns = ns_per_call(make_step(net, mode, batch)) / batch
        print(f"{net} {mode} b{batch}\t{ns:.1f}", flush=True)


if __name__ == "__main__":
    main()
