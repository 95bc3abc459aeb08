#!/usr/bin/python3
"""Reference values from PyTorch itself (Debian python3-torch) for NetGen's conventions.

usage: torch_oracle.py CASES.json OUT.json
(in this repository: cases.json → torch_reference.json, and layer_cases.json → layer_reference.json for the layers
and losses of issue 13: Dropout, LayerNorm, BatchNorm1d, PReLU, L1/SmoothL1/Huber/NLL, cross-entropy options.)

A case names a network in NetGen's attribute order, a loss, a batch and a seed. Parameters are drawn as
float32 (PyTorch's default init, seeded) and every reference is computed in float64 from those exact
float32 values, so a float32 implementation is compared against the true answer, not against another
rounding. NetGen's fused conventions: a trailing Sigmoid with BCELoss equals BCEWithLogits on the
pre-sigmoid value; a trailing Softmax with CrossEntropyLoss equals CrossEntropyLoss on the pre-softmax
logits. Losses use reduction='mean', as PyTorch does by default.
"""
import json, sys, torch
from torch import nn
import torch.nn.functional as F

# NetGen's Dropout masks (Runtime/Compute/DropoutKernels.cs): a counter-based generator, SplitMix64's finaliser over
# (the network's seed, the training step, the layer, the sample, the unit); a unit is kept when its 24 bits reach
# p·2^24, and scaled by 1/(1 − p). The reference networks are made with seed 0; step n is the (n+1)th ComputeGradients.
M64 = (1 << 64) - 1
GAMMA = 0x9E3779B97F4A7C15

def mix(z):
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
    return z ^ (z >> 31)

def dropout_keep(seed, step, layer, sample, unit, p32):
    stream = mix((mix((mix(((seed & 0xFFFFFFFF) + GAMMA) & M64) + step + GAMMA) & M64) + layer + GAMMA) & M64)
    row = mix((stream + sample + GAMMA) & M64)
    bits = mix((row + unit + GAMMA) & M64) >> 40
    return bits >= p32 * 2.0 ** 24

class NetGenDropout(nn.Module):
    """nn.Dropout with NetGen's masks instead of PyTorch's random ones: training (the loss, the gradients) uses the
    mask of (seed 0, self.step, the layer's index, the sample, the unit); evaluation is the identity."""
    def __init__(self, p, layer):
        super().__init__()
        self.p32 = float(torch.tensor(p, dtype=torch.float32))
        self.layer, self.step = layer, 0
    def forward(self, x):
        if not self.training: return x
        mask = torch.tensor([[1.0 / (1.0 - self.p32) if dropout_keep(0, self.step, self.layer, s, u, self.p32) else 0.0
                              for u in range(x.shape[1])] for s in range(x.shape[0])], dtype=x.dtype)
        return x * mask

def set_dropout_step(net, step):
    for m in net:
        if isinstance(m, NetGenDropout): m.step = step

def binary_step(x):  # 1 where x > 0, else 0; its gradient is zero everywhere (the seed's step function)
    return (x > 0).to(x.dtype) + 0 * x

class Step(nn.Module):
    def forward(self, x): return binary_step(x)

def module(spec, index=0):
    kind, args = spec[0], spec[1:]
    if kind == "Dropout":
        return NetGenDropout(*(args or [0.5]), index)
    if kind == "Linear":
        bias = not (len(args) > 2 and args[2] is False)
        return nn.Linear(args[0], args[1], bias=bias)
    return {
        "ReLU": lambda: nn.ReLU(), "Sigmoid": lambda: nn.Sigmoid(), "Tanh": lambda: nn.Tanh(),
        "LeakyReLU": lambda: nn.LeakyReLU(*(args or [0.01])), "Softmax": lambda: nn.Softmax(dim=-1),
        "BinaryStep": lambda: Step(), "LogSoftmax": lambda: nn.LogSoftmax(dim=-1),
        "GELU": lambda: nn.GELU(*(args or ["none"])), "SiLU": lambda: nn.SiLU(),
        "ELU": lambda: nn.ELU(*(args or [1.0])), "Softplus": lambda: nn.Softplus(*(args or [1.0, 20.0])),
        "Hardtanh": lambda: nn.Hardtanh(*(args or [-1.0, 1.0])), "Identity": lambda: nn.Identity(),
        "Mish": lambda: nn.Mish(), "CELU": lambda: nn.CELU(*(args or [1.0])), "SELU": lambda: nn.SELU(),
        "ReLU6": lambda: nn.ReLU6(), "Hardsigmoid": lambda: nn.Hardsigmoid(), "Hardswish": lambda: nn.Hardswish(),
        "Softsign": lambda: nn.Softsign(), "LogSigmoid": lambda: nn.LogSigmoid(), "Tanhshrink": lambda: nn.Tanhshrink(),
        "Dropout": lambda: nn.Dropout(*(args or [0.5])), "LayerNorm": lambda: nn.LayerNorm(*args),
        "BatchNorm1d": lambda: nn.BatchNorm1d(*args), "PReLU": lambda: nn.PReLU(*(args or [1, 0.25])),
    }[kind]()

