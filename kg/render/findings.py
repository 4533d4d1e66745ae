"""The text of `kg check`: one line per finding shown, then the count at each level."""

from __future__ import annotations


def check_text(report) -> str:
    """A kg.questions.integrity CheckReport as text (findings at the report's level and above, then the summary)."""
    summary = report.summary
    lines = [f.one_line() for f in report.findings]
    lines.append(f"{summary['error']} error(s), {summary['warning']} warning(s), {summary['info']} info")
    return "\n".join(lines) + "\n"
