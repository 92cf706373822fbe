"""Corpus-driven mutation fuzzer for tagwire's parsers, extractor and enrichers.

    python tests/fuzz/run_corpus.py --count 100000 --seed 1
    python tests/fuzz/run_corpus.py --count 2000 --targets feed,opml --seed 7
    python tests/fuzz/run_corpus.py --replay failures/feed-RecursionError-ab12.bin --targets feed

Each input is a seed from tests/fuzz/corpus/ (first the seeds themselves,
then mutations: bit and byte flips, truncation, deletion, duplication,
splicing, re-encoding, dictionary tokens such as ``<![CDATA[``, ``&#x0;``,
``<!ENTITY``, ``</item>``, ``\\xff\\xfe``), given to one target of
tests/fuzz/targets.py. The report lists inputs tried, outcomes by exception
type, the slowest inputs, and every contract breach: an exception that is not
a TagwireError, or a call over its time bound in CPU seconds (confirmed by a
second run).
Failing inputs are saved under --failures for replay. Exit status 1 on any
breach that is not a known, documented bug (targets.KNOWN_BUGS).
"""

from __future__ import annotations

import argparse
import faulthandler
import hashlib
import random
import sys
import time
import traceback
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `tests.fuzz` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.fuzz.mutate import mutate  # noqa: E402
from tests.fuzz.targets import ALLOWED, KNOWN_BUGS, TARGETS, Target  # noqa: E402

CORPUS = Path(__file__).with_name("corpus")
HANG_SECONDS = 120  # a single input this slow is a hang: dump every thread's stack and stop


def load_corpus(folder: Path = CORPUS) -> dict[str, list[tuple[str, bytes]]]:
    """{group: [(name, bytes)]} for every file under corpus/<group>/."""
    groups: dict[str, list[tuple[str, bytes]]] = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            group = path.relative_to(folder).parts[0]
            groups.setdefault(group, []).append((f"{group}/{path.name}", path.read_bytes()))
    return groups


@dataclass
class Breach:
    target: str
    kind: str  # "exception" | "slow"
    detail: str
    origin: str
    path: Path | None
    known: str | None = None


@dataclass
class Report:
    tried: Counter = field(default_factory=Counter)  # per target
    outcomes: Counter = field(default_factory=Counter)  # (target, "ok" | exception type)
    slowest: list[tuple[float, str, int, str]] = field(default_factory=list)  # (s, target, size, origin)
    breaches: list[Breach] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def failures(self) -> list[Breach]:
        return [b for b in self.breaches if not b.known]

    def note_time(self, seconds: float, target: str, size: int, origin: str, keep: int = 10) -> None:
        if len(self.slowest) < keep or seconds > self.slowest[-1][0]:
            self.slowest.append((seconds, target, size, origin))
            self.slowest.sort(reverse=True)
            del self.slowest[keep:]

    def text(self) -> str:
        lines = [f"inputs tried: {sum(self.tried.values())} in {self.seconds:.1f} s"]
        for name in sorted(self.tried):
            kinds = {k: n for (t, k), n in self.outcomes.items() if t == name}
            shown = ", ".join(f"{k} {n}" for k, n in sorted(kinds.items(), key=lambda kv: -kv[1]))
            lines.append(f"  {name:<12} {self.tried[name]:>7}  ({shown})")
        lines.append("slowest inputs (CPU time):")
        for seconds, target, size, origin in self.slowest:
            bound = TARGETS[target].bound
            lines.append(f"  {seconds * 1000:8.1f} ms  {target:<12} {size:>8} B  (bound {bound * 1000:.0f} ms)  {origin}")
        lines.append(f"breaches: {len(self.failures)} new, {len(self.breaches) - len(self.failures)} known")
        for b in self.breaches:
            tag = f"KNOWN ({b.known})" if b.known else "NEW"
            lines.append(f"  {tag} {b.kind} in {b.target}: {b.detail} [{b.origin}] -> {b.path}")
        return "\n".join(lines)


def _known(target: str, data: bytes, kind: str) -> str | None:
    for bug in KNOWN_BUGS:
        if bug.target == target and bug.kind == kind and bug.matches(data):
            return bug.name
    return None


def _save(failures: Path, target: str, label: str, data: bytes) -> Path:
    failures.mkdir(parents=True, exist_ok=True)
    path = failures / f"{target}-{label}-{hashlib.sha1(data).hexdigest()[:10]}.bin"
    path.write_bytes(data)
    return path


def run_one(target: Target, data: bytes) -> tuple[float, str, BaseException | None]:
    """(CPU seconds, outcome, unexpected exception or None) for one call.

    CPU time of this process, not wall time: on a shared machine other
    processes' load must not count against an input (the fuzzer runs no
    threads of its own, so this is the target's time).
    """
    start = time.process_time()
    try:
        target.call(data)
        outcome, bad = "ok", None
    except ALLOWED as exc:
        outcome, bad = type(exc).__name__, None
    except Exception as exc:  # noqa: BLE001 - this is what the fuzzer looks for
        outcome, bad = f"UNEXPECTED {type(exc).__name__}", exc
    return time.process_time() - start, outcome, bad