def state(net):
    """The trainable parameters in state_dict order (buffers such as running_mean are listed apart)."""
    params = {k for k, _ in net.named_parameters()}
    return [{"name": k, "shape": list(v.shape), "values": v.detach().flatten().tolist()}
            for k, v in net.state_dict().items() if k in params]

def buffers(net):
    params = {k for k, _ in net.named_parameters()}
    return [{"name": k, "shape": list(v.shape), "values": v.detach().flatten().tolist()}
            for k, v in net.state_dict().items() if k not in params]

def grads(net):
    return [p.grad.detach().flatten().tolist() for p in net.parameters()]

def loss_of(case, net, x, y):
    """Returns (output, loss) following NetGen's fused conventions; loss_args are the loss's keyword arguments
    (beta, delta, label_smoothing, weight)."""
    loss = case.get("loss")
    layers = case["layers"]
    last = layers[-1][0]
    kw = dict(case.get("loss_args", {}))
    if "weight" in kw: kw["weight"] = torch.tensor(kw["weight"], dtype=torch.float32).double()
    if loss == "CrossEntropyLoss" and last == "Softmax":
        logits = net[:-1](x)
        return torch.softmax(logits, -1), F.cross_entropy(logits, y, **kw)
    if loss == "BCELoss" and last == "Sigmoid":
        logits = net[:-1](x)
        return torch.sigmoid(logits), F.binary_cross_entropy_with_logits(logits, y)
    out = net(x)
    if loss is None: return out, None
    return out, {"CrossEntropyLoss": lambda: F.cross_entropy(out, y, **kw), "BCELoss": lambda: F.binary_cross_entropy(out, y),
                 "MSELoss": lambda: F.mse_loss(out, y), "L1Loss": lambda: F.l1_loss(out, y),
                 "SmoothL1Loss": lambda: F.smooth_l1_loss(out, y, **kw), "HuberLoss": lambda: F.huber_loss(out, y, **kw),
                 "NLLLoss": lambda: F.nll_loss(out, y)}[loss]()

def target(case, g, batch, nout):
    loss = case.get("loss")
    if loss in ("CrossEntropyLoss", "NLLLoss"): return torch.randint(0, nout, (batch,), generator=g)
    if loss == "BCELoss": return torch.randint(0, 2, (batch, nout), generator=g).to(torch.float32)
    return torch.randn(batch, nout, generator=g)

