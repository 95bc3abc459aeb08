#!/usr/bin/python3
"""Writes the fixtures of the layers with buffers (issue 13) with PyTorch itself: a state_dict with every new layer's
parameters and BatchNorm1d's buffers (num_batches_tracked is int64, as PyTorch keeps it), as safetensors and as the
JSON of WeightsFile's recipe, after a few training steps so that the running statistics are not their initial values,
and the network's outputs in evaluation mode (Dropout off, running statistics).

Run once with the interpreter apt installed (/usr/bin/python3, PyTorch 1.13); the output is committed.
"""
import json
import os
import struct

import torch
from torch import nn

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Generator.Tests", "Files", "Fixtures")
DTYPES = {"F32": torch.float32, "I64": torch.int64}


def save_file(tensors, path):
    """safetensors.torch.save_file, in struct and json (tools/make_safetensors_fixtures.py has the layout's notes)."""
    names = sorted(tensors, key=lambda n: (-tensors[n].element_size(), n))
    header, data, offset = {}, [], 0
    for name in names:
        t = tensors[name].contiguous()
        dtype = next(k for k, d in DTYPES.items() if d == t.dtype)
        array = t.numpy()
        raw = array.astype(array.dtype.newbyteorder("<")).tobytes()
        header[name] = {"dtype": dtype, "shape": list(t.shape), "data_offsets": [offset, offset + len(raw)]}
        data.append(raw)
        offset += len(raw)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for raw in data:
            f.write(raw)


def network():  # Generator.Tests/Files/LayerStateTests.cs: LayerStateNet
    return nn.Sequential(nn.Linear(4, 6), nn.BatchNorm1d(6), nn.PReLU(6), nn.Dropout(0.2), nn.Linear(6, 5), nn.LayerNorm(5),
                         nn.Tanh(), nn.Linear(5, 3))


def main():
    torch.manual_seed(13)
    model = network()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    g = torch.Generator().manual_seed(14)
    for _ in range(5):  # training mode: batch statistics, running statistics moved, the count at 5
        x = torch.randn(16, 4, generator=g) * 2 + 1
        y = torch.randint(0, 3, (16,), generator=g)
        optimizer.zero_grad()
        nn.functional.cross_entropy(model(x), y).backward()
        optimizer.step()
    state = {k: v.detach().clone() for k, v in model.state_dict().items()}
    save_file(state, os.path.join(OUT, "layers_state_dict.safetensors"))
    with open(os.path.join(OUT, "layers_state_dict.json"), "w") as f:  # WeightsFile's documented recipe
        json.dump({k: {"shape": list(v.shape), "values": v.flatten().tolist()} for k, v in state.items()}, f)
    reference = network().double()
    reference.load_state_dict({k: (v.double() if v.is_floating_point() else v) for k, v in state.items()})
    reference.eval()
    x = torch.randn(5, 4, generator=torch.Generator().manual_seed(15)).double()
    with torch.no_grad():
        y = reference(x)
    with open(os.path.join(OUT, "layers_outputs.json"), "w") as f:
        json.dump({"torch": torch.__version__, "script": "tools/make_layer_fixtures.py", "input": x.flatten().tolist(),
                   "output": y.flatten().tolist(), "state_dict": list(state)}, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
