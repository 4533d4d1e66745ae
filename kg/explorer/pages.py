"""Page handlers: treatment path, evidence, comparison, search and the SPARQL editor.

Each handler reads the query string, calls the library function the CLI calls for the same question,
and renders the result; no clinical logic and no arithmetic happen here or in the templates.
"""

from __future__ import annotations

import urllib.parse
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from ..errors import KgError, QueryError
from . import calls
from .app import Explorer

if TYPE_CHECKING:
    from ..questions.path_model import TreatmentPath

# ---------------------------------------------------------------- the patient form


@dataclass
class PatientForm:
    """What the form holds, as typed; `query` rebuilds the shareable URL of this patient."""

    condition: str = ""
    age: str = ""
    sex: str = ""
    weight: str = ""
    height: str = ""
    has: list[str] = field(default_factory=list)
    avoid: list[str] = field(default_factory=list)
    response: str = ""
    crcl: str = ""
    egfr: str = ""

    @classmethod
    def from_request(cls, request: Request) -> PatientForm:
        q = request.query_params

        def one(name: str) -> str:
            return (q.get(name) or "").strip()

        return cls(one("condition"), one("age"), one("sex"), one("weight"), one("height"),
                   _unique(v.strip() for v in q.getlist("has") if v.strip()),
                   _unique(v.strip() for v in q.getlist("avoid") if v.strip()), one("response"), one("crcl"),
                   one("egfr"))

    def query(self) -> str:
        pairs = [(k, v) for k, v in (("condition", self.condition), ("age", self.age), ("sex", self.sex),
                                     ("weight", self.weight), ("height", self.height), ("crcl", self.crcl),
                                     ("egfr", self.egfr)) if v]
        pairs += [("has", h) for h in self.has] + [("avoid", a) for a in self.avoid]
        if self.response:
            pairs.append(("response", self.response))
        return urllib.parse.urlencode(pairs)

    def patient(self):
        """The kg.questions.paths.Patient for this form; an InputError names the field (by its label) and the value."""
        from ..questions.paths import check_patient, typed_patient

        p = typed_patient(self.age or None, self.sex or None, self.weight or None, self.height or None,
                          self.has, self.avoid, self.response or None, crcl=self.crcl or None,
                          egfr=self.egfr or None)
        check_patient(p)
        return p


def _unique(items) -> list[str]:
    out: list[str] = []
    for x in items:
        if x not in out:
            out.append(x)
    return out


def path_page(ex: Explorer, request: Request) -> Response:
    form = PatientForm.from_request(request)
    path, error, status = None, None, 200
    if form.condition:
        try:
            path = ex.call(calls.path_call, form.condition, form.patient())
        except KgError as e:
            error, status = str(e), 400
    groups = _group_steps(path) if path else None
    return ex.page("path.html", status, page="path", form=form, path=path, groups=groups, error=error,
                   condition_names=ex.choices.condition_names(), features=ex.choices.features(),
                   therapies=ex.choices.therapies(), share=form.query())


def _group_steps(path: TreatmentPath) -> dict:
    """Steps for this patient by article then stage (in the library's order); other populations apart."""
    articles: list[dict] = []
    bounds = {p.iri: p.bounds for p in path.populations}
    for step in path.steps:
        if step.population_match is False:
            continue
        src = step.source
        if not articles or articles[-1]["iri"] != src.article:
            articles.append({"iri": src.article, "title": src.article_title or src.article,
                             "population": src.population.label if src.population else None,
                             "bounds": bounds.get(src.population.iri) if src.population else None,
                             "stages": []})
        stages = articles[-1]["stages"]
        if not stages or stages[-1]["label"] != step.stage.label:
            stages.append({"label": step.stage.label, "steps": []})
        stages[-1]["steps"].append(step)
    others = [s for s in path.steps if s.population_match is False]
    return {"articles": articles, "others": others}


# ---------------------------------------------------------------- evidence


