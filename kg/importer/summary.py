"""What an import did, in numbers, and what needs a curator's eye (pure: data in, data out)."""

from __future__ import annotations

from dataclasses import dataclass, field

from .draft import Draft, Note


@dataclass
class ImportSummary:
    file: str
    layout: str
    output: str
    statements_read: int
    structured: int
    lead_ins: int
    unstructured: int
    doses_parsed: int
    doses_with_amount: int
    recommendations: int
    cautions: int
    monitoring: int
    markers_resolved: list[str]
    markers_dangling: list[str]
    references_matched: int
    references_new: int
    problems: list[tuple[int, str]] = field(default_factory=list)
    needs_attention: list[Note] = field(default_factory=list)
    lines_read: int = 0
    lines_placed: int = 0
    lines_skipped: list[tuple[int, str]] = field(default_factory=list)
    references_read: int = 0
    headings_empty: list[int] = field(default_factory=list)  # lines of headings with no statement under them

    def as_dict(self, show_text: bool = True) -> dict:
        return {
            "file": self.file,
            "layout": self.layout,
            "output": self.output,
            "statements": {
                "read": self.statements_read,
                "structured": self.structured,
                "lead_ins": self.lead_ins,
                "unstructured": self.unstructured,
            },
            "doses": {"parsed": self.doses_parsed, "with_amount": self.doses_with_amount},
            "recommendations": self.recommendations,
            "cautions": self.cautions,
            "monitoring": self.monitoring,
            "markers": {"resolved": self.markers_resolved, "dangling": self.markers_dangling},
            "references": {
                "read": self.references_read,
                "matched": self.references_matched,
                "new": self.references_new,
            },
            "lines": {
                "read": self.lines_read,
                "placed": self.lines_placed,
                "skipped": [{"line": n, "why": why} for n, why in self.lines_skipped],
                "headings_with_nothing_under": self.headings_empty,
            },
            "problems": [{"line": line, "message": message} for line, message in self.problems],
            "needs_attention": [
                {"locator": n.locator, "line": n.line, "level": n.level, "reason": n.reason}
                | ({"text": n.text} if show_text and n.text else {})
                for n in self.needs_attention
            ],
        }

    def lines(self, show_text: bool = True, width: int = 100) -> list[str]:
        out = [
            f"{self.file} ({self.layout}) -> {self.output}",
            f"  statements: {self.statements_read} read, {self.structured} structured, {self.lead_ins} lead-ins, "
            f"{self.unstructured} left unstructured",
            f"  doses: {self.doses_parsed} parsed ({self.doses_with_amount} with an amount); "
            f"{self.recommendations} recommendations, {self.cautions} cautions, {self.monitoring} monitoring items",
            f"  markers: {len(self.markers_resolved)} resolved"
            + (f" ({', '.join(self.markers_resolved)})" if self.markers_resolved else "")
            + f", {len(self.markers_dangling)} dangling"
            + (f" ({', '.join(self.markers_dangling)})" if self.markers_dangling else ""),
            f"  references: {self.references_read} read: {self.references_matched} matched to works in the graph, "
            f"{self.references_new} new",
            f"  lines: {self.lines_read} non-blank, {self.lines_placed} placed (header, headings, statements, "
            f"references), {len(self.lines_skipped)} skipped"
            + (f", {len(self.headings_empty)} heading(s) with nothing under them (lines "
               + ", ".join(map(str, self.headings_empty)) + ")" if self.headings_empty else "")
            + (
                " (" + ", ".join(f"{n}: {why}" for n, why in self.lines_skipped[:6])
                + (", …" if len(self.lines_skipped) > 6 else "") + ")"
                if self.lines_skipped
                else ""
            ),
        ]
        for line, message in self.problems:
            out.append(f"  WARNING line {line}: {message}")
        if self.needs_attention:
            out.append(f"  needs a curator's eye ({len(self.needs_attention)}):")
            for n in self.needs_attention:
                out.append(f"    {n.level.upper():7} {n.locator} (line {n.line}): {n.reason}")
                if show_text and n.text:
                    text = n.text if len(n.text) <= width else n.text[: width - 1] + "…"
                    out.append(f"            | {text}")
        return out


def summarise(
    draft: Draft, file: str, layout: str, output: str, problems: list[tuple[int, str]], article=None, text: str = ""
) -> ImportSummary:
    structured = sum(1 for s in draft.statements if s.structured)
    lead_ins = sum(1 for s in draft.statements if not s.structured and s.role == "kgv:RoleLeadIn")
    out = ImportSummary(
        file=file,
        layout=layout,
        output=output,
        statements_read=len(draft.statements),
        structured=structured,
        lead_ins=lead_ins,
        unstructured=len(draft.statements) - structured - lead_ins,
        doses_parsed=len(draft.doses),
        doses_with_amount=sum(1 for d in draft.doses if not d.dose.amount_not_stated),
        recommendations=len(draft.recommendations),
        cautions=draft.cautions,
        monitoring=draft.monitoring,
        markers_resolved=draft.markers_resolved,
        markers_dangling=draft.markers_dangling,
        references_matched=draft.references_matched,
        references_new=draft.references_new,
        problems=sorted(problems),
        needs_attention=sorted(draft.notes, key=lambda n: (n.line, n.locator, n.reason)),
    )
    if article is not None:
        out.references_read = len(article.references)
        out.lines_read = sum(1 for ln in text.splitlines() if ln.strip())
        out.lines_skipped = sorted(article.skipped)
        out.headings_empty = sorted(article.empty_headings)
        out.lines_placed = out.lines_read - len(article.skipped) - len(article.unaccounted(text))
        for n in article.unaccounted(text):
            out.problems.append((n, "line not placed by the reader (neither header, heading, statement nor reference)"))
        out.problems.sort()
    return out
