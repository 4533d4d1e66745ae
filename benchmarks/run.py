"""Benchmark: the embedded Oxigraph store against rdflib's in-memory store, at 10k, 100k and 1M triples.

One run measures, for each size and each store:
  build      wall time, CPU time (all threads) and peak memory (ru_maxrss) of loading the generated graph, each build in its
             own subprocess. Oxigraph: kg.store.StoreWriter (lock, fresh build dir, bulk load, atomic
             swap). rdflib: parse every file into a Dataset, one named graph per file.
  path       median latency of a treatment path (kg.paths.treatment_path when present, else
             benchmarks/queries/treatment-path.rq), over three conditions.
  trace      median latency of a forward citation trace (kg.evidence.trace_forward when present, else
             benchmarks/queries/forward-trace.rq), over three cited works.
  aggregate  median latency of the named query recommendations-by-stage (GROUP_CONCAT subquery).
and, on the built Oxigraph store, `kg --help` start-up and `kg query` / `kg paths` end to end.

Prints a table with ratios (rdflib / Oxigraph: above 1 means Oxigraph is better) and writes JSON to
benchmarks/results/store-<sizes>.json. No network; everything under a temporary work directory.

    python benchmarks/run.py                       # 10k, 100k, 1M
    python benchmarks/run.py --sizes 10k --repeat 5
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))
BENCH = Path(__file__).resolve().parent
KG = Path(sys.executable).parent / "kg"

BUDGET_S = 30.0  # per workload and store; past it each entity gets three timed runs
SIZES = {"10k": 10_000, "100k": 100_000, "1M": 1_000_000}
GOALS = {"build_speedup": 8.0, "build_memory_ratio": 3.0, "query_speedup": 5.0, "scale_slowdown": 2.0,
         "help_seconds": 0.3, "paths_seconds": 1.0}


def _maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def _cpu_s() -> float:
    """User + system CPU of this process and its threads: shows whether a build is bound by the cores."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _files(gen: Path) -> list[tuple[Path, str]]:
    manifest = json.loads((gen / "manifest.json").read_text(encoding="utf-8"))
    return [(gen / f, g) for f, g in sorted(manifest["files"].items())]


# ---------------------------------------------------------------- workloads (run inside subprocesses)


def _workloads(store, picks: dict) -> dict[str, tuple[str, list]]:
    """name -> (what is measured, list of zero-argument callables, one per bound entity)."""
    from rdflib import URIRef

    from kg.config import GRAPH_DIR
    from kg.queries import named_queries

    out: dict[str, tuple[str, list]] = {}
    conditions = [URIRef(c) for c in picks["conditions"]]
    works = [URIRef(w) for w in picks["works"]]
    path_rq = (BENCH / "queries" / "treatment-path.rq").read_text(encoding="utf-8")
    population = URIRef(picks["population"])
    measured = "benchmarks/queries/treatment-path.rq"
    calls = [lambda c=c: store.select(path_rq, {"condition": c, "population": population}) for c in conditions]
    if importlib.util.find_spec("kg.paths") is not None:
        try:
            from kg.names import NameIndex
            from kg.paths import Patient, treatment_path

            names = NameIndex(store)  # built once per process, as a server or notebook would; not timed
            patient = Patient(age=45, sex="female", weight_kg=70, height_cm=165)
            lib_calls = [lambda c=c: treatment_path(store, names, str(c), patient) for c in conditions]
            lib_calls[0]()
            calls, measured = lib_calls, "kg.paths.treatment_path (NameIndex built once, not timed)"
        except Exception as e:  # an unfinished library must not stop the benchmark; say what ran instead
            measured += f" (kg.paths.treatment_path failed: {type(e).__name__}: {str(e)[:80]})"
    out["path"] = (measured, calls)
    trace_rq = (BENCH / "queries" / "forward-trace.rq").read_text(encoding="utf-8")
    measured = "benchmarks/queries/forward-trace.rq"
    calls = [lambda w=w: store.select(trace_rq, {"reference": w}) for w in works]
    if importlib.util.find_spec("kg.evidence") is not None:
        try:
            from kg.evidence import trace_forward

            lib_calls = [lambda w=w: trace_forward(store, w) for w in works]
            lib_calls[0]()
            calls, measured = lib_calls, "kg.evidence.trace_forward"
        except Exception as e:
            measured += f" (kg.evidence.trace_forward failed: {type(e).__name__}: {str(e)[:80]})"
    out["trace"] = (measured, calls)
    agg = named_queries(GRAPH_DIR / "queries").get("recommendations-by-stage")
    if agg is not None:
        out["aggregate"] = ("named query recommendations-by-stage",
                            [lambda c=c: store.select(agg.text, {"condition": c}) for c in conditions])
    return out


