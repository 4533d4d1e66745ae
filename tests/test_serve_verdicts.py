"""The guard's verdicts are shared between kg serve's workers: a query text is parsed by the guard once per pool.

Each worker used to parse every new text itself (rdflib's SPARQL parser, 100-400 ms), so a text cost that
once per worker. The pool now keeps the verdict a worker reached (kg.store.guards.check_query), keyed by the
exact text and the guard's bounds, and sends it with later jobs of that text; the worker runs the verdict's
canonical text. Refusals are never shared: a refused text is checked, and refused, every time.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.errors import KgError
from kg.server.pool import WorkerPool
from kg.server.worker import EndpointJob, LibraryJob
from kg.store.guards import GUARD_BOUNDS, Checked, check_query

DRUGS = "SELECT ?d WHERE { ?d a kgv:Drug } ORDER BY ?d LIMIT 3"


def _job(text: str) -> EndpointJob:
    return EndpointJob(text, "application/sparql-results+json", [], 100)


@pytest.fixture(scope="module")
def pool(store_path: Path):
    p = WorkerPool(str(store_path), 2, fast=0)
    yield p
    p.close()


def test_a_text_answered_once_goes_to_every_later_worker_with_the_guards_verdict(pool: WorkerPool) -> None:
    first = pool.run(_job(DRUGS), 30)
    before = pool.verdicts_shared
    later = [pool.run(_job(DRUGS), 30) for _ in range(4)]  # spread over both workers
    assert pool.verdicts_shared == before + 4
    assert all(a.body == first.body for a in later)
    # The shared verdict is the one the guard reaches on that text, canonical text included.
    assert pool._verdicts[(DRUGS, GUARD_BOUNDS)] == check_query(DRUGS)


def test_a_verdict_is_shared_only_for_the_exact_text(pool: WorkerPool) -> None:
    pool.run(_job(DRUGS), 30)
    before = pool.verdicts_shared
    pool.run(_job(DRUGS.replace("LIMIT 3", "LIMIT 2")), 30)
    pool.run(_job(DRUGS + " "), 30)
    assert pool.verdicts_shared == before


def test_the_explorers_store_calls_share_verdicts_too(pool: WorkerPool) -> None:
    pool.run(LibraryJob("select", DRUGS, None, 10), 30)
    before = pool.verdicts_shared
    rows = pool.run(LibraryJob("select", DRUGS, None, 10), 30)
    assert pool.verdicts_shared == before + 1
    assert len(rows.rows) == 3


@pytest.mark.parametrize("text", [
    "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
    "SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }",
    "SELECT ?x WHERE { ?x",
])
def test_a_refused_or_broken_text_is_checked_and_refused_every_time_never_shared(pool: WorkerPool, text: str) -> None:
    before = pool.verdicts_shared
    for _ in range(3):
        with pytest.raises(KgError):
            pool.run(_job(text), 30)
    assert pool.verdicts_shared == before
    assert (text, GUARD_BOUNDS) not in pool._verdicts


def test_the_worker_runs_the_canonical_text_of_the_verdict_it_is_given(pool: WorkerPool) -> None:
    # The verdict decides what runs: a job whose verdict is for another text runs that verdict's text
    # (only the pool attaches verdicts, from its own workers' check_query on the exact text).
    job = _job("ASK {}")
    job.checked = check_query(DRUGS)
    answer = pool.run(job, 30)
    assert b'"bindings"' in answer.body and b'"boolean"' not in answer.body
    job = _job("ASK {}")
    job.checked = Checked("ASK", [], check_query("ASK {}").text)
    assert b'"boolean"' in pool.run(job, 30).body
