"""`kg check` shows the integrity report kept with the build it opens, and checks in full whenever that report
cannot be the store's: no report, one written by other code, or a store written without `kg build`.

Each test compares the command's JSON with what a full check of the same store gives, and tells the two ways
apart by making the full check fail (the report must then come from the build) or by counting its calls.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from generate import generate

import kg.questions.integrity as integrity
from kg.publish.build import build
from kg.questions.integrity_cache import CACHE, annotate
from kg_cli.main import main


def _check_json(root: Path) -> dict:
    result = CliRunner().invoke(main, ["check", "--store", str(root), "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.output)


def _full_check_json(root: Path, monkeypatch) -> dict:
    """The command's answer with the stored report ignored: what checking the store itself gives."""
    with monkeypatch.context() as m:
        m.setattr("kg.questions.integrity_cache.stored_findings", lambda store: None)
        return _check_json(root)


def _refuse_full_check(monkeypatch) -> list[int]:
    calls: list[int] = []

    def counted(store):
        calls.append(1)
        raise AssertionError("kg check ran the full check although the build kept its report")

    monkeypatch.setattr(integrity, "keyed_check", counted)
    return calls


@pytest.fixture()
def built(tmp_path: Path) -> tuple[Path, Path]:
    gen = tmp_path / "gen"
    generate(2_000, gen)
    root = tmp_path / "store"
    build(gen, root, annotate=annotate)
    return gen, root


def test_check_shows_the_report_the_build_kept_and_it_equals_a_full_check(built, monkeypatch) -> None:
    _gen, root = built
    full = _full_check_json(root, monkeypatch)
    assert full["findings"], "the generated corpus has findings (shared references) to compare"
    _refuse_full_check(monkeypatch)
    assert _check_json(root) == full


def test_an_edited_source_is_checked_again_after_the_rebuild(built, monkeypatch) -> None:
    gen, root = built
    before = _check_json(root)
    article = sorted((gen / "articles").glob("*.ttl"))[1]
    text = article.read_text(encoding="utf-8")
    start = text.index('kgv:titleAsPrinted "') + len('kgv:titleAsPrinted "')
    article.write_text(text[:start] + "a title the work does not have " + text[start:], encoding="utf-8")
    report = build(gen, root, annotate=annotate)
    assert report.mode == "incremental"
    full = _full_check_json(root, monkeypatch)
    assert full != before
    assert any(f["kind"] == "entry-differs-from-work" and "a title the work does not have" in f["message"]
               for f in full["findings"])
    _refuse_full_check(monkeypatch)
    assert _check_json(root) == full


def test_a_report_written_by_other_code_is_not_reused(built, monkeypatch) -> None:
    _gen, root = built
    path = (root / "current").resolve() / CACHE
    data = json.loads(path.read_text(encoding="utf-8"))
    data["code"] = "0" * 64
    data["findings"] = []  # what another version might have found: nothing
    path.write_text(json.dumps(data), encoding="utf-8")
    calls: list[int] = []
    real = integrity.keyed_check
    monkeypatch.setattr(integrity, "keyed_check", lambda store: calls.append(1) or real(store))
    shown = _check_json(root)
    assert calls == [1]
    assert shown["findings"], "the full check ran and found what the store holds"


def test_a_store_without_a_kept_report_is_checked_in_full(built, monkeypatch) -> None:
    _gen, root = built
    ((root / "current").resolve() / CACHE).unlink()
    calls: list[int] = []
    real = integrity.keyed_check
    monkeypatch.setattr(integrity, "keyed_check", lambda store: calls.append(1) or real(store))
    assert _check_json(root)["findings"]
    assert calls == [1]
