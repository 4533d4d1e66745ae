"""The explorer in a real browser (Debian's chromium through Playwright) against a real uvicorn server.

Expected doses are worked out here from the articles (/work/shared/seeds), not read from the program:
adult article: prednisone 0.5-1 mg/kg/day; methotrexate 15-20 mg/m²/week, maximum 40 mg/week;
children's article: prednisolone 1-2 mg/kg/day; methotrexate 15-20 mg/m²/week; IVIG 2 g/kg per course.
BSA by Mosteller, sqrt(height cm × weight kg / 3600), as the path output states.

Screenshots of every page go to tests/artifacts/screenshots/ (see the README).
"""

from __future__ import annotations

import math
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kg import EDUCATIONAL_NOTICE

pytestmark = pytest.mark.browser

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SHOTS = ROOT / "tests" / "artifacts" / "screenshots"
AXE = HERE / "vendor" / "axe-core" / "axe.min.js"

ADULT = "scleroderma-myositis overlap"
ADULT_ARTICLE = "https://w3id.org/guideline-kg/id/article/ssc-myositis-overlap-adult"
CHILD_ARTICLE = "https://w3id.org/guideline-kg/id/article/juvenile-uctd-scleroderma-jdm-overlap"


@pytest.fixture(scope="module")
def server(store_path: Path) -> Iterator[str]:
    """`kg serve --port 0` as users run it: the explorer at /, the guarded endpoint at /sparql."""
    kg = str(Path(sys.executable).parent / "kg")
    proc = subprocess.Popen([kg, "serve", "--store", str(store_path), "--port", "0"], stderr=subprocess.PIPE,
                            text=True)
    try:
        assert proc.stderr is not None
        seen = []
        while True:
            line = proc.stderr.readline()
            if not line:
                pytest.fail(f"kg serve ended before serving: {seen}")
            seen.append(line)
            m = re.search(r"at (http://127\.0\.0\.1:\d+)/sparql", line)
            if m:
                break
        yield m.group(1)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture
def app(page: Any, server: str) -> Iterator[tuple[Any, str]]:
    """The page, with every request that leaves 127.0.0.1 aborted and recorded (must stay empty)."""
    outside: list[str] = []

    def route(r: Any) -> None:
        if r.request.url.startswith(server) or r.request.url.startswith(("data:", "blob:", "about:")):
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    yield page, server
    assert outside == [], f"requests left the machine: {outside}"


def shot(page: Any, name: str, full_page: bool = False) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=full_page)


def bsa(height_cm: float, weight_kg: float) -> float:
    return math.sqrt(height_cm * weight_kg / 3600)


def amount(page: Any, article: str, rec: str) -> str:
    card = page.locator(f'article.card[data-step="{article}/{rec}"]')
    return card.locator(".computed .amount").first.inner_text().strip()


def fmt(x: float) -> str:
    return f"{round(x, 1):g}"


def fill_patient(page: Any, condition: str, age: str, weight: str, height: str, sex: str | None = None,
                 response: str | None = None) -> None:
    page.get_by_label("Condition", exact=True).fill(condition)
    page.get_by_label("Age (years)", exact=True).fill(age)
    if sex:
        page.get_by_label("Sex", exact=True).select_option(sex)
    page.get_by_label("Weight (kg)", exact=True).fill(weight)
    page.get_by_label("Height (cm)", exact=True).fill(height)
    if response:
        page.get_by_label("Response", exact=True).select_option(response)


