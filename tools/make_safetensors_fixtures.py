#!/usr/bin/python3
"""Writes the safetensors fixtures of Generator.Tests/Files/Fixtures with PyTorch itself, and PyTorch's outputs for them.

Debian 12 has no python3-safetensors, so the files are written as safetensors.torch.save_file writes them: an 8-byte
little-endian header length, a compact JSON header (__metadata__ first, tensors sorted by dtype size then name)
padded with spaces to a multiple of 8, then the raw little-endian bytes of each tensor in header order.
Run once with the interpreter apt installed (/usr/bin/python3, PyTorch 1.13); the output is committed.
"""
import json
import os
import struct

import torch
from torch import nn

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Generator.Tests", "Files", "Fixtures")
DTYPES = {"F32": (torch.float32, 4), "F16": (torch.float16, 2), "BF16": (torch.bfloat16, 2), "F64": (torch.float64, 8)}


def save_file(tensors, path, metadata=None):
    """safetensors.torch.save_file, in struct and json."""
    names = sorted(tensors, key=lambda n: (-tensors[n].element_size(), n))
    header, data, offset = {}, [], 0
    if metadata is not None:
        header["__metadata__"] = metadata
    for name in names:
        t = tensors[name].contiguous()
        dtype = next(k for k, (d, _) in DTYPES.items() if d == t.dtype)
        array = (t.view(torch.int16) if t.dtype == torch.bfloat16 else t).numpy()  # numpy has no bfloat16: its bits
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


def tiny():  # TinyReluSigmoidBce
    return nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 1), nn.Sigmoid())


def mixed():  # MixedRegressionNet: a layer without bias, so its state_dict has no "4.bias"
    return nn.Sequential(nn.Linear(3, 5), nn.Tanhshrink(), nn.Linear(5, 5), nn.GELU(approximate="tanh"),
                         nn.Linear(5, 4, bias=False), nn.Hardswish(), nn.Linear(4, 2), nn.Identity())


def case(name, network, make, inputs, dtype, seed, metadata=None):
    torch.manual_seed(seed)
    model = make()
    stored = {k: v.detach().to(DTYPES[dtype][0]) for k, v in model.state_dict().items()}
    file = f"{name}.safetensors"
    save_file(stored, os.path.join(OUT, file), metadata)
    # The outputs of exactly the stored values, computed in float64 (the values widen exactly).
    reference = make().double()
    reference.load_state_dict({k: v.double() for k, v in stored.items()})
    # float32 inputs (widened exactly), so that the only difference left is float32 arithmetic in the network.
    x = torch.randn(5, inputs, generator=torch.Generator().manual_seed(seed + 100)).double()
    with torch.no_grad():
        y = reference(x)
    return {"file": file, "network": network, "dtype": dtype, "input": x.flatten().tolist(), "output": y.flatten().tolist(),
            "parameters": {k: v.double().flatten().tolist() for k, v in stored.items()}}


def main():
    os.makedirs(OUT, exist_ok=True)
    cases = [case(f"tiny_{d.lower()}", "TinyReluSigmoidBce", tiny, 4, d, 7) for d in DTYPES]
    cases.append(case("mixed_f32_metadata", "MixedRegressionNet", mixed, 3, "F32", 11, {"format": "pt"}))
    with open(os.path.join(OUT, "safetensors_outputs.json"), "w") as f:
        json.dump({"torch": torch.__version__, "script": "tools/make_safetensors_fixtures.py", "cases": cases}, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
