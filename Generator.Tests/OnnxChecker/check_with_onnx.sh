#!/usr/bin/env bash
# Exports every network of OnnxRuntimeParityTests (the tests write the models when NETGEN_ONNX_EXPORT_DIR is set) and
# runs ONNX's own checker on them; the result is recorded in checker-result.txt beside this script. CI has no Python:
# run this by hand after changing the exporter (needs Debian's python3-onnx) and commit the new result.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
models=$(mktemp -d)
trap 'rm -rf "$models"' EXIT
cd "$here/../.."
NETGEN_ONNX_EXPORT_DIR="$models" dotnet test NetGen.sln -c Release --filter 'FullyQualifiedName~OnnxRuntimeParityTests' >/dev/null
/usr/bin/python3 "$here/check_with_onnx.py" "$models" | tee "$here/checker-result.txt"
