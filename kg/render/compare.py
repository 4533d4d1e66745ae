"""The text of a comparison: per therapy, the paired recommendations side by side with their differences, then
the drug-class level. Reads a kg.questions.compare Comparison; computes nothing."""

from __future__ import annotations

from .. import EDUCATIONAL_NOTICE
from .words import short


def _side_lines(side) -> list[str]:
    lines = [
        f"    {side.article_title} ({short(side.article)}): {side.therapy_label}, {side.stage or '?'}, "
        f"{side.population or 'population not stated'}"
    ]
    if side.dose:
        lines.append(
            f"      dose: {side.dose.display}"
            + (f" (as given for {short(side.dose_from)})" if side.dose_from else "")
        )
        if side.dose.quantity:
            lines.append(f"        compared as: {side.dose.quantity}")
        for step in side.dose.formula:
            lines.append(f"        normalised: {step}")
    if side.indication:
        lines.append(f"      indication: {'; '.join(side.indication)}")
    for f in side.flags:
        lines.append(f"      curator flag ({f['level']}): {f['message']}")
    for c in side.citations:
        refs = "; ".join(c["references"]) or "no resolving reference"
        unresolved = f", unresolved: {', '.join(c['unresolved'])}" if c["unresolved"] else ""
        lines.append(f"      cites: {c['locator']} [markers {c['markers'] or 'none'}] → {refs}{unresolved}")
    return lines


def render_comparison(result) -> str:
    out = []
    if result.subject:
        out.append(f"comparison for {result.subject_label} ({short(result.subject)})")
    if not result.therapies:
        addressed = ", ".join(short(a) for a in result.addressed_by) or "no article"
        out.append(f"no therapy, and no drugs the graph relates, are addressed by more than one article "
                   f"(addressed by: {addressed})")
    for tc in result.therapies:
        out.append("")
        out.append(f"== {tc.label}")
        out.append(f"  paired because: {tc.pairing.text}")
        if tc.pairing.justification:
            out.append(f"    justification: {tc.pairing.justification}")
        if tc.pairing.source:
            out.append(f"    source: {tc.pairing.source}")
        for row in tc.rows:
            head = row.classification + (f" ({row.underlying})" if row.underlying else "")
            out.append(f"  * {head}")
            if row.paired_because:
                out.append(f"      paired because: {'; '.join(row.paired_because)}")
            for reason in row.explained_by:
                out.append(f"      {reason}")
            for d in row.differences:
                if d["field"] in ("population", "indication"):
                    continue
                vals = " | ".join(str(v) if v is not None else "—" for v in d["values"])
                note = f" ({d['note']})" if d.get("note") else ""
                out.append(f"      {d['field']}: {vals}{note}")
            for side in row.sides:
                out.extend(_side_lines(side))
    if result.classes:
        out.append("")
        out.append("== drug-class level (drugs of one class; doses shown, not equated)")
        for cc in result.classes:
            out.append(f"  {cc.label}:")
            for article, items in cc.by_article.items():
                out.append(f"    {short(article)}:")
                for item in items:
                    doses = "; ".join(item.doses) or "no dose recorded"
                    out.append(f"      {item.stage}: {item.therapy_label} ({doses})")
            for pair in cc.pairs:
                a, b = (f"{label} ({short(art)})" for label, art in zip(pair.labels, pair.articles, strict=True))
                out.append(f"    {pair.stage}: {a} ↔ {b}: {pair.because.text}")
    return "\n".join(out) + "\n"


def comparison_text(result) -> str:
    """`kg compare` as text: the comparison, then the educational-use notice."""
    return render_comparison(result) + EDUCATIONAL_NOTICE + "\n"