def run_case(case):
    torch.manual_seed(case["seed"])
    net = nn.Sequential(*[module(s, i) for i, s in enumerate(case["layers"])])  # float32 default init (U(+-1/sqrt(in)))
    nin = next(s[1] for s in case["layers"] if s[0] == "Linear")
    nout = [s[2] for s in case["layers"] if s[0] == "Linear"][-1]
    g = torch.Generator().manual_seed(case["seed"] + 1000)
    batch = case.get("batch", 1)
    x32 = (torch.randn(batch, nin, generator=g) * case.get("input_scale", 1.0)).to(torch.float32)
    y = target(case, g, batch, nout)
    result = {"case": case, "parameters": state(net), "input": x32.flatten().tolist(),
              "target": y.flatten().tolist()}
    net64 = net.double()
    x = x32.double().requires_grad_(True)
    yy = y.double() if y.is_floating_point() else y
    if any(s[0] in ("Dropout", "BatchNorm1d") for s in case["layers"]):
        import copy  # Forward is evaluation mode (dropout off, running statistics as initialised)
        result["buffers"] = buffers(net)
        evaluated = copy.deepcopy(net64).eval()
        result["output"] = evaluated(x.detach()).detach().flatten().tolist()
        out, loss = loss_of(case, net64, x, yy)  # the loss and gradients: training mode, as ComputeGradients
    else:
        out, loss = loss_of(case, net64, x, yy)
        result["output"] = out.detach().flatten().tolist()
    if loss is not None:
        loss.backward()
        result["loss"] = loss.item()
        result["gradients"] = grads(net64)
        result["input_gradient"] = x.grad.flatten().tolist()
        if "buffers" in result:
            result["buffers_after"] = buffers(net64)  # the running statistics after that one training step
        for opt_name, make in case.get("optimizers", {}).items():
            torch.manual_seed(case["seed"])
            n2 = nn.Sequential(*[module(s, i) for i, s in enumerate(case["layers"])]).double()
            opt = eval("torch.optim." + make)  # e.g. "SGD(n2.parameters(), lr=0.1, momentum=0.9)"
            traj, buffer_traj = [], []
            for step in range(case.get("steps", 3)):
                set_dropout_step(n2, step)  # the (step+1)th ComputeGradients of one network draws step's masks
                opt.zero_grad(); _, l = loss_of(case, n2, x32.double(), yy); l.backward(); opt.step()
                traj.append([v for p in n2.parameters() for v in p.detach().flatten().tolist()])
                buffer_traj.append([v for b in buffers(n2) for v in b["values"]])
            entry = {"optimizer": make, "parameters_after_each_step": traj}
            if "buffers" in result: entry["buffers_after_each_step"] = buffer_traj
            result.setdefault("optimizer_trajectories", {})[opt_name] = entry
    return result

def activation_table():
    xs = torch.tensor([-1e4, -100.0, -20.0, -5.0, -1.0, -0.5, -1e-3, -1e-8, 0.0, 1e-8, 1e-3, 0.5, 1.0, 5.0, 20.0, 100.0, 1e4],
                      dtype=torch.float64)
    fns = {"ReLU": torch.relu, "Sigmoid": torch.sigmoid, "Tanh": torch.tanh,
           "LeakyReLU(0.01)": lambda t: F.leaky_relu(t, 0.01), "LeakyReLU(0.2)": lambda t: F.leaky_relu(t, 0.2),
           "BinaryStep": binary_step, "GELU": F.gelu, "GELU(tanh)": lambda t: F.gelu(t, approximate="tanh"),
           "SiLU": F.silu, "ELU(1.0)": F.elu, "Softplus(1,20)": F.softplus, "Hardtanh(-1,1)": F.hardtanh}
    table = {}
    for name, f in fns.items():
        x = xs.clone().requires_grad_(True)
        y = f(x); y.sum().backward()
        table[name] = {"x": xs.tolist(), "y": y.detach().tolist(), "dy_dx": x.grad.tolist()}
    vectors = [[1.0, 2.0, 3.0], [1000.0, 1001.0, 1002.0], [-1000.0, 0.0, 1000.0], [0.0, 0.0, 0.0, 0.0], [-50.0, -51.0]]
    soft = []
    for v in vectors:
        t = torch.tensor(v, dtype=torch.float64, requires_grad=True)
        s = torch.softmax(t, -1)
        w = torch.arange(1, len(v) + 1, dtype=torch.float64)  # a fixed upstream gradient
        (s * w).sum().backward()
        soft.append({"x": v, "softmax": s.detach().tolist(), "log_softmax": torch.log_softmax(t.detach(), -1).tolist(),
                     "upstream": w.tolist(), "dx": t.grad.tolist()})
    table["Softmax"] = soft
    return table

if __name__ == "__main__":
    cases = json.load(open(sys.argv[1]))
    out = {"generator": f"PyTorch {torch.__version__} (float64 references from float32 parameters)",
           "activations": activation_table(), "networks": [run_case(c) for c in cases]}
    json.dump(out, open(sys.argv[2], "w"), indent=1)
    print(f"wrote {len(out['networks'])} networks to {sys.argv[2]}")