def _inputs(rng: random.Random, corpus: dict[str, list[tuple[str, bytes]]], names: list[str], count: int):
    """(target, data, origin): every seed for every target first, then weighted mutations."""
    everything = [item for items in corpus.values() for item in items]
    others = [d for _, d in everything]
    n = 0
    for name in names:
        for origin, data in everything:
            if n >= count:
                return
            yield TARGETS[name], data[: TARGETS[name].max_bytes], f"seed {origin}"
            n += 1
    weights = [TARGETS[name].weight for name in names]
    while n < count:
        target = TARGETS[rng.choices(names, weights)[0]]
        own = [item for g in target.groups for item in corpus.get(g, [])]
        origin, seed = rng.choice(own if own and rng.random() < 0.7 else everything)
        data, ops = mutate(seed, rng, others, target.max_bytes)
        yield target, data, f"{origin} + {'+'.join(ops)}"
        n += 1


def fuzz(count: int, seed: int, names: list[str] | None = None, failures: Path = Path("fuzz-failures"),
         max_seconds: float | None = None, progress: bool = False, slack: float = 1.0) -> Report:
    """Run ``count`` inputs (or until ``max_seconds``); ``slack`` multiplies every time bound."""
    names = names or list(TARGETS)
    rng = random.Random(seed)
    corpus = load_corpus()
    report = Report()
    started = time.monotonic()
    for i, (target, data, origin) in enumerate(_inputs(rng, corpus, names, count)):
        if max_seconds is not None and time.monotonic() - started > max_seconds:
            break
        known_slow = _known(target.name, data, "slow")
        if known_slow:  # minutes per input: count it, do not run it
            report.tried[target.name] += 1
            report.outcomes[target.name, f"skipped, known bug {known_slow}"] += 1
            continue
        faulthandler.dump_traceback_later(HANG_SECONDS, exit=True)
        seconds, outcome, bad = run_one(target, data)
        faulthandler.cancel_dump_traceback_later()
        report.tried[target.name] += 1
        report.outcomes[target.name, outcome] += 1
        report.note_time(seconds, target.name, len(data), origin)
        if bad is not None:
            detail = "".join(traceback.format_exception_only(type(bad), bad)).strip().splitlines()[0][:200]
            path = _save(failures, target.name, type(bad).__name__, data)
            report.breaches.append(Breach(target.name, "exception", detail, origin, path,
                                          _known(target.name, data, "exception")))
        elif seconds > target.bound * slack:
            again, _, _ = run_one(target, data)  # a busy machine, or really slow?
            if min(seconds, again) > target.bound * slack:
                path = _save(failures, target.name, "slow", data)
                detail = f"{min(seconds, again):.2f} s > {target.bound * slack:.2f} s for {len(data)} bytes"
                report.breaches.append(Breach(target.name, "slow", detail, origin, path,
                                              _known(target.name, data, "slow")))
        if progress and (i + 1) % 5000 == 0:
            print(f"... {i + 1} inputs, {time.monotonic() - started:.0f} s, "
                  f"{len(report.failures)} new breaches", file=sys.stderr, flush=True)
    report.seconds = time.monotonic() - started
    return report


def replay(path: Path, names: list[str]) -> int:
    data = path.read_bytes()
    for name in names:
        start = time.perf_counter()
        try:
            TARGETS[name].call(data)
            print(f"{name}: ok in {time.perf_counter() - start:.3f} s")
        except ALLOWED as exc:
            print(f"{name}: {type(exc).__name__} in {time.perf_counter() - start:.3f} s: {exc}")
        except Exception:  # noqa: BLE001
            traceback.print_exc()
            return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000, help="inputs to try (seeds first)")
    parser.add_argument("--seed", type=int, default=0, help="random seed: the same seed tries the same inputs")
    parser.add_argument("--targets", default="", help=f"comma-separated subset of: {', '.join(TARGETS)}")
    parser.add_argument("--max-seconds", type=float, default=None, help="stop after this long")
    parser.add_argument("--slack", type=float, default=1.0, help="multiply every time bound (busy machines)")
    parser.add_argument("--failures", type=Path, default=Path("fuzz-failures"), help="where failing inputs go")
    parser.add_argument("--replay", type=Path, help="run one saved input through --targets and show any traceback")
    args = parser.parse_args(argv)
    names = [n.strip() for n in args.targets.split(",") if n.strip()] or list(TARGETS)
    unknown = set(names) - set(TARGETS)
    if unknown:
        parser.error(f"unknown target(s): {', '.join(sorted(unknown))}")
    if args.replay:
        return replay(args.replay, names)
    report = fuzz(args.count, args.seed, names, args.failures, args.max_seconds, progress=True, slack=args.slack)
    print(report.text())
    return 1 if report.failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