def _latencies(store, picks: dict, repeat: int) -> dict:
    results = {}
    for name, (measured, calls) in _workloads(store, picks).items():
        times: list[float] = []
        started = time.perf_counter()
        for call in calls:
            t0 = time.perf_counter()
            call()  # warm-up: caches, lazy imports
            warm = time.perf_counter() - t0
            if warm > BUDGET_S:
                # The baseline at 1M takes minutes a call: the warm-up is the measurement (recorded in "runs").
                times.append(warm)
                continue
            for i in range(repeat):
                t0 = time.perf_counter()
                call()
                times.append(time.perf_counter() - t0)
                if i >= 2 and time.perf_counter() - started > BUDGET_S:
                    break  # the slow baseline at 1M: three timed runs per entity are enough for a median
        results[name] = {"measured": measured, "median_ms": statistics.median(times) * 1000, "runs": len(times)}
    return results


def child_build_oxigraph(gen: Path, root: Path) -> dict:
    from rdflib import URIRef

    from kg.store import StoreWriter

    t0, c0 = time.perf_counter(), _cpu_s()
    with StoreWriter(root) as writer:
        writer.load_files((path, URIRef(g)) for path, g in _files(gen))
        writer.commit()
    return {"build_s": time.perf_counter() - t0, "build_cpu_s": _cpu_s() - c0, "build_peak_mb": _maxrss_mb()}


def child_query_oxigraph(root: Path, picks: dict, repeat: int) -> dict:
    from kg.store import OxigraphStore

    return _latencies(OxigraphStore.open_read_only(root), picks, repeat)


def child_rdflib(gen: Path, picks: dict, repeat: int) -> dict:
    from rdflib import URIRef

    from kg.store import MemoryStore

    t0, c0 = time.perf_counter(), _cpu_s()
    store = MemoryStore()
    for path, g in _files(gen):
        store._ds.graph(URIRef(g)).parse(path, format="turtle")  # the baseline's own parser and store
    out = {"build_s": time.perf_counter() - t0, "build_cpu_s": _cpu_s() - c0, "build_peak_mb": _maxrss_mb()}
    out["queries"] = _latencies(store, picks, repeat)
    return out


