"""The text of a trace: the statements behind a thing (or relying on a reference) by article, and what
withdrawing a reference would leave unsupported. Reads kg.questions.evidence's Trace and Impact; computes nothing."""

from __future__ import annotations

from .. import EDUCATIONAL_NOTICE
from .words import short


def _citation_line(c) -> str:
    if not c.resolved:
        return f"[{c.label}] does not resolve: no reference-list entry" + (
            " (flagged by curator)" if c.flagged_unresolved else ""
        )
    return (
        f"[{c.label}] → #{c.position} {c.type_as_printed or c.work_type}: {c.title_as_printed} — "
        f"{c.source_as_printed}, {c.year_as_printed}"
    )


def render_trace(t) -> str:
    out = []
    direction = "evidence for" if t.direction == "back" else "relies on"
    out.append(
        f"{t.subject_kind} {t.subject_label} ({short(t.subject)}) — {direction}"
        if t.direction == "back"
        else f"reference {t.subject_label} ({short(t.subject)}) — what relies on it"
    )
    if t.entries:
        for e in t.entries:
            out.append(
                f"  listed in {e['article_title']} as #{e['position']}; "
                f"cited by {e['cited_by_statements']} statement(s)"
            )
    holders_by_article: dict[str, list] = {}
    for h in t.holders:
        holders_by_article.setdefault(h.article or "", []).append(h)
    by_article = t.by_article()
    for article in sorted(set(by_article) | set(holders_by_article)):
        statements = by_article.get(article, [])
        title = statements[0].article_title if statements else short(article)
        out.append("")
        out.append(f"== {title} ({short(article)})")
        for h in holders_by_article.get(article, []):
            out.append(f"  {h.kind}: {h.label}")
            for place in h.feeds:
                bits = [place.get("condition"), place.get("stage"), place.get("therapy"), place.get("population")]
                out.append("      feeds: " + " / ".join(b for b in bits if b))
        for st in statements:
            out.append(f"  • {st.locator}  (line {st.source_line}, markers: {st.markers_as_printed or 'none'})")
            if st.summary:
                out.append(f"      summary: {st.summary}")
            if st.source:
                status = st.source["status"]
                if st.source.get("text"):
                    out.append(f"      text [{status}]: {st.source['text']}")
                else:
                    out.append(f"      text [{status}]: {st.source.get('detail', '')}")
            if not st.citations:
                out.append("      cites nothing")
            for c in st.citations:
                out.append("      " + _citation_line(c))
    orphan_holders = holders_by_article.get("", [])
    for h in orphan_holders:
        out.append(f"  {h.kind}: {h.label}")
    if not t.statements:
        out.append("no statements found")
    return "\n".join(out) + "\n"


def render_impact(im) -> str:
    out = [f"if {im.reference_label} ({short(im.reference)}) were withdrawn:", ""]
    out.append(f"left with no supporting reference ({len(im.left_without_support)}):")
    for item in im.left_without_support:
        out.append(f"  - {item.kind}: {item.label}  [{short(item.article)}]")
    out.append("")
    out.append(f"keeps other support ({len(im.keeps_other_support)}):")
    for item in im.keeps_other_support:
        which = "; ".join(o["title"] for o in item.other_support)
        out.append(f"  - {item.kind}: {item.label}  [{short(item.article)}] — still cited: {which}")
    out.append("")
    out.append("conditions and treatment-path places affected:")
    for place in im.feeds:
        out.append(
            "  - "
            + " / ".join(
                v
                for v in (place.get("condition"), place.get("stage"), place.get("therapy"), place.get("population"))
                if v
            )
        )
    return "\n".join(out) + "\n"


def trace_text(t) -> str:
    """`kg trace` as text: the trace, then the educational-use notice."""
    return render_trace(t) + EDUCATIONAL_NOTICE + "\n"


def impact_text(im) -> str:
    """`kg trace --impact` as text: what would be left unsupported, then the educational-use notice."""
    return render_impact(im) + EDUCATIONAL_NOTICE + "\n"
