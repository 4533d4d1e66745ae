"""Shared fixtures: a store built once per test session from the real curated sources."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from data import copy_store

from kg.config import GRAPH_DIR
from kg.publish.build import build
from kg.store.oxigraph import OxigraphStore

SEEDS = Path(__file__).resolve().parent.parent.parent / "shared" / "seeds"
# The benchmark scripts (generate, import_scale) are plain modules that some tests reuse.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))


@pytest.fixture(scope="session")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store built from graph/ into a temporary directory (never the user's .kg/store)."""
    root = tmp_path_factory.mktemp("store")
    build(GRAPH_DIR, root)
    return root


@pytest.fixture(scope="session")
def store(store_path: Path) -> OxigraphStore:
    return OxigraphStore.open_read_only(store_path)


@pytest.fixture(scope="module")
def lexicon(store_path: Path):
    """The importer's lexicon (the graph's names plus the offline drug dictionary), once per test module."""
    from kg.importer.recognise import Lexicon

    return Lexicon.from_store(OxigraphStore.open_read_only(store_path))


@pytest.fixture()
def store_copy(store_path: Path, tmp_path: Path) -> Path:
    """Copy-on-write: a test that writes to a store (rebuilds, locks, kills a writer) gets its own copy of the
    session store instead of building one. The copy's manifest matches graph/, so `build(GRAPH_DIR, copy)`
    is "unchanged" unless asked for `full=True`, exactly as after a real build."""
    return copy_store(store_path, tmp_path / "store")


@pytest.fixture(scope="session")
def fx_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store built from the evidence fixture (tests/fixtures/evidence): invented articles with known defects."""
    from evidence_fixture import fixture_graph

    tmp = tmp_path_factory.mktemp("evidence-fixture")
    build(fixture_graph(tmp), tmp / "store")
    return tmp / "store"


@pytest.fixture(scope="session")
def fx(fx_path: Path) -> OxigraphStore:
    return OxigraphStore.open_read_only(fx_path)


@pytest.fixture(scope="session")
def mini_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store built from the mini guideline (tests/fixtures/mini, see tests/mini_fixture.py)."""
    from mini_fixture import mini_graph

    tmp = tmp_path_factory.mktemp("mini")
    build(mini_graph(tmp), tmp / "store")
    return tmp / "store"