def _child(args: list[str], timeout: float = 7200) -> dict:
    proc = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True, timeout=timeout)
    if proc.returncode != 0:
        raise SystemExit(f"benchmark step {args[0]} failed:\n{proc.stderr[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


# ---------------------------------------------------------------- CLI timings


def _cli_median(args: list[str], runs: int, env: dict) -> dict:
    times, rc, err = [], 0, ""
    for _ in range(runs):
        t0 = time.perf_counter()
        proc = subprocess.run([str(KG), *args], capture_output=True, text=True, env=env)
        times.append(time.perf_counter() - t0)
        rc, err = proc.returncode, proc.stderr.strip().splitlines()[-1:] if proc.stderr.strip() else []
    return {"median_s": statistics.median(times), "exit_code": rc, "stderr_tail": err}


def cli_timings(root: Path, picks: dict, runs: int) -> dict:
    env = {**os.environ, "KG_STORE": str(root)}
    cond = picks["conditions"][0]
    out = {"kg --help": _cli_median(["--help"], runs, env),
           "kg query recommendations-by-stage": _cli_median(
               ["query", "recommendations-by-stage", "-p", f"condition={cond}"], runs, env)}
    if importlib.util.find_spec("kg_cli.paths_cmd") is not None:
        out["kg paths"] = _cli_median(["paths", cond, "--age", "45", "--sex", "female", "--weight", "70",
                                       "--height", "165"], runs, env)
    return out


# ---------------------------------------------------------------- one size


def pick_entities(root: Path) -> dict:
    """Bound entities that exist at every size: two leaf conditions with guidance (what a patient's path
    asks for; the generator's c0-c9 are hubs above a tenth of all guidance), three typically-cited works."""
    from kg.store import OxigraphStore

    store = OxigraphStore.open_read_only(root)
    counts = store.select("SELECT ?w (COUNT(?e) AS ?n) WHERE { ?e kgv:refersTo ?w } GROUP BY ?w ORDER BY ?w").rows
    median = statistics.median_low(int(n) for _, n in counts)
    works = sorted(str(w) for w, n in counts if int(n) == median)[:3]
    from kg.namespaces import COND, POP

    return {"conditions": [str(COND[f"c{i}"]) for i in (10, 11)], "population": str(POP["adult"]), "works": works}


def run_size(label: str, triples: int, work: Path, repeat: int, cli_runs: int) -> dict:
    from generate import generate

    gen = work / f"gen-{label}"
    root = work / f"store-{label}"
    shutil.rmtree(root, ignore_errors=True)
    print(f"[{label}] generating", file=sys.stderr, flush=True)
    manifest = generate(triples, gen)
    print(f"[{label}] building Oxigraph store", file=sys.stderr, flush=True)
    ox = _child(["_build-ox", str(gen), str(root)])
    picks = pick_entities(root)
    print(f"[{label}] querying Oxigraph", file=sys.stderr, flush=True)
    ox["queries"] = _child(["_query-ox", str(root), json.dumps(picks), str(repeat)])
    print(f"[{label}] rdflib baseline (build + queries)", file=sys.stderr, flush=True)
    rdf = _child(["_rdflib", str(gen), json.dumps(picks), str(repeat)])
    print(f"[{label}] CLI timings", file=sys.stderr, flush=True)
    cli = cli_timings(root, picks, cli_runs)
    from kg.store import OxigraphStore

    n = len(OxigraphStore.open_read_only(root).select("SELECT ?s WHERE { GRAPH ?g { ?s ?p ?o } }"))
    shutil.rmtree(gen, ignore_errors=True)
    return {"size": label, "triples": n, "articles": manifest["articles"], "picks": picks,
            "oxigraph": ox, "rdflib": rdf, "cli": cli}


# ---------------------------------------------------------------- report


def table(results: list[dict]) -> str:
    lines = [f"{'size':>5} {'metric':<22} {'oxigraph':>12} {'rdflib':>12} {'ratio':>8}"]
    for r in results:
        ox, rdf = r["oxigraph"], r["rdflib"]
        rows = [("build s", ox["build_s"], rdf["build_s"]), ("build CPU s", ox["build_cpu_s"], rdf["build_cpu_s"]),
                ("build peak MB", ox["build_peak_mb"], rdf["build_peak_mb"])]
        for q in ox["queries"]:
            rows.append((f"{q} median ms", ox["queries"][q]["median_ms"], rdf["queries"][q]["median_ms"]))
        for metric, a, b in rows:
            lines.append(f"{r['size']:>5} {metric:<22} {a:>12.3f} {b:>12.3f} {b / a if a else float('inf'):>7.1f}x")
        for name, t in r["cli"].items():
            lines.append(f"{r['size']:>5} {name[:22]:<22} {t['median_s']:>11.3f}s {'':>12} {'':>8}"
                         + (f"  (exit {t['exit_code']})" if t["exit_code"] else ""))
    lines.append("ratio = rdflib / oxigraph (time or memory): above 1 means the Oxigraph store is better")
    return "\n".join(lines)


def goals(results: list[dict]) -> dict:
    by = {r["size"]: r for r in results}
    if "1M" not in by:
        return {}
    big, out = by["1M"], {}
    out["build >= 8x faster"] = big["rdflib"]["build_s"] / big["oxigraph"]["build_s"] >= GOALS["build_speedup"]
    out["build <= 1/3 memory"] = big["rdflib"]["build_peak_mb"] / big["oxigraph"]["build_peak_mb"] >= 3
    for q in ("path", "trace"):
        ox_ms, rdf_ms = big["oxigraph"]["queries"][q]["median_ms"], big["rdflib"]["queries"][q]["median_ms"]
        out[f"{q} >= 5x faster"] = rdf_ms / ox_ms >= GOALS["query_speedup"]
        if "10k" in by:
            out[f"{q} within 2x of 10k"] = ox_ms <= GOALS["scale_slowdown"] * by["10k"]["oxigraph"]["queries"][q]["median_ms"]
    out["kg --help < 0.3 s"] = big["cli"]["kg --help"]["median_s"] < GOALS["help_seconds"]
    if "kg paths" in big["cli"]:
        out["kg paths < 1 s"] = (big["cli"]["kg paths"]["median_s"] < GOALS["paths_seconds"]
                                 and big["cli"]["kg paths"]["exit_code"] == 0)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="10k,100k,1M", help="comma-separated, from: " + ", ".join(SIZES))
    ap.add_argument("--repeat", type=int, default=20, help="timed runs per bound entity and query")
    ap.add_argument("--cli-runs", type=int, default=5)
    ap.add_argument("--work", type=Path, default=None, help="work directory (default: a temporary one)")
    ap.add_argument("--out", type=Path, default=BENCH / "results")
    args = ap.parse_args()
    sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
    unknown = [s for s in sizes if s not in SIZES]
    if unknown:
        ap.error(f"unknown size {unknown[0]!r}; choose from {', '.join(SIZES)}")
    work = args.work or Path(tempfile.mkdtemp(prefix="kg-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    sys.path.insert(0, str(BENCH))
    results = [run_size(s, SIZES[s], work, args.repeat, args.cli_runs) for s in sizes]
    report = {"sizes": sizes, "python": sys.version.split()[0], "results": results, "goals_at_1M": goals(results)}
    args.out.mkdir(parents=True, exist_ok=True)
    out = args.out / f"store-{'-'.join(sizes)}.json"
    out.write_text(json.dumps(report, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(table(results))
    for goal, met in report["goals_at_1M"].items():
        print(f"goal {goal}: {'met' if met else 'NOT met'}")
    print(f"wrote {out}")
    if args.work is None:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1].startswith("_"):
        step, rest = sys.argv[1], sys.argv[2:]
        if step == "_build-ox":
            res = child_build_oxigraph(Path(rest[0]), Path(rest[1]))
        elif step == "_query-ox":
            res = child_query_oxigraph(Path(rest[0]), json.loads(rest[1]), int(rest[2]))
        else:
            res = child_rdflib(Path(rest[0]), json.loads(rest[1]), int(rest[2]))
        print(json.dumps(res))
    else:
        main()
