"""The ablation table: every pattern's statistic with all mechanisms on, and with each one switched off.

Read across a row to see which mechanisms a pattern rests on: a cell that
leaves the pattern's bounds marks a mechanism the pattern needs. The
pattern's own mechanisms (the ones its test switches off) are marked, and
each must be one of those cells; mechanisms outside them may matter too,
and the table shows by how much.
"""

from __future__ import annotations

import pandas as pd

from greencoop.engine.mechanisms import MECHANISMS
from greencoop.experiments.patterns import PATTERNS, statistics
from greencoop.text import format_number

#: Column of the statistics with every mechanism on.
ALL_ON = "all on"


def ablation_table(seeds: int) -> pd.DataFrame:
    """(pattern x ALL_ON and each mechanism) statistics over ``seeds`` runs per setting."""
    columns = {ALL_ON: statistics(PATTERNS, seeds)}
    for mechanism in MECHANISMS:
        columns[mechanism.name] = statistics(PATTERNS, seeds, switched_off=[mechanism.name])
    return pd.DataFrame(columns).loc[[p.name for p in PATTERNS]]


def to_markdown(table: pd.DataFrame, seeds: int) -> str:
    """The table as Markdown: one row per pattern, failing cells in bold, own mechanisms marked with *."""
    patterns = {p.name: p for p in PATTERNS}
    lines = [
        f"Each pattern's statistic over {seeds} runs per setting, with all mechanisms on and with one switched "
        "off. **Bold**: the pattern fails (the statistic leaves its bounds). \\*: one of the pattern's own "
        "mechanisms, which its test switches off.",
        "",
        "| pattern | bounds | " + " | ".join(table.columns) + " |",
        "|---|---|" + "---|" * len(table.columns),
    ]
    for name, row in table.iterrows():
        pattern = patterns[name]
        low, high = pattern.bounds
        bounds = f"≥ {_number(low)}" if high == float("inf") else (
            f"≤ {_number(high)}" if low == -float("inf") else f"{_number(low)} to {_number(high)}")
        cells = []
        for column, value in row.items():
            text = _number(value)
            if not pattern.holds(value):
                text = f"**{text}**"
            if column in pattern.mechanisms:
                text += "\\*"
            cells.append(text)
        lines.append(f"| {name} | {bounds} | " + " | ".join(cells) + " |")
    lines += ["", "Mechanisms:", ""]
    lines += [f"- `{m.name}`: {m.description}." for m in MECHANISMS]
    lines += ["", "Patterns:", ""]
    lines += [f"- `{p.name}` (fact {p.fact}): {p.claim}." for p in PATTERNS]
    return "\n".join(lines) + "\n"


def _number(value: float) -> str:
    return format_number(value, "en", decimals=3)