def evidence_page(ex: Explorer, request: Request) -> Response:
    thing = (request.query_params.get("thing") or "").strip()
    reference = (request.query_params.get("reference") or "").strip()
    trace = imp = error = None
    status = 200
    try:
        if reference or thing:
            trace, imp = ex.call(calls.evidence_call, thing, reference, ex.sources())
    except KgError as e:
        error, status = str(e), 400
    holders_by_article: dict[str, list] = {}
    if trace:
        for h in trace.holders:
            holders_by_article.setdefault(h.article or "", []).append(h)
    return ex.page("evidence.html", status, page="evidence", thing=thing, reference=reference, trace=trace,
                   impact=imp, error=error, by_article=trace.by_article() if trace else {},
                   holders_by_article=holders_by_article, sources=ex.sources() is not None)


# ---------------------------------------------------------------- comparison


def compare_page(ex: Explorer, request: Request) -> Response:
    subject = (request.query_params.get("subject") or "").strip()
    result, error, status = None, None, 200
    run = "subject" in request.query_params
    if run:
        try:
            result = ex.call(calls.compare_call, subject)
        except KgError as e:
            error, status = str(e), 400
    return ex.page("compare.html", status, page="compare", subject=subject, result=result, error=error,
                   condition_names=ex.choices.condition_names(), therapies=ex.choices.therapies())


# ---------------------------------------------------------------- search


def search_page(ex: Explorer, request: Request) -> Response:
    q = (request.query_params.get("q") or "").strip()
    hits = ex.choices.search(q) if q else {}
    return ex.page("search.html", page="search", q=q, hits=hits, total=sum(len(v) for v in hits.values()))


# ---------------------------------------------------------------- SPARQL editor


def _named(ex: Explorer) -> dict:
    if ex.config.queries_dir is None or not ex.config.queries_dir.is_dir():
        return {}
    from ..read.queries import named_queries

    return named_queries(ex.config.queries_dir)


def sparql_page(ex: Explorer, request: Request) -> Response:
    named = _named(ex)
    chosen = request.query_params.get("name") or ""
    text = request.query_params.get("query") or ""
    values: dict[str, str] = {}
    error, status = None, 200
    if chosen:
        if chosen not in named:
            error, status = f"unknown named query {chosen!r}", 404
        else:
            q = named[chosen]
            values = {p.name: (request.query_params.get(p.name) or "").strip() for p in q.params}
            try:
                text = prepared_text(ex, q, values) if not text else text
            except KgError as e:
                error, status, text = str(e), 400, q.text
    from ..vocab.namespaces import PREFIXES

    return ex.page("sparql.html", status, page="sparql", named=named, chosen=chosen, text=text, values=values,
                   error=error, prefixes=sorted(PREFIXES.items()), config=ex.config)


def prepared_text(ex: Explorer, q, values: dict[str, str]) -> str:
    """The named query's text; with its parameters given, a trailing VALUES clause binds them.

    Each value is resolved as `kg query --param` resolves it (names → IRIs, typed literals) and written
    as an RDF term (rdflib's N3 form escapes it), so the user sees and may edit the exact query that the
    endpoint's guards then parse. Parameters left empty are left unbound, as the query file has them.
    """
    from ..read.queries import bind_params

    given = {k: v for k, v in values.items() if v}
    if not given:
        return q.text
    declared = {p.name for p in q.params}
    bound = bind_params(_Partial(q, given), given, ex.names) if given else {}
    assert set(bound) <= declared
    names = sorted(bound)
    clause = "VALUES (" + " ".join(f"?{n}" for n in names) + ") { (" + " ".join(bound[n].n3() for n in names) + ") }"
    return q.text.rstrip() + "\n" + clause + "\n"


class _Partial:
    """A named query restricted to the parameters given, so bind_params accepts a partial binding."""

    def __init__(self, q, given: dict[str, str]) -> None:
        self.name = q.name
        self.params = [p for p in q.params if p.name in given]


def named_query(ex: Explorer, request: Request) -> Response:
    """JSON for the editor: a named query's text with the parameters given bound (see prepared_text)."""
    named = _named(ex)
    name = request.query_params.get("name") or ""
    if name not in named:
        return JSONResponse({"error": f"unknown named query {name!r}"}, status_code=404)
    q = named[name]
    values = {p.name: (request.query_params.get(p.name) or "").strip() for p in q.params}
    try:
        return JSONResponse({"name": name, "query": prepared_text(ex, q, values)})
    except (QueryError, KgError) as e:
        return JSONResponse({"error": str(e)}, status_code=400)

