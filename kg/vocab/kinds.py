"""rdf:type -> kind: the one table every module reads (vocabulary, not clinical knowledge).

One row per class of the vocabulary that a view or a lookup groups by:
  kind   the coarse kind of the graph views (kg viz, the explorer: node colour, legend, kind filters);
  word   how `kg trace` names a node of that class where it holds evidence (finer than the kind for dose
         adjustments and diagnostic tests); None for classes a trace never lists as holders or things;
  names  the kinds a user-typed name may be looked up as (`kg paths`, `kg query --param NAME=…`, the importer).
         A "feature" is a condition or a patient state; a "condition" must be a kgv:Condition itself; a
         reference is looked up among the listed works (its two subclasses).
A new node kind is one row here (and its colour in kg.render.viz.KIND_STYLES).
"""

from __future__ import annotations

from typing import NamedTuple

from rdflib import URIRef

from .namespaces import KGV


class KindRow(NamedTuple):
    cls: URIRef
    kind: str | None
    word: str | None
    names: tuple[str, ...]


ROWS: tuple[KindRow, ...] = (
    KindRow(KGV.Condition, "condition", None, ("condition", "feature")),
    KindRow(KGV.PatientState, "condition", None, ("feature",)),
    KindRow(KGV.Drug, "therapy", "therapy", ("therapy",)),
    KindRow(KGV.DrugClass, "therapy", "therapy", ("therapy",)),
    KindRow(KGV.NonDrugTherapy, "therapy", "therapy", ("therapy",)),
    KindRow(KGV.CombinationTherapy, "therapy", "therapy", ("therapy",)),
    KindRow(KGV.Recommendation, "recommendation", "recommendation", ("recommendation",)),
    KindRow(KGV.DoseSchedule, "dose", "dose", ("dose",)),
    KindRow(KGV.DoseCeiling, "dose", "dose", ("dose",)),
    KindRow(KGV.DoseAdjustment, None, "dose adjustment", ()),
    KindRow(KGV.Caution, "caution", "caution", ("caution",)),
    KindRow(KGV.Contraindication, "caution", "caution", ()),
    KindRow(KGV.MonitoringItem, "monitoring", "monitoring", ("monitoring",)),
    KindRow(KGV.DiagnosticTest, "monitoring", "diagnostic test", ("monitoring",)),
    KindRow(KGV.Statement, "statement", "statement", ("statement",)),
    KindRow(KGV.GuidelineReference, "reference", None, ("reference",)),
    KindRow(KGV.ResearchReference, "reference", None, ("reference",)),
    KindRow(KGV.Reference, "reference", None, ()),
    KindRow(KGV.GuidelineArticle, "article", None, ("article",)),
    KindRow(KGV.Population, None, None, ("population",)),
)

# The views' kinds in legend order (the order of kg viz's legend and kind filters); "other" is everything else.
LEGEND: tuple[str, ...] = ("condition", "therapy", "dose", "recommendation", "caution", "monitoring", "reference",
                           "article", "statement", "other")

KIND_OF_TYPE: dict[URIRef, str] = {r.cls: r.kind for r in ROWS if r.kind}

# What `kg trace` lists as holding evidence (derived from a statement), and everything it can trace.
HOLDER_WORDS: dict[URIRef, str] = {r.cls: r.word for r in ROWS if r.word and r.kind != "therapy"}
THING_WORDS: dict[URIRef, str] = {r.cls: r.word for r in ROWS if r.word}

# Kind of name -> the classes a name of that kind may denote.
NAME_KINDS: dict[str, tuple[URIRef, ...]] = {}
for _row in ROWS:
    for _kind in _row.names:
        NAME_KINDS.setdefault(_kind, ())
        NAME_KINDS[_kind] += (_row.cls,)
del _row, _kind
