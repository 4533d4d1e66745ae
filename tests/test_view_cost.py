"""Views cost what they show: the queries `kg viz` and `kg compare` send do not grow with the store.

Counted on the Store interface (what a remote store pays in round trips), on generated libraries of two
sizes whose leaf conditions are treated by the same two articles (benchmarks/generate.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from generate import generate

from kg.publish.build import build
from kg.questions.compare import compare
from kg.questions.projection import project
from kg.read.description import read_description, read_descriptions
from kg.read.names import NameIndex
from kg.render.result_json import to_data
from kg.store.oxigraph import OxigraphStore
from kg.vocab.namespaces import COND


class Counting:
    """A Store that counts the queries sent through it."""

    def __init__(self, inner: OxigraphStore) -> None:
        self.inner, self.location, self.queries = inner, inner.location, 0

    def select(self, *a, **k):
        self.queries += 1
        return self.inner.select(*a, **k)

    def ask(self, *a, **k):
        self.queries += 1
        return self.inner.ask(*a, **k)

    def construct(self, *a, **k):
        self.queries += 1
        return self.inner.construct(*a, **k)

    def __getattr__(self, name):
        return getattr(self.inner, name)


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory) -> dict[int, Path]:
    out = {}
    for triples in (3_000, 15_000):
        gen = tmp_path_factory.mktemp(f"gen-{triples}")
        generate(triples, gen)
        build(gen, gen / "store")
        out[triples] = gen / "store"
    return out


def _view_cost(root: Path, condition: str | None, max_nodes: int | None = None):
    store = Counting(OxigraphStore.open_read_only(root))
    names = NameIndex(store.inner)
    view = project(store, condition, names=names, max_nodes=max_nodes)
    return store.queries, view


def test_condition_view_sends_as_many_queries_in_a_five_times_larger_store(stores) -> None:
    leaf = str(COND["c10"])
    (small_q, small), (large_q, large) = (_view_cost(stores[n], leaf) for n in (3_000, 15_000))
    # The leaf's own guidance is the same at both sizes; cautions of its therapies reach further in a
    # larger library, so the views differ a little in nodes but not in the depth of the walk.
    assert small.graph.number_of_nodes() > 50 and large.graph.number_of_nodes() >= small.graph.number_of_nodes()
    assert large_q <= small_q + 2, (small_q, large_q)
    assert large_q < large.graph.number_of_nodes() / 4, "batched: far fewer queries than nodes"


def test_view_of_all_guidance_stops_near_max_nodes_and_says_so(stores) -> None:
    queries, view = _view_cost(stores[15_000], None, max_nodes=60)
    _, whole = _view_cost(stores[15_000], None)
    assert view.truncated and not whole.truncated
    assert 60 <= view.graph.number_of_nodes() < whole.graph.number_of_nodes() / 2
    assert queries < 60


def test_batched_descriptions_equal_one_query_per_node(store) -> None:
    nodes = [row[0] for row in store.select("SELECT DISTINCT ?s WHERE { ?s a ?t } ORDER BY ?s").rows]
    assert len(nodes) > 300  # more than one batch
    batched = read_descriptions(store, nodes)
    for node in nodes[::7]:
        assert batched[node] == read_description(store, node)


def test_compare_query_count_does_not_grow_with_the_store(stores) -> None:
    counts = []
    for n in (3_000, 15_000):
        store = Counting(OxigraphStore.open_read_only(stores[n]))
        result = compare(store, COND["c10"], "condition")
        counts.append(store.queries)
        assert to_data(result)["therapies"]
    assert counts[1] <= counts[0] * 1.5, counts


def test_real_graph_view_is_unchanged_by_batching(store) -> None:
    """The curated graph's whole view under a generous budget equals the unbounded one."""
    counted = Counting(store)
    bounded = project(counted, None, names=NameIndex(store), max_nodes=100_000)
    unbounded = project(store, None, names=NameIndex(store))
    assert not bounded.truncated
    assert dict(bounded.graph.nodes(data=True)) == dict(unbounded.graph.nodes(data=True))
    assert sorted(bounded.graph.edges(data="label")) == sorted(unbounded.graph.edges(data="label"))
    assert counted.queries < bounded.graph.number_of_nodes() / 2


class CountingRows(Counting):
    """Also counts the rows the store answered: what a view reads, not only how often it asks."""

    rows = 0

    def select(self, *a, **k):
        result = super().select(*a, **k)
        self.rows += len(result.rows)
        return result


def _bounded_cost(root: Path, condition: str | None, max_nodes: int) -> tuple[int, int, int]:
    store = CountingRows(OxigraphStore.open_read_only(root))
    view = project(store, condition, names=NameIndex(store.inner), max_nodes=max_nodes)
    assert view.truncated
    return store.queries, store.rows, view.graph.number_of_nodes()


@pytest.mark.parametrize("condition", [None, str(COND["c10"])], ids=["all guidance", "leaf condition"])
def test_a_bounded_view_reads_what_it_shows_not_what_the_store_holds(stores, condition) -> None:
    """Cautions of a therapy shared across the library, and the conditions with guidance, are read a page at a
    time while the view has room: a 40-node view reads about as much of a five times larger store, and holds
    about 40 nodes (the walk stops within one piece of guidance's neighbourhood)."""
    small, large = (_bounded_cost(stores[n], condition, 40) for n in (3_000, 15_000))
    assert large[2] <= 40 + 40, large
    assert large[1] <= small[1] * 1.5, (small, large)
    assert large[0] <= small[0] + 3, (small, large)
