"""Reading an importer draft back as a curator would: which therapy is recommended at which stage, which drug a
caution is about; and drafting one invented sentence in a small article, as the importer tests do."""

from __future__ import annotations

from rdflib import Graph

from kg.importer.draft import build_draft
from kg.importer.markdown import read_any
from kg.vocab.namespaces import KGV

# one invented sentence (after an optional lead line) under a Treatment heading, with one reference
SENTENCE_ARTICLE = """What is the treatment of an invented test condition?

Last updated: May 5, 2021

Invented Test Guidance {title}

Treatment

{lead}{sentence} 1

References

1. An invented guidance title for a {test} test. Example Publisher, 2020.
"""
PARACETAMOL_LEAD = "Offer paracetamol 1 g orally every 6 hours. 1\n"

# a bulleted body under a Treatment heading of an invented article with one reference
TREATMENT_ARTICLE = """Treatment of an Invented Condition (Invented Test Guidance)

Last updated: May 5, 2021

Treatment

{body}

References

1) An invented guidance title for a {test} test. Example Publisher. 2020.
"""


def treatment_draft(lexicon, body: str, *, test: str, name: str):
    """The draft of TREATMENT_ARTICLE with `body` under its Treatment heading, read as the file `name`."""
    article, _ = read_any(TREATMENT_ARTICLE.format(body=body, test=test).encode(), name)
    return build_draft(article, lexicon, name)


def section_article(condition: str, guidance: str, test: str) -> str:
    """An invented article with one section: a template to fill with its {heading} and {body}"""
    return f"""What is the treatment of an invented {condition} condition?

Last updated: May 5, 2021

Invented {guidance} Guidance

{{heading}}

{{body}}

References

Guideline
An invented guidance title for a {test} test
Example Publisher, 2020
"""


def sentence_draft(lexicon, sentence: str, *, name: str, title: str, test: str, lead: str = ""):
    """(graph, draft) of SENTENCE_ARTICLE read from the file `name`"""
    text = SENTENCE_ARTICLE.format(title=title, test=test, lead=lead, sentence=sentence)
    article, _ = read_any(text.encode(), name)
    draft = build_draft(article, lexicon, name)
    return Graph().parse(data=draft.ttl, format="turtle"), draft


def warned_agents(draft) -> set[tuple[str, str]]:
    """(agent local name or 'none', caution kind) for each caution the draft states"""
    return {((agent or "none").rsplit("/", 1)[-1], kind) for _st, agent, kind in draft.caution_facts}


def warned_subjects(draft) -> set[tuple[str, str]]:
    """warned_agents, leaving out the partner of a combination warning ("do not give X with Y" warns Y too, by the
    facts convention; this is who the sentence itself warns against)"""
    return {((agent or "none").rsplit("/", 1)[-1], kind) for st, agent, kind in draft.caution_facts
            if (st, agent) not in draft.combination_cautions}


def combination_partners(draft) -> set[tuple[str, str]]:
    """(agent local name, caution kind) of each caution drafted for the partner of a combination warning"""
    return {(agent.rsplit("/", 1)[-1], kind) for st, agent, kind in draft.caution_facts
            if agent and (st, agent) in draft.combination_cautions}


def recommended_stages(g: Graph) -> dict[str, set[str]]:
    """therapy local name -> the stages the draft recommends it at"""
    out: dict[str, set[str]] = {}
    for r in g.subjects(None, KGV.Recommendation):
        for t in g.objects(r, KGV.therapy):
            for s in g.objects(r, KGV.stage):
                out.setdefault(str(t).rsplit("/", 1)[-1], set()).add(str(s).rsplit("#", 1)[-1])
    return out


# one sentence under one heading of a small Markdown article (the dose-ownership tests' shape)
HEADED_SENTENCE_ARTICLE = """# An invented test condition

## {heading}

{sentence}
"""


def doses_by_drug(lexicon, sentence: str, heading: str = "Treatment", *, name: str = "doses.md"
                  ) -> dict[str, set[tuple[float, str]]]:
    """drug -> {(amount, unit)} as drafted from SENTENCE under HEADING."""
    article, _ = read_any(HEADED_SENTENCE_ARTICLE.format(sentence=sentence, heading=heading).encode(), name)
    g = Graph().parse(data=build_draft(article, lexicon, name).ttl, format="turtle")
    out: dict[str, set[tuple[float, str]]] = {}
    for rec in g.subjects(KGV.dose, None):
        drug = str(g.value(rec, KGV.therapy)).rsplit("/", 1)[-1]
        for dose in g.objects(rec, KGV.dose):
            amount = g.value(dose, KGV.amountMin)
            unit = str(g.value(dose, KGV.amountUnit)).rsplit("/", 1)[-1].rsplit("#", 1)[-1]
            if amount is not None:
                out.setdefault(drug, set()).add((float(amount), unit))
    return out


def page_draft(lexicon, header: str, body: str, ext: str = "txt"):
    """The draft of a small invented page: its header (title and date lines) then `body`, read as page.<ext>"""
    article, _ = read_any((header + body).encode(), f"page.{ext}")
    return build_draft(article, lexicon, f"page.{ext}")


def iri_local(iri: str | None) -> str | None:
    """The last path segment of an IRI ('.../therapy/amoxicillin' -> 'amoxicillin'); None stays None"""
    return iri.rsplit("/", 1)[-1] if iri else None


def warned_kinds(draft) -> dict[str, set[str]]:
    """drug local name (None when the warning names none) -> the caution kinds the draft states for it"""
    out: dict[str, set[str]] = {}
    for _, agent, kind in draft.caution_facts:
        out.setdefault(iri_local(agent), set()).add(kind)
    return out


def recommended_stage_names(draft) -> dict[str, set[str]]:
    """drug local name -> the stages (local names) the draft recommends it at"""
    out: dict[str, set[str]] = {}
    for r in draft.recommendations:
        out.setdefault(iri_local(r.therapy), set()).add(r.stage.rsplit("#", 1)[-1])
    return out


def build_errors(draft, tmp_path) -> list:
    """The error findings of `kg build` over a copy of the graph with `draft` added as one more article: [] when the
    draft is a well-formed curated source (the shapes, rules and vocabulary of the real graph judge it)."""
    import shutil

    from kg.config import GRAPH_DIR
    from kg.publish.build import build

    graph = tmp_path / "graph"
    for sub in ("vocab", "entities", "shapes", "rules", "articles"):
        shutil.copytree(GRAPH_DIR / sub, graph / sub)
    (graph / "articles" / f"{draft.slug}.ttl").write_text(draft.ttl, encoding="utf-8")
    return [f for f in build(graph, tmp_path / "store").findings if f.level == "error"]
