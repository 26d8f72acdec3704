#!/usr/bin/env bash
# The training recipe's own tests (models/training/tests): held-out projects excluded from the training mix,
# decontamination, GPU shard bookkeeping. Tiny fixtures built in the tests; no network. Debian's python3 + numpy.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source "$ROOT/scripts/lib.sh"
if ! /usr/bin/python3 -c "import numpy" 2>/dev/null; then
  apt_install python3 python3-numpy
fi
cd "$ROOT/models/training"
/usr/bin/python3 -m unittest discover -s tests -v
