"""Where does one profile spend more than another? For throughput.py --profile output.

    .venv/bin/python bench/profile_diff.py DIR/bot.prof DIR/echo.prof [--top 25]

Prints the functions whose own time (tottime) grew the most from the second profile to the first,
then both profiles' own time grouped by package. cProfile slows Python code several times and
covers the whole process life (start-up included): read shares and call counts, not milliseconds.
"""

from __future__ import annotations

import argparse
import collections
import pstats
from pathlib import Path


def own_times(path: Path) -> dict[str, tuple[float, int]]:
    """function label -> (tottime seconds, primitive calls)."""
    times: dict[str, tuple[float, int]] = {}
    for (filename, line, name), (calls, _, tottime, _, _) in pstats.Stats(str(path)).stats.items():  # type: ignore[attr-defined]
        times[f"{_short(filename)}:{line}({name})"] = (tottime, calls)
    return times


def by_package(path: Path) -> collections.Counter[str]:
    groups: collections.Counter[str] = collections.Counter()
    for (filename, _, name), (_, _, tottime, _, _) in pstats.Stats(str(path)).stats.items():  # type: ignore[attr-defined]
        groups[_package(filename, name)] += tottime
    return groups


def _short(filename: str) -> str:
    if "site-packages/" in filename:
        return filename.split("site-packages/", 1)[1]
    if "/lib/python3." in filename:
        return "stdlib/" + filename.split("/lib/python3.", 1)[1].split("/", 1)[1]
    return filename.removeprefix(str(Path(__file__).resolve().parent.parent) + "/")


def _package(filename: str, name: str) -> str:
    if filename == "~":  # built-in functions
        if "poll" in name:
            return "epoll (waiting for I/O)"
        return "socket calls" if "socket" in name else "other built-ins"
    if "site-packages/" in filename:
        return filename.split("site-packages/", 1)[1].split("/", 1)[0].removesuffix(".py")
    if "/lib/python3." in filename:
        return "stdlib " + filename.split("/lib/python3.", 1)[1].split("/")[1].removesuffix(".py")
    return "/".join(_short(filename).split("/")[:2])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("first", type=Path)
    parser.add_argument("second", type=Path)
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    first, second = own_times(args.first), own_times(args.second)
    rows = sorted(first, key=lambda k: second.get(k, (0.0, 0))[0] - first[k][0])
    print(f"own time, {args.first.name} - {args.second.name} (s), and calls in each:")
    for key in rows[: args.top]:
        (t1, c1), (t2, c2) = first[key], second.get(key, (0.0, 0))
        print(f"  {t1 - t2:+7.3f}  {t1:6.3f} {t2:6.3f}  {c1:>8} {c2:>8}  {key}")
    for path in (args.first, args.second):
        groups = by_package(path)
        total = sum(groups.values())
        print(f"\n{path.name}: {total:.2f} s own time in all; by package:")
        for name, seconds in groups.most_common(12):
            print(f"  {seconds:6.2f} s {seconds / total:5.1%}  {name}")


if __name__ == "__main__":
    main()