def test_adult_form_shows_doses_computed_from_the_article(app):
    page, base = app
    page.goto(base + "/")
    fill_patient(page, ADULT, "45", "70", "165", sex="female")
    page.get_by_role("button", name="Show treatment path").click()
    page.wait_for_selector("section.result")
    # prednisone 0.5-1 mg/kg/day × 70 kg
    assert amount(page, ADULT_ARTICLE, "rec-prednisone") == f"{fmt(0.5 * 70)}–{fmt(1 * 70)} mg/day"
    # methotrexate 15-20 mg/m²/week × BSA; 35.8 mg stays under the 40 mg/week maximum
    b = bsa(165, 70)
    assert amount(page, ADULT_ARTICLE, "rec-methotrexate") == f"{fmt(15 * b)}–{fmt(20 * b)} mg/week"
    mtx = page.locator(f'article.card[data-step="{ADULT_ARTICLE}/rec-methotrexate"]')
    assert "maximum 40 mg/week" in mtx.inner_text()
    assert "sqrt(165 cm × 70 kg / 3600)" in mtx.locator(".formula").inner_text()
    # the patient is in the address: sharing the URL reproduces the page
    assert "age=45" in page.url and "weight=70" in page.url and "sex=female" in page.url
    assert page.get_by_text(EDUCATIONAL_NOTICE).first.is_visible()
    shot(page, "path-adult")
    page.locator(f'article.card[data-step="{ADULT_ARTICLE}/rec-methotrexate"]').scroll_into_view_if_needed()
    shot(page, "path-adult-cards")


def test_large_adult_methotrexate_is_capped_at_the_stated_40_mg(app):
    page, base = app
    page.goto(base + "/")
    fill_patient(page, ADULT, "52", "100", "190", sex="male")
    page.get_by_role("button", name="Show treatment path").click()
    page.wait_for_selector("section.result")
    assert 20 * bsa(190, 100) > 40  # the article's maximum must bite for this patient
    shown = amount(page, ADULT_ARTICLE, "rec-methotrexate")
    assert shown == f"{fmt(15 * bsa(190, 100))}–40 mg/week"
    cap = page.locator(f'article.card[data-step="{ADULT_ARTICLE}/rec-methotrexate"] .cap')
    assert "40" in cap.inner_text()


def test_child_form_shows_doses_computed_from_the_childrens_article(app):
    page, base = app
    page.goto(base + "/")
    fill_patient(page, "overlap UCTD with scleroderma and juvenile dermatomyositis", "10", "30", "135",
                 response="inadequate")
    page.get_by_role("button", name="Show treatment path").click()
    page.wait_for_selector("section.result")
    assert amount(page, CHILD_ARTICLE, "rec-prednisolone") == f"{fmt(1 * 30)}–{fmt(2 * 30)} mg/day"
    b = bsa(135, 30)
    assert amount(page, CHILD_ARTICLE, "rec-methotrexate") == f"{fmt(15 * b)}–{fmt(20 * b)} mg/week"
    assert amount(page, CHILD_ARTICLE, "rec-ivig") == f"{fmt(2 * 30)} g/course"
    # the narrower condition reaches only the children's article; the patient is placed among children
    assert page.locator(f'article.card[data-step^="{ADULT_ARTICLE}/"]').count() == 0
    assert "children" in page.locator("dl.patient-summary").inner_text()
    shot(page, "path-child")


def test_a_citation_marker_opens_the_reference_and_the_step_its_evidence(app):
    page, base = app
    page.goto(base + "/?condition=scleroderma-myositis+overlap&age=45&weight=70&height=165&sex=female")
    card = page.locator(f'article.card[data-step="{ADULT_ARTICLE}/rec-methotrexate"]')
    card.locator("a.marker").first.click()
    page.wait_for_selector("section.trace")
    assert "What relies on the reference" in page.locator("h2#trace-h").inner_text()
    assert page.locator("section.impact").is_visible()
    page.go_back()
    page.locator(f'article.card[data-step="{ADULT_ARTICLE}/rec-methotrexate"] a.evidence-link').click()
    page.wait_for_selector("section.trace")
    assert "Evidence for the recommendation" in page.locator("h2#trace-h").inner_text()
    # statement text from the article file, confirmed by checksum
    assert page.locator("blockquote.source-text").count() >= 1
    assert "15-20 mg/m" in page.locator("section.trace").inner_text()
    shot(page, "evidence-step")


