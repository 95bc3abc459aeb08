#!/usr/bin/env bash
# Runs the C# suite (BenchmarkDotNet: NetGen, the hand-optimised AVX-512 peers, naive C#, TensorPrimitives, ONNX Runtime) and the PyTorch script on the
# same networks and modes, then prints one markdown table of ns per sample with ratios against NetGen.
#
#   Benchmarks/run.sh                          # everything (about 25 minutes on 2 cores)
#   Benchmarks/run.sh --anyCategories small    # any BenchmarkDotNet arguments instead of --filter '*'
#   SKIP_PYTORCH=1 Benchmarks/run.sh           # C# only
#
# Results go to $ARTIFACTS (default Benchmarks/BenchmarkDotNet.Artifacts): BenchmarkDotNet's reports, pytorch.tsv and
# table.md.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
artifacts="${ARTIFACTS:-$here/BenchmarkDotNet.Artifacts}"
python=/usr/bin/python3 # Debian's interpreter, the one python3-torch is installed for (not necessarily first on PATH)
mkdir -p "$artifacts"

install_pytorch() {
  # PyTorch from Debian, with a multithreaded OpenBLAS; only when missing.
  if "$python" -c 'import torch' 2>/dev/null && dpkg -s libopenblas0-pthread >/dev/null 2>&1; then return; fi
  local sudo=""; [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo apt-get update
  $sudo apt-get install -y python3-torch libopenblas0-pthread
}

args=("$@")
[ ${#args[@]} -gt 0 ] || args=(--filter '*')

rm -f "$artifacts"/results/*-report-full.json
dotnet run -c Release --project "$here" -- "${args[@]}" --artifacts "$artifacts"

if [ "${SKIP_PYTORCH:-0}" = 1 ]; then
  : > "$artifacts/pytorch.tsv"
else
  install_pytorch
  "$python" "$here/pytorch_bench.py" | tee "$artifacts/pytorch.tsv"
fi

echo
"$python" "$here/make_table.py" "$artifacts/results" "$artifacts/pytorch.tsv" | tee "$artifacts/table.md"
