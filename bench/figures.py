"""The figure table: what each figure is, its target, and the verdict over every run.

A figure is one dict in a list (bench/run.py FIGURES), so adding a figure is adding an entry:

    {"key": "search_p95_ms",            # the value's key in each run's measurements
     "name": "phone: search as you type, p95 per key over {count}",   # {count}: attendees
     "unit": "ms",                      # how the value prints: ms, s, bytes, MB, count, ...
     "at_most": 8,                      # optional bounds: at_most, at_least, equals
     "floor": "scan_floor_p95_ms",      # optional: a floor measured in the same run ...
     "ratio_at_most": 2.0,              # ... and how far above it the value may be
     "note": lambda run: "...",         # optional: more words, from the median run
    }

A run is a flat dict of measurements (key -> number). A target holds for a run when every bound
holds for that run's value (a ratio uses that run's own floor, so a busy machine slows both), and
a figure's target is met when it holds for every run: the worst run decides. Everything here is a
pure function of the specs and the runs, so tests/test_bench.py checks the verdicts directly.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable

Figure = dict
Run = dict


def fmt(value, unit: str) -> str:
    """Print a value in its unit: 1234.5 ms -> '1235 ms', 0.53 s -> '530 ms', bytes -> KiB..."""
    if value is None:
        return "-"
    if isinstance(value, float) and math.isnan(value):
        return "nan"
    if unit == "ms":
        return f"{value:.0f} ms" if value >= 100 else f"{value:.1f} ms"
    if unit == "s":
        return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"
    if unit == "bytes":
        if value >= 1024 * 1024:
            return f"{value / 1024 / 1024:.2f} MiB"
        if value >= 1024:
            return f"{value / 1024:.1f} KiB"
        return f"{value:.0f} B"
    if unit == "MB":  # resident memory, in MiB as /proc reports kB
        return f"{value:.0f} MB" if value >= 10 else f"{value:.1f} MB"
    if unit == "count":
        return f"{value:,.0f}"
    if unit == "bool":
        return "yes" if value else "no"
    if unit == "load":  # a load average, as uptime prints it
        return f"{value:.2f}"
    if unit == "req/s":
        return f"{value:.0f} req/s"
    return f"{value:g}{(' ' + unit) if unit else ''}"


def ratio(value: float | None, floor: float | None) -> float | None:
    """value / floor, or None when either is missing or the floor is not positive."""
    if value is None or floor is None or floor <= 0:
        return None
    return value / floor


def checks(spec: Figure, run: Run) -> list[tuple[float, float, bool]]:
    """Each bound of the figure's target for one run: (measured, limit, lower_is_better).

    A ratio bound compares the value's ratio to the run's own floor with the allowed ratio.
    """
    value = run.get(spec["key"])
    if value is None:
        return []
    found = []
    if "at_most" in spec:
        found.append((float(value), float(spec["at_most"]), True))
    if "at_least" in spec:
        found.append((float(value), float(spec["at_least"]), False))
    if "ratio_at_most" in spec:
        measured = ratio(value, run.get(spec["floor"]))
        # A floor that failed to measure cannot vouch for the figure: it counts as missed.
        found.append((math.inf if measured is None else measured,
                      float(spec["ratio_at_most"]), True))
    return found


def has_target(spec: Figure) -> bool:
    return any(bound in spec for bound in ("at_most", "at_least", "equals", "ratio_at_most"))


def run_meets(spec: Figure, run: Run) -> bool | None:
    """Whether one run meets the figure's target; None when it has none or was not measured."""
    if not has_target(spec) or run.get(spec["key"]) is None:
        return None
    if "equals" in spec and run[spec["key"]] != spec["equals"]:
        return False
    return all(measured <= limit if lower else measured >= limit
               for measured, limit, lower in checks(spec, run))


def verdict(spec: Figure, runs: list[Run]) -> bool | None:
    """Met when every run that measured the figure meets it (the worst run decides)."""
    results = [run_meets(spec, run) for run in runs]
    results = [result for result in results if result is not None]
    if not results:
        return None
    return all(results)


def headroom(spec: Figure, runs: list[Run]) -> float | None:
    """How far the worst run stays inside the target's tightest bound, as a fraction of it.

    0.25: the worst run used three quarters of what the target allows; negative: missed by that
    much. None for figures without a numeric bound.
    """
    margins = []
    for run in runs:
        for measured, limit, lower in checks(spec, run):
            if limit == 0:
                continue
            margins.append((limit - measured) / limit if lower else (measured - limit) / limit)
    return min(margins) if margins else None


def spread(values: list[float]) -> tuple[float, float, float]:
    """(min, median, max) of the values."""
    return min(values), statistics.median(values), max(values)


def values_of(key: str, runs: list[Run]) -> list:
    return [run[key] for run in runs if run.get(key) is not None]