def test_named_query_runs_through_the_endpoint_into_a_sortable_table(app):
    page, base = app
    page.goto(base + "/query")
    page.get_by_role("link", name="first-line-therapies").click()
    page.get_by_label("condition").fill(ADULT)
    page.get_by_role("button", name="Bind parameters").click()
    assert "VALUES (?condition)" in page.get_by_label("SPARQL query").input_value()
    page.get_by_role("button", name="Run query").click()
    table = page.locator("#results table")
    table.wait_for()
    headers = table.locator("thead th").all_inner_texts()
    assert "therapy" in [h.strip() for h in headers]
    col = [h.strip() for h in headers].index("therapy")
    values = table.locator(f"tbody tr td:nth-child({col + 1})").all_inner_texts()
    assert "methotrexate" in values and "prednisone" in values
    table.get_by_role("button", name="therapy").click()
    assert table.locator("thead th").nth(col).get_attribute("aria-sort") == "ascending"
    ordered = table.locator(f"tbody tr td:nth-child({col + 1})").all_inner_texts()
    assert ordered == sorted(values, key=str.lower)
    table.get_by_role("button", name="therapy").click()
    assert table.locator("thead th").nth(col).get_attribute("aria-sort") == "descending"
    with page.expect_download() as dl:
        page.get_by_role("button", name="CSV").click()
    assert dl.value.suggested_filename == "results.csv"
    shot(page, "sparql")