# `slow` tests: `make test` runs every test (CI); `make test-fast` (-m "not slow") leaves these out of the
# developer loop. A test is slow when it is marked `browser` or `notebook`, lives in one of SLOW_FILES (real
# processes killed mid-write, servers under hostile clients, property tests over the whole input space,
# wheel installs, benchmark smoke runs), is listed in SLOW_TESTS (measured above 5 s on a loaded 2-core
# machine, `pytest --durations`), or carries @pytest.mark.slow itself. New slow tests: mark them in place.
SLOW_MARKERS = ("browser", "notebook")
SLOW_FILES = frozenset({
    "test_store", "test_incremental_build", "test_shacl_parity", "test_serve_hardening", "test_safe_output",
    "test_wheel_install", "test_explore_cmd", "test_exports_fhir_kgx", "test_paths_properties",
    "test_bench_smoke", "test_serve_bench_smoke", "test_notebooks", "test_import_layout_invariance",
})
SLOW_TESTS = frozenset({
    ("test_explorer", "test_for_any_plausible_patient_the_page_shows_the_librarys_numbers"),
    ("test_explorer", "test_whatever_is_typed_into_a_field_the_page_answers_without_a_server_error"),
    ("test_errors_cli", "test_a_full_disk_during_import_is_one_line_and_writes_no_partial_draft"),
    ("test_errors_cli", "test_a_full_disk_during_build_is_one_line_and_keeps_the_previous_store"),
    ("test_errors_cli", "test_hostile_values_give_one_clear_line_and_a_non_zero_exit"),
    ("test_errors_cli", "test_control_characters_in_a_value_are_escaped_before_the_terminal"),
    ("test_query_guard", "test_no_hidden_service_load_or_from_reaches_the_network"),
    ("test_import_files", "test_rerun_overwrites_an_untouched_draft_but_refuses_one_edited_below_its_header"),
    ("test_import_files", "test_two_non_latin_articles_import_to_two_files"),
    ("test_view_cost", "test_condition_view_sends_as_many_queries_in_a_five_times_larger_store"),
    ("test_view_cost", "test_view_of_all_guidance_stops_near_max_nodes_and_says_so"),
    ("test_projection", "test_unrelated_data_changes_neither_the_view_nor_the_number_of_queries"),
    ("test_serve_formats", "test_results_xml_is_well_formed_and_exact_or_refused"),
    ("test_dose_grammar", "test_arbitrary_text_yields_doses_or_importer_error_with_a_line"),
    ("test_paths_defects", "test_monitoring_and_caution_lists_hold_only_their_kind"),
    ("test_viz_html", "test_deterministic_across_processes"),
    # Measured 2026-11-30 05:29-05:32 UTC, load average 1.9-3.6 on 2 cores (whole fast run 190 s wall):
    ("test_incremental_property", "test_incremental_rebuild_after_random_article_edits_equals_a_full_build"),  # 14.7 s
    ("test_incremental_property",
     "test_incremental_integrity_report_after_flag_and_heading_edits_equals_a_full_check"),  # 6.5 s
    # the module fixture `result` (every fixture article imported and scored) costs 10.1 s, so every test
    # that asks for it moves together; the reader-refusal and facts-file checks stay fast
    ("test_import_measured", "test_fixtures_cover_seven_conditions_in_two_layouts_each"),  # 10.1 s (fixture)
    ("test_import_measured", "test_dose_precision_and_recall_with_every_field_meet_the_goal"),
    ("test_import_measured", "test_caution_recall_meets_the_goal"),
    ("test_import_measured", "test_no_drug_warned_against_is_drafted_as_a_recommendation"),
    ("test_import_measured", "test_every_input_line_is_placed_or_reported"),
    ("test_import_measured", "test_every_facet_is_measured_with_something_expected"),
    ("test_import_measured", "test_drafts_of_every_fixture_condition_pass_kg_build"),  # 2.1 s
    ("test_query_limits", "test_long_chains_are_refused_by_size_not_left_to_time_out"),  # 6.4 s
    ("test_serve_pool_fairness",
     "test_a_cheap_query_answers_on_the_fast_lane_while_every_general_worker_runs_a_slow_one"),  # 4.1 s
    ("test_serve_flood", "test_a_slow_body_flood_from_one_client_does_not_starve_another"),  # 4.1 s
    ("test_serve", "test_timeout_kills_the_stuck_worker_and_the_pool_keeps_answering"),  # 2.1 s
    ("test_importer", "test_reading_arbitrary_bytes_raises_only_importer_errors_with_a_line"),  # 1.8 s
})


def _is_slow(item: pytest.Item) -> bool:
    stem = Path(str(item.fspath)).stem
    name = getattr(item, "originalname", item.name)
    return (any(item.get_closest_marker(m) for m in SLOW_MARKERS) or stem in SLOW_FILES
            or (stem, name) in SLOW_TESTS)


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if _is_slow(item):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    if not SEEDS.is_dir():
        pytest.skip(f"seed articles not found at {SEEDS}")
    return SEEDS


@pytest.fixture()
def cli_env(store_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """Environment pointing the CLI at the session store."""
    monkeypatch.setenv("KG_STORE", str(store_path))
    return {"KG_STORE": str(store_path)}


@pytest.fixture(scope="session")
def virtuoso_server(tmp_path_factory: pytest.TempPathFactory):
    """A real Virtuoso (Debian's package) on 127.0.0.1 with its default 10,000-row result cap, loaded with
    `kg build --store URL`; stopped at the end."""
    from click.testing import CliRunner
    from engines import start_virtuoso

    from kg_cli.main import main

    server = start_virtuoso(tmp_path_factory.mktemp("virtuoso"), max_rows=10_000)
    try:
        result = CliRunner().invoke(main, ["build", "-q", "--store", server.url], env={"KG_STORE": None, **server.env})
        assert result.exit_code == 0, f"kg build --store {server.url} failed: {result.output[-2000:]}"
        yield server
    finally:
        server.stop()
