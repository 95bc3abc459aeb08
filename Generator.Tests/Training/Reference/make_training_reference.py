#!/usr/bin/python3
"""Reference values from PyTorch 1.13 itself (Debian python3-torch) for NetGen's schedules and clipping.

usage: /usr/bin/python3 make_training_reference.py > training_reference.json

Schedules: each case names a torch.optim.lr_scheduler class, its arguments in NetGen's camelCase, the optimizer's
starting learning rate, and the learning rate PyTorch sets after construction and after each step() (for
ReduceLROnPlateau, step(metric) with the listed metrics). NetGen takes float arguments, so every real argument is
rounded to float32 first (defaults too, passed explicitly) and PyTorch computes from those exact values (in float64,
as Python floats).

Clipping: torch.nn.utils.clip_grad_norm_ (its returned total norm and the clipped gradients) and clip_grad_value_
over float32 gradients; NetGen's flat buffer is the concatenation of the tensors, in order.
"""
import json, struct, warnings, torch
from torch.optim import SGD, lr_scheduler as S

# The schedules are stepped without training steps between them: only their values matter here.
warnings.filterwarnings("ignore", message="Detected call of `lr_scheduler.step")

def f32(x):
    """x rounded to float32, as a C# float argument holds it."""
    return struct.unpack("f", struct.pack("f", x))[0]

def optimizer(lr):
    return SGD([torch.zeros(1, requires_grad=True)], lr=f32(lr))

def lr_of(opt):
    return opt.param_groups[0]["lr"]

def schedule_case(name, kind, lr, args, steps, make):
    opt = optimizer(lr)
    sched = make(opt)
    lrs = [lr_of(opt)]
    for _ in range(steps):
        sched.step()
        lrs.append(lr_of(opt))
    return {"name": name, "type": kind, "learningRate": f32(lr), "args": args, "learningRates": lrs}

def plateau_case(name, lr, args, metrics, **kwargs):
    opt = optimizer(lr)
    sched = S.ReduceLROnPlateau(opt, **kwargs)
    lrs = [lr_of(opt)]
    for m in metrics:
        sched.step(m)
        lrs.append(lr_of(opt))
    return {"name": name, "type": "ReduceLROnPlateau", "learningRate": f32(lr), "args": args,
            "metrics": metrics, "learningRates": lrs}

