"""pair_findings at reference-list scale: titles sharing an opening must not cost a difflib run per pair.

Real reference lists hold many titles starting alike ("the effect of ...", "efficacy of ..."), so the
five-character blocks can be large. The mechanism under test is which pairs reach _compare_works;
it is measured by counting those calls, never by timing. Identity of the findings is checked against
the plain pairwise definition (every pair within a block) on inputs small enough to compare directly.
"""

from __future__ import annotations

import random
from collections import defaultdict

from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import URIRef

from kg.questions import integrity
from kg.questions.integrity import PrintedFields, pair_findings


class TooManyComparisons(AssertionError):
    pass


def _counting(monkeypatch, budget: int) -> list[int]:
    calls = [0]
    real = integrity._compare_works

    def counted(*args):
        calls[0] += 1
        if calls[0] > budget:
            raise TooManyComparisons(f"more than {budget} pairs reached difflib")
        return real(*args)

    monkeypatch.setattr(integrity, "_compare_works", counted)
    return calls


def _reference_pairwise(signatures: dict) -> list:
    """The definition: every pair of distinct works sharing a five-character block is compared."""
    blocks: dict[str, set] = defaultdict(set)
    for work, sigs in signatures.items():
        for s in sigs:
            blocks[s.title[:5]].add(work)
    pairs = {tuple(sorted((a, b), key=str)) for m in blocks.values() for a in m for b in m if a != b}
    out = []
    for a, b in sorted(pairs, key=lambda p: (str(p[0]), str(p[1]))):
        out += [((a, b), f) for f in integrity._compare_works(a, b, signatures[a], signatures[b])]
    return sorted(out, key=lambda x: (str(x[0][0]), str(x[0][1]), x[1].message))


def _as_sorted(found: list) -> list:
    return sorted(found, key=lambda x: (str(x[0][0]), str(x[0][1]), x[1].message))


def _words(rng: random.Random, n: int) -> list[str]:
    return ["".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(3, 10))) for _ in range(n)]


def _shared_opening_signatures(n: int, seed: int = 7) -> dict:
    rng = random.Random(seed)
    vocab = _words(rng, 3000)
    sigs = {}
    for k in range(n):
        title = "the effect of " + " ".join(rng.choice(vocab) for _ in range(rng.randint(5, 12)))
        sigs[URIRef(f"http://example.org/work/{k:05d}")] = {
            PrintedFields(title, "j " + rng.choice(vocab), str(1990 + k % 30))
        }
    return sigs


def test_thousands_of_titles_sharing_an_opening_do_not_reach_difflib_pairwise(monkeypatch):
    signatures = _shared_opening_signatures(3000)
    # Plant a near-duplicate (one letter changed, other journal) and an exact duplicate entry.
    first, second, third = sorted(signatures, key=str)[:3]
    (x,) = signatures[first]
    signatures[second] = {PrintedFields(x.title[:-1] + ("a" if x.title[-1] != "a" else "b"), "other j", x.year)}
    signatures[third] = {x}
    pairs_in_block = 3000 * 2999 // 2
    calls = _counting(monkeypatch, budget=3000 * 5)
    found = pair_findings(signatures)
    assert calls[0] < pairs_in_block // 100
    kinds = {(a, b): f.kind for (a, b), f in found}
    assert kinds[(first, third)] == "possible-duplicate-work"
    assert kinds[(first, second)] == "similar-titles-kept-distinct"


def test_only_touched_works_are_compared_against_a_large_block(monkeypatch):
    signatures = _shared_opening_signatures(3000, seed=11)
    touched = set(sorted(signatures, key=str)[:2])
    calls = _counting(monkeypatch, budget=3000)
    found = pair_findings(signatures, only=touched)
    assert calls[0] <= 3000
    assert all(a in touched or b in touched for (a, b), _ in found)


_title = st.text(alphabet="aeiost ", min_size=0, max_size=14)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.sets(st.tuples(_title, st.sampled_from(["", "lancet", "bmj"]), st.sampled_from(["", "2001", "2002"])),
                min_size=1, max_size=3),
        min_size=2,
        max_size=14,
    ),
    st.data(),
)
def test_findings_identical_to_comparing_every_pair_in_a_block(entries, data):
    signatures = {
        URIRef(f"http://example.org/w/{k}"): {PrintedFields("ab " + t if k % 2 else t, s, y) for t, s, y in e}
        for k, e in enumerate(entries)
    }
    assert _as_sorted(pair_findings(signatures)) == _reference_pairwise(signatures)
    only = set(data.draw(st.sets(st.sampled_from(sorted(signatures, key=str)), max_size=3)))
    expected = [p for p in _reference_pairwise(signatures) if p[0][0] in only or p[0][1] in only]
    assert _as_sorted(pair_findings(signatures, only=only)) == expected
