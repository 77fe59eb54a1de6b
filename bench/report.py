"""Print figures as a table: what was measured, the target, the baseline from the same run."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Figure:
    """One line of the report."""

    name: str
    measured: str
    target: str = ""
    baseline: str = ""
    met: bool | None = None  # None: a figure with no target

    @property
    def verdict(self) -> str:
        return {True: "met", False: "NOT MET", None: "-"}[self.met]


def seconds(value: float) -> str:
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def size(count: int) -> str:
    if count >= 1024 * 1024:
        return f"{count / 1024 / 1024:.2f} MiB"
    if count >= 1024:
        return f"{count / 1024:.1f} KiB"
    return f"{count} B"


def table(figures: list[Figure]) -> str:
    """Return the figures as a Markdown table (readable in a terminal, pasteable in the README)."""
    header = ("figure", "measured", "target", "baseline (same run)", "verdict")
    rows = [header] + [(f.name, f.measured, f.target, f.baseline, f.verdict) for f in figures]
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = ["| " + " | ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)) + " |"
             for row in rows]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)