def median_run(key: str, runs: list[Run]) -> Run | None:
    """The run whose value is the median (the lower middle for an even count)."""
    measured = sorted((run for run in runs if run.get(key) is not None), key=lambda r: r[key])
    return measured[(len(measured) - 1) // 2] if measured else None


def target_text(spec: Figure) -> str:
    unit = spec.get("unit", "")
    parts = []
    if "equals" in spec:
        parts.append(fmt(spec["equals"], unit) if unit != "status" else str(spec["equals"]))
    if "at_most" in spec:
        parts.append(f"<= {fmt(spec['at_most'], unit)}")
    if "at_least" in spec:
        parts.append(f">= {fmt(spec['at_least'], unit)}")
    if "ratio_at_most" in spec:
        parts.append(f"<= {spec['ratio_at_most']:g}x floor")
    return " and ".join(parts)


def worst_ratio(spec: Figure, runs: list[Run]) -> float | None:
    ratios = [ratio(run.get(spec["key"]), run.get(spec["floor"])) for run in runs]
    ratios = [r for r in ratios if r is not None]
    return max(ratios) if ratios else None


def row(spec: Figure, runs: list[Run], context: dict) -> tuple[str, ...] | None:
    """One table row: name, measured (min / median / max), target, floor, ratio, verdict."""
    values = values_of(spec["key"], runs)
    if not values:
        return None
    unit = spec.get("unit", "")
    low, middle, high = spread(values)
    if len(values) == 1 or low == high:
        measured = fmt(middle, unit)
    else:
        measured = f"{fmt(low, unit)} / {fmt(middle, unit)} / {fmt(high, unit)}"
    floor_text = ratio_text = ""
    if "floor" in spec:
        floors = values_of(spec["floor"], runs)
        if floors:
            floor_text = fmt(statistics.median(floors), unit)
        worst = worst_ratio(spec, runs)
        ratio_text = "" if worst is None else f"{worst:.2f}x"
    note = spec.get("note")
    middle_run = median_run(spec["key"], runs)
    if note and middle_run is not None:
        try:
            floor_text = (floor_text + "; " if floor_text else "") + note(middle_run)
        except (KeyError, TypeError, ValueError):
            pass  # a note needing a value this run did not measure is left out
    met = verdict(spec, runs)
    room = headroom(spec, runs)
    verdict_text = {True: "MET", False: "NOT MET", None: "-"}[met]
    if met is not None and room is not None:
        verdict_text += f" ({room:+.0%})"
    return (spec["name"].format(**context), measured, target_text(spec), floor_text, ratio_text,
            verdict_text)


HEADER = ("figure", "min / median / max", "target", "floor (median); notes", "worst ratio",
          "verdict (headroom)")


def markdown(rows: list[tuple[str, ...]], header: tuple[str, ...]) -> str:
    """Rows as a Markdown table, padded so it reads in a terminal too."""
    rows = [header, *rows]
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
    lines = ["| " + " | ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=True)) + " |"
             for r in rows]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


def table(specs: list[Figure], runs: list[Run], context: dict | None = None) -> str:
    """The figures measured in `runs` as a Markdown table (figures no run measured are left out)."""
    rows = [r for r in (row(spec, runs, context or {}) for spec in specs) if r is not None]
    return markdown(rows, HEADER)


def missed(specs: list[Figure], runs: list[Run]) -> list[str]:
    """The keys of the figures whose target was not met."""
    return [spec["key"] for spec in specs if verdict(spec, runs) is False]


def loglog_exponent(sizes: list[float], values: list[float]) -> float | None:
    """The slope of the least-squares line through (log size, log value): the growth exponent.

    1.0 grows in proportion to the size, 0 stays flat, 2 is quadratic. Pairs with a value that
    is missing or not positive are left out; fewer than two pairs give None.
    """
    pairs = [(math.log(s), math.log(v)) for s, v in zip(sizes, values, strict=True)
             if s and s > 0 and v is not None and v > 0]
    if len(pairs) < 2:
        return None
    mean_x = sum(x for x, _ in pairs) / len(pairs)
    mean_y = sum(y for _, y in pairs) / len(pairs)
    spread_x = sum((x - mean_x) ** 2 for x, _ in pairs)
    if spread_x == 0:
        return None
    return sum((x - mean_x) * (y - mean_y) for x, y in pairs) / spread_x


def growth_table(specs: list[Figure], sizes: list[int], runs: list[Run],
                 describe: Callable[[float | None], str] | None = None) -> str:
    """A row per size and a last row with each figure's log-log exponent."""
    header = ("attendees", *(spec["name"] for spec in specs))
    rows = [(f"{size:,}", *(fmt(run.get(spec["key"]), spec.get("unit", "")) for spec in specs))
            for size, run in zip(sizes, runs, strict=True)]
    exponents = []
    for spec in specs:
        if not spec.get("fit", True):  # a condition of the run (its load), not a growth
            exponents.append("-")
            continue
        exponent = loglog_exponent(sizes, [run.get(spec["key"]) for run in runs])
        exponents.append("-" if exponent is None else
                         (describe(exponent) if describe else f"{exponent:.2f}"))
    rows.append(("exponent (log-log fit)", *exponents))
    return markdown(rows, header)
