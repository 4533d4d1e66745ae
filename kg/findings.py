"""Data-quality findings, collected as typed records rather than raised one at a time."""

from __future__ import annotations

from dataclasses import dataclass

LEVELS = ("error", "warning", "info")


@dataclass(frozen=True, order=True)
class Finding:
    """One problem: what kind, how serious, and where (file, node, property, rule, article, locator)."""

    level: str
    kind: str
    message: str
    article: str | None = None
    locator: str | None = None
    node: str | None = None
    path: str | None = None
    rule: str | None = None
    file: str | None = None

    def as_dict(self) -> dict:
        # Every field is a string or None: the instance's own attributes, in field order, are what
        # dataclasses.asdict gives, without its deep copy (most of the CPU of writing a build's integrity report).
        return {k: v for k, v in vars(self).items() if v is not None}

    def one_line(self) -> str:
        where = " ".join(
            x
            for x in (
                self.file and f"{self.file}:",
                self.article and f"[{self.article}]",
                self.locator and f"at {self.locator}",
                self.node and f"node {self.node}",
                self.path and f"property {self.path}",
                self.rule and f"rule {self.rule}",
            )
            if x
        )
        return f"{self.level.upper()} {self.kind}: {self.message}" + (f" — {where}" if where else "")


def count(findings: list[Finding], level: str) -> int:
    return sum(1 for f in findings if f.level == level)
