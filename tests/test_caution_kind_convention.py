"""The caution-kind convention (tests/fixtures/import/articles/README.md, "cautions"; graph/vocab's definitions of
kgv:Caution and kgv:Contraindication): which cue makes a warning a contraindication and which a caution, and that
the stronger reading wins when one sentence carries both. One case per cue of the written rule; the expected kind is
the rule's, decided before the importer was run on the sentence."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, URIRef

from tests.draft_reading import PARACETAMOL_LEAD, recommended_stages, sentence_draft
from tests.draft_reading import warned_agents as warned

ROOT = Path(__file__).resolve().parent.parent

CONVENTION = [
    # Contraindication: the source rules the drug out
    ("Metformin is contraindicated in severe renal impairment.", "metformin", "Contraindication"),
    ("Hepatic failure is a contraindication to methotrexate.", "methotrexate", "Contraindication"),
    ("Warfarin must not be given in the first trimester.", "warfarin", "Contraindication"),
    ("Never give aspirin to children under 16 years.", "aspirin", "Contraindication"),
    ("Never use gentamicin in myasthenia gravis.", "gentamicin", "Contraindication"),
    ("Do not give metoclopramide to children under 1 year.", "metoclopramide", "Contraindication"),
    ("Do not use ibuprofen under 3 months of age.", "ibuprofen", "Contraindication"),
    ("Do not start allopurinol during an acute attack.", "allopurinol", "Contraindication"),
    ("Do not prescribe codeine to children under 12 years.", "codeine", "Contraindication"),
    ("Do not offer aspirin for stroke prevention in atrial fibrillation.", "aspirin", "Contraindication"),
    # Caution: the source advises against or restricts the drug without ruling it out
    ("Avoid ibuprofen in severe renal impairment.", "ibuprofen", "Caution"),
    ("Diltiazem should not be given to people with heart failure.", "diltiazem", "Caution"),
    ("Febuxostat is not recommended for people with major cardiovascular disease.", "febuxostat", "Caution"),
    ("Codeine is not advised in women who are breastfeeding.", "codeine", "Caution"),
    ("Use digoxin with caution in renal impairment.", "digoxin", "Caution"),
    ("Caution in hepatic impairment when giving paroxetine.", "paroxetine", "Caution"),
    ("Tramadol is not suitable for people with epilepsy.", "tramadol", "Caution"),
    ("Reduce the dose of gabapentin in renal impairment.", "gabapentin", "Caution"),
    ("Use ciclosporin only under specialist supervision.", "ciclosporin", "Caution"),
    # both in one sentence: the stronger reading wins
    ("Trimethoprim should be avoided and is contraindicated in folate deficiency.", "trimethoprim", "Contraindication"),
    ("Warfarin should not be used in pregnancy and must not be given in the first trimester.", "warfarin",
     "Contraindication"),
]


@pytest.mark.parametrize(("sentence", "drug", "kind"), CONVENTION)
def test_a_warning_cue_gives_the_kind_the_written_convention_gives_it(lexicon, sentence, drug, kind):
    g, draft = sentence_draft(lexicon, sentence, name="kinds.txt", title="On Caution Kinds", test="caution kind",
                              lead=PARACETAMOL_LEAD)
    assert drug not in recommended_stages(g), sentence
    kinds = {k for d, k in warned(draft) if d == drug}
    assert kinds == {kind}, (sentence, kinds)


def test_the_vocabulary_and_the_facts_readme_state_the_same_convention():
    # the rule is written once for the facts and once in the vocabulary; both name every cue of the rule
    readme = " ".join((ROOT / "tests" / "fixtures" / "import" / "articles" / "README.md").read_text(encoding="utf-8").split())
    g = Graph().parse(ROOT / "graph" / "vocab" / "guideline.ttl")
    kgv = "https://w3id.org/guideline-kg/vocab#"
    comment = URIRef("http://www.w3.org/2000/01/rdf-schema#comment")
    contra = str(g.value(URIRef(kgv + "Contraindication"), comment))
    caution = str(g.value(URIRef(kgv + "Caution"), comment))
    for cue in ("contraindicated", "must not", "never give/use", "do not give/use/start/prescribe/offer"):
        assert cue in contra and cue in readme, cue
    for cue in ("avoid", "should not", "not recommended", "not advised", "use with caution", "caution in",
                "not suitable", "a dose cut for a state of the patient", "a restriction to specialist hands"):
        assert cue in caution and cue in readme, cue
    assert "stronger" in contra and "stronger" in readme
