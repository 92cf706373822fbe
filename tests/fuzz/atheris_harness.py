"""Coverage-guided fuzzing with atheris (libFuzzer), on the same targets and seeds.

    pip install atheris
    python tests/fuzz/atheris_harness.py feed -atheris_runs=200000 -max_total_time=600 \\
        -max_len=200000 tests/fuzz/corpus/feed tests/fuzz/corpus/hostile
    python tests/fuzz/atheris_harness.py extract -max_total_time=600 -timeout=10 /tmp/extract-corpus tests/fuzz/corpus/html

The first argument names a target of tests/fuzz/targets.py; the rest go to
libFuzzer (-max_total_time, -timeout, -runs, corpus folders; the first corpus
folder receives the new inputs atheris finds, so point it at a scratch
folder to keep tests/fuzz/corpus/ small). A TagwireError is the contract; any
other exception is reported by atheris with the input saved as crash-<sha1>.
Without atheris installed this script says so and exits 2; the corpus
runner (run_corpus.py) needs no extra package.
"""

from __future__ import annotations

import sys
from pathlib import Path

try:
    import atheris
except ImportError:  # pragma: no cover - optional
    atheris = None

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))


def main() -> int:
    if atheris is None:
        print("atheris is not installed (pip install atheris); use tests/fuzz/run_corpus.py instead",
              file=sys.stderr)
        return 2
    if len(sys.argv) < 2 or sys.argv[1].startswith("-"):
        print(__doc__, file=sys.stderr)
        return 2
    name = sys.argv.pop(1)
    with atheris.instrument_imports(include=["tagwire"]):
        from tests.fuzz.targets import ALLOWED, KNOWN_BUGS, TARGETS
    target = TARGETS[name]
    slow_known = [b.matches for b in KNOWN_BUGS if b.target == name and b.kind == "slow"]

    def one_input(data: bytes) -> None:
        if any(matches(data) for matches in slow_known):
            return  # a reported bug: minutes per input would stall the fuzzer
        try:
            target.call(data[: target.max_bytes])
        except ALLOWED:
            pass

    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