def test_an_update_from_the_sparql_page_is_refused_by_the_endpoint(app):
    page, base = app
    page.goto(base + "/query")
    page.get_by_label("SPARQL query").fill("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    page.get_by_role("button", name="Run query").click()
    page.locator("#status.error").wait_for()
    assert "403" in page.locator("#status").inner_text()


def test_search_box_finds_an_abbreviation_and_links_to_its_path(app):
    page, base = app
    page.goto(base + "/")
    page.get_by_label("Search the graph").fill("JDM")
    page.get_by_label("Search the graph").press("Enter")
    page.wait_for_selector("section.hits")
    page.get_by_role("link", name="juvenile dermatomyositis").first.wait_for()
    shot(page, "search")
    page.goto(base + "/search?q=methotrexate")
    assert page.locator("section.hits h2").filter(has_text="Statements").count() == 1


def test_comparison_page_classifies_the_two_articles(app):
    page, base = app
    page.goto(base + "/compare?subject=methotrexate")
    assert page.locator(".cmp-row .badge.cls").count() >= 1
    assert page.locator(".side").count() >= 2
    shot(page, "compare")


def test_keyboard_alone_reaches_every_form_field_and_submits(app):
    page, base = app
    page.goto(base + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    reached: list[str] = []
    for _ in range(200):
        page.keyboard.press("Tab")
        label = page.evaluate("""() => { const e = document.activeElement;
            if (e.labels && e.labels.length) return e.labels[0].textContent.trim();
            return (e.textContent || '').trim(); }""")
        reached.append(label)
        if label == "Show treatment path":
            break
    wanted = ["Condition", "Age (years)", "Sex", "Weight (kg)", "Height (cm)", "Response", "Show treatment path"]
    positions = [reached.index(w) for w in wanted]
    assert positions == sorted(positions), reached
    # type a patient and submit with Enter from the keyboard alone
    page.get_by_label("Condition", exact=True).focus()
    page.keyboard.type(ADULT)
    page.keyboard.press("Tab")
    page.keyboard.type("45")
    page.keyboard.press("Enter")
    page.wait_for_selector("section.result")
    assert "age=45" in page.url


@pytest.mark.parametrize("url, name", [
    ("/", "form"),
    ("/?condition=scleroderma-myositis+overlap&age=45&sex=female&weight=70&height=165", "path"),
    ("/evidence?thing=https://w3id.org/guideline-kg/id/article/ssc-myositis-overlap-adult/rec-methotrexate",
     "evidence"),
    ("/query?name=first-line-therapies", "sparql"),
    ("/search?q=methotrexate", "search"),
    ("/compare?subject=IVIG", "compare"),
])
def test_pages_have_labels_and_pass_axe_core(app, url, name):
    page, base = app
    page.goto(base + url)
    unlabeled = page.evaluate("""() => [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
        .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label')).map(e => e.name)""")
    assert unlabeled == []
    # evaluated through the DevTools protocol: the page's CSP (script-src 'self') rightly refuses inline tags
    page.evaluate(AXE.read_text(encoding="utf-8") + "\n;0")
    result = page.evaluate("""async () => { const r = await axe.run(document, {resultTypes: ['violations']});
        return r.violations.map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 3)})); }""")
    serious = [v for v in result if v["impact"] in ("serious", "critical")]
    assert serious == [], serious


def test_result_page_prints_without_the_form_and_with_the_notice(app):
    page, base = app
    page.goto(base + "/?condition=scleroderma-myositis+overlap&age=45&sex=female&weight=70&height=165")
    page.emulate_media(media="print")
    assert not page.locator("form.patient").is_visible()
    assert not page.locator("nav").is_visible()
    assert page.locator(".notice").is_visible()
    assert page.locator("article.card").first.is_visible()
    shot(page, "path-print")
    page.emulate_media(media="screen")


OVERLAPPING_PAIRS = """() => { const net = window.kgViz.network; net.stopSimulation();
  const boxes = net.body.nodeIndices.map(id => net.getBoundingBox(id));
  let pairs = 0;
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
    const a = boxes[i], b = boxes[j];
    if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) { pairs++; } }
  return {visible: boxes.length, pairs: pairs}; }"""


def _graph_frame(page: Any) -> Any:
    frame = page.wait_for_selector("iframe.graph-frame").content_frame()
    frame.wait_for_selector("body[data-drawn]", timeout=60_000)
    return frame


def test_graph_page_draws_the_path_left_to_right_with_the_patients_doses(app):
    page, base = app
    page.goto(base + "/?condition=scleroderma-myositis+overlap&age=45&sex=female&weight=70&height=165")
    page.get_by_role("link", name="Path as a graph").click()
    frame = _graph_frame(page)
    nodes = frame.evaluate("() => window.kgViz.nodes.get().map(n => ({id: n.id, label: n.label, level: n.level}))")
    by_id = {n["id"]: n for n in nodes}
    mtx = by_id[f"{ADULT_ARTICLE}/rec-methotrexate"]
    b = bsa(165, 70)
    assert f"{fmt(15 * b)}–{fmt(20 * b)} mg/week for this patient" in mtx["label"].replace("\n", " ")
    # stages are columns: first line before taper / maintenance
    assert by_id[f"{ADULT_ARTICLE}/rec-prednisone"]["level"] < by_id[f"{ADULT_ARTICLE}/rec-prednisone-taper"]["level"]
    page.wait_for_timeout(500)
    shot(page, "graph-path")


def test_overview_groups_statements_by_article_and_find_opens_the_group(app):
    page, base = app
    page.goto(base + "/graph")
    frame = _graph_frame(page)
    groups = frame.evaluate("() => window.kgViz.groups")
    assert len(groups) == 2  # one per article
    assert all(frame.evaluate("(id) => window.kgViz.network.isCluster(id)", g) for g in groups)
    shot(page, "graph-overview")
    # Readability: node pairs whose boxes (label included) overlap once the layout has settled. The
    # unclustered force layout measured 137 pairs for 141 drawn nodes; the overview measured 57.
    page.wait_for_timeout(4000)
    overlap = frame.evaluate(OVERLAPPING_PAIRS)
    assert overlap["visible"] < 150 and overlap["pairs"] <= 90, overlap
    label = frame.evaluate("() => window.kgViz.nodes.get().find(n => n.kind === 'statement').fullLabel")
    frame.get_by_label("Node").fill(label)
    frame.get_by_label("Node").press("Enter")
    assert frame.locator("#kg-panel-title").inner_text() == label
    assert not all(frame.evaluate("(id) => window.kgViz.network.isCluster(id)", g) for g in groups)