schedules = [
    schedule_case("StepLR halves every 3", "StepLR", 0.1, {"stepSize": 3, "gamma": 0.5}, 20,
                  lambda o: S.StepLR(o, step_size=3, gamma=f32(0.5))),
    schedule_case("StepLR default gamma", "StepLR", 0.3, {"stepSize": 2}, 10,
                  lambda o: S.StepLR(o, step_size=2, gamma=f32(0.1))),
    schedule_case("MultiStepLR with a repeated milestone", "MultiStepLR", 0.05, {"milestones": [2, 5, 5, 9], "gamma": 0.3}, 15,
                  lambda o: S.MultiStepLR(o, milestones=[2, 5, 5, 9], gamma=f32(0.3))),
    schedule_case("MultiStepLR unsorted milestones, default gamma", "MultiStepLR", 1.0, {"milestones": [7, 3]}, 10,
                  lambda o: S.MultiStepLR(o, milestones=[7, 3], gamma=f32(0.1))),
    schedule_case("ExponentialLR", "ExponentialLR", 0.1, {"gamma": 0.9}, 60,
                  lambda o: S.ExponentialLR(o, gamma=f32(0.9))),
    schedule_case("CosineAnnealingLR past tMax", "CosineAnnealingLR", 0.1, {"tMax": 10, "etaMin": 0.001}, 45,
                  lambda o: S.CosineAnnealingLR(o, T_max=10, eta_min=f32(0.001))),
    schedule_case("CosineAnnealingLR default etaMin", "CosineAnnealingLR", 0.02, {"tMax": 7}, 20,
                  lambda o: S.CosineAnnealingLR(o, T_max=7)),
    schedule_case("OneCycleLR defaults", "OneCycleLR", 0.01, {"maxLr": 0.1, "totalSteps": 50}, 50,
                  lambda o: S.OneCycleLR(o, max_lr=f32(0.1), total_steps=50, pct_start=f32(0.3), div_factor=f32(25.0),
                                         final_div_factor=f32(1e4), cycle_momentum=False)),
    schedule_case("OneCycleLR linear from epochs", "OneCycleLR", 0.01,
                  {"maxLr": 0.5, "epochs": 4, "stepsPerEpoch": 10, "pctStart": 0.25, "annealStrategy": "linear"}, 40,
                  lambda o: S.OneCycleLR(o, max_lr=f32(0.5), epochs=4, steps_per_epoch=10, pct_start=f32(0.25),
                                         anneal_strategy="linear", cycle_momentum=False)),
    schedule_case("OneCycleLR three phases", "OneCycleLR", 0.01,
                  {"maxLr": 0.2, "totalSteps": 30, "divFactor": 10, "finalDivFactor": 100, "threePhase": True}, 30,
                  lambda o: S.OneCycleLR(o, max_lr=f32(0.2), total_steps=30, pct_start=f32(0.3), div_factor=f32(10), final_div_factor=f32(100),
                                         three_phase=True, cycle_momentum=False)),
    plateau_case("ReduceLROnPlateau min, relative", 0.1, {"patience": 2, "factor": 0.5},
                 [f32(m) for m in [1.0, 0.9, 0.95, 0.91, 0.9, 0.89995, 0.5, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6]],
                 patience=2, factor=f32(0.5), threshold=f32(1e-4), eps=f32(1e-8)),
    plateau_case("ReduceLROnPlateau max, absolute, cooldown, minLr", 0.1,
                 {"mode": "max", "factor": 0.2, "patience": 1, "threshold": 0.01, "thresholdMode": "abs", "cooldown": 2, "minLr": 0.005},
                 [f32(m) for m in [0.5, 0.6, 0.605, 0.6, 0.61, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7]],
                 mode="max", factor=f32(0.2), patience=1, threshold=f32(0.01), threshold_mode="abs", cooldown=2, min_lr=f32(0.005),
                 eps=f32(1e-8)),
    plateau_case("ReduceLROnPlateau eps stops tiny reductions", 1e-7, {"patience": 0, "factor": 0.5, "eps": 1e-8},
                 [1.0, 1.0, 1.0, 1.0, 1.0, 1.0], patience=0, factor=f32(0.5), threshold=f32(1e-4), eps=f32(1e-8)),
]

def json_number(x):
    """JSON has no infinity: a non-finite value is written as the string Python prints for it."""
    return x if x == x and abs(x) != float("inf") else str(x)

def clip_norm_case(name, tensors, max_norm):
    grads = [t.clone() for t in tensors]
    params = [torch.zeros_like(t, requires_grad=True) for t in tensors]
    for p, g in zip(params, grads): p.grad = g.clone()
    norm = torch.nn.utils.clip_grad_norm_(params, f32(max_norm))
    return {"name": name, "maxNorm": f32(max_norm), "tensorLengths": [t.numel() for t in tensors],
            "gradients": torch.cat([g.flatten() for g in grads]).tolist(), "norm": json_number(float(norm)),
            "clipped": torch.cat([p.grad.flatten() for p in params]).tolist()}

def clip_value_case(name, tensor, clip_value):
    p = torch.zeros_like(tensor, requires_grad=True)
    p.grad = tensor.clone()
    torch.nn.utils.clip_grad_value_([p], f32(clip_value))
    return {"name": name, "clipValue": f32(clip_value), "gradients": tensor.flatten().tolist(), "clipped": p.grad.flatten().tolist()}

g = torch.Generator().manual_seed(12)
def randn(*shape, scale=1.0): return (torch.randn(*shape, generator=g) * scale).to(torch.float32)

clipping = {
    "norm": [
        clip_norm_case("one tensor, clipped", [randn(37, scale=3.0)], 1.0),
        clip_norm_case("below maxNorm, unchanged", [randn(20, scale=0.01)], 5.0),
        clip_norm_case("three tensors as one flat buffer", [randn(4, 3), randn(4), randn(2, 4)], 0.5),
        clip_norm_case("a thousand values", [randn(1000, scale=0.2)], 2.0),
        clip_norm_case("values whose squares overflow float32", [randn(8, scale=1e20)], 1.0),
    ],
    "value": [
        clip_value_case("clip at 0.5", randn(37), 0.5),
        clip_value_case("nothing to clip", randn(10, scale=0.1), 1.0),
    ],
}

print(json.dumps({"torch": torch.__version__, "schedules": schedules, "clipping": clipping}, indent=1, allow_nan=False))
