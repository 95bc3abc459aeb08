#!/usr/bin/env bash
# The compile cost a NetGen user meets: edit-and-build of a project with 20 small networks against the same project
# without them, and the generated source size. See docs/generator-cost.md.
#
#   Benchmarks/compile-cost/run.sh                 # project references to this repository's Generator and Runtime
#   Benchmarks/compile-cost/run.sh --package       # the NetGen package packed from this repository instead
#   Benchmarks/compile-cost/run.sh --rounds 9 --keep
set -euo pipefail
exec /usr/bin/python3 "$(cd "$(dirname "$0")" && pwd)/compile_cost.py" "$@"
