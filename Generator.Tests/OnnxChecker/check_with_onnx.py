"""Runs ONNX's own checker (with full_check: strict shape inference too) on every model in a folder.

Usage: /usr/bin/python3 check_with_onnx.py FOLDER   (Debian: apt-get install -y python3-onnx)
Prints one line a model and a summary; exits 1 if any model fails.
"""
import glob
import os
import sys

import onnx
import onnx.checker
import onnx.shape_inference


def check(path):
    model = onnx.load(path)
    onnx.checker.check_model(model, full_check=True)
    inferred = onnx.shape_inference.infer_shapes(model, strict_mode=True)
    output = inferred.graph.output[0]
    dims = [d.dim_param or d.dim_value for d in output.type.tensor_type.shape.dim]
    ops = sorted({node.op_type for node in model.graph.node})
    opset = [o.version for o in model.opset_import if o.domain == ""][0]
    return f"ir {model.ir_version}, opset {opset}, output {output.name} {dims}, ops {' '.join(ops)}"


def main():
    folder = sys.argv[1]
    paths = sorted(glob.glob(os.path.join(folder, "*.onnx")))
    failed = 0
    print(f"onnx {onnx.__version__} (IR {onnx.IR_VERSION}, opset {onnx.defs.onnx_opset_version()}), {len(paths)} models")
    for path in paths:
        name = os.path.basename(path)
        try:
            print(f"ok    {name}: {check(path)}")
        except Exception as error:  # the checker's own exceptions, reported with the model's name
            failed += 1
            print(f"FAIL  {name}: {type(error).__name__}: {error}")
    print(f"{len(paths) - failed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
