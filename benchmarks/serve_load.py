"""Load benchmark: `kg serve` against `oxigraph serve-read-only` on the same 100k-triple store, side by side.

One run: generate the 100k graph (benchmarks/generate.py), load it into a store (kg.store.oxigraph.StoreWriter),
then for each server in turn and each client count (1, 8, 32) run a closed loop for DURATION seconds:
every client thread keeps one keep-alive HTTP connection and sends the next query of the mix as soon
as the previous answer arrived. Recorded per cell: requests/s, p50/p99/max latency, errors, and the
server's CPU seconds (process and every descendant: kg serve's workers included) next to wall time.

The mix is the named queries a user runs (graph/queries, parameters bound by a VALUES block as for
any remote SPARQL store, project prefixes declared in the text), over leaf conditions, a typically
cited work and a recommended therapy of the generated graph. Both servers get byte-identical
requests, asking for SPARQL JSON. A trivial query (ASK {}) at 8 clients shows the HTTP overhead alone.

Goals (issue 14): throughput >= 0.8x Oxigraph at 8 and 32 clients; p99 < 1 s for the named queries.

    python benchmarks/serve_load.py                 # writes benchmarks/results/serve-load-100k.json
    python benchmarks/serve_load.py --duration 5    # a quicker look
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import statistics
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

from serve_common import PROJECT, oxigraph_version, replace_block, start_kg, start_oxigraph

sys.path.insert(0, str(PROJECT))
RESULTS = PROJECT / "benchmarks" / "results" / "serve-load-100k.json"
CLIENTS = tuple(int(c) for c in os.environ.get("SERVE_LOAD_CLIENTS", "1,8,32").split(","))
GOAL_RATIO = 0.8
GOAL_P99_S = 1.0


def build_store(work: Path, triples: int) -> Path:
    from generate import generate
    from run import child_build_oxigraph

    gen = work / "gen"
    generate(triples, gen)
    store = work / "store"
    child_build_oxigraph(gen, store)
    return store


def query_mix(store: Path) -> list[tuple[str, str]]:
    """(name, full query text) for the named queries, with their parameters bound as VALUES."""
    from rdflib import URIRef

    from kg.config import GRAPH_DIR
    from kg.read.queries import named_queries
    from kg.store.oxigraph import OxigraphStore
    from kg.store.remote import inject_values
    from kg.vocab.namespaces import COND, sparql_prologue

    db = OxigraphStore.open_read_only(store)
    cited = db.select("SELECT ?w (COUNT(?e) AS ?n) WHERE { ?e kgv:refersTo ?w } GROUP BY ?w ORDER BY DESC(?n) ?w").rows
    work = cited[len(cited) // 2][0]  # a typically cited work, not the most cited hub
    therapy = db.select("SELECT ?t WHERE { ?r kgv:therapy ?t ; kgv:forConditionOrBroader ?c } ORDER BY ?t LIMIT 1",
                        {"c": URIRef(COND["c10"])}).rows[0][0]
    db.close()
    named = named_queries(GRAPH_DIR / "queries")
    bound = {"condition": [URIRef(COND["c10"]), URIRef(COND["c11"])], "therapy": [therapy], "reference": [work]}
    mix = []
    for name in ("first-line-therapies", "recommendations-by-stage", "escalation-steps", "doses-for-therapy",
                 "evidence-what-a-reference-supports"):
        q = named[name]
        param = q.params[0].name
        for value in bound[param]:
            mix.append((name, sparql_prologue() + inject_values(q.text, {param: value})))
    return mix


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


def query_costs(store: Path, mix: list[tuple[str, str]], repeat: int = 3) -> dict[str, float]:
    """Engine CPU milliseconds of each named query, run alone in this process on the same store (the best of
    `repeat`): what one request costs either server before any queueing, so a tail can be read against it."""
    import pyoxigraph as ox

    db = ox.Store.read_only(str(Path(store) / "current"))
    out: dict[str, float] = {}
    for name, text in mix:
        best = min(_timed(lambda t=text: list(db.query(t, use_default_graph_as_union=True))) for _ in range(repeat))
        out[name] = round(max(out.get(name, 0.0), best * 1000), 1)
    return out


def _timed(call) -> float:
    c0 = time.process_time()
    call()
    return time.process_time() - c0


def load(url: str, queries: list[str], clients: int, duration: float, names: list[str] | None = None) -> dict:
    parts = urllib.parse.urlsplit(url)
    bodies = [urllib.parse.urlencode({"query": q}).encode() for q in queries]
    names = names or [f"q{i}" for i in range(len(queries))]
    latencies: list[float] = []
    by_name: dict[str, list[float]] = {}
    errors: list[str] = []
    lock = threading.Lock()
    stop = time.monotonic() + duration

    def client(k: int) -> None:
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
        i = k
        mine: list[float] = []
        mine_named: list[tuple[str, float]] = []
        while time.monotonic() < stop:
            which = i % len(bodies)
            body = bodies[which]
            i += 1
            t0 = time.perf_counter()
            try:
                conn.request("POST", parts.path, body=body, headers={
                    "Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json"})
                resp = conn.getresponse()
                data = resp.read()
                if resp.status != 200:
                    with lock:
                        errors.append(f"{resp.status} {data[:80]!r}")
            except (OSError, http.client.HTTPException) as e:
                with lock:
                    errors.append(f"{type(e).__name__}: {e}")
                conn.close()
                conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
                continue
            mine.append(time.perf_counter() - t0)
            mine_named.append((names[which], mine[-1]))
        conn.close()
        with lock:
            latencies.extend(mine)
            for name, latency in mine_named:
                by_name.setdefault(name, []).append(latency)

    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    t0 = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.monotonic() - t0
    done = len(latencies)
    return {"clients": clients, "wall_s": round(wall, 2), "requests": done, "errors": len(errors),
            "error_sample": errors[:3], "req_per_s": round(done / wall, 2),
            "p50_ms": round(statistics.median(latencies) * 1000, 1) if latencies else None,
            "p99_ms": round(_percentile(latencies, 99) * 1000, 1) if latencies else None,
            "max_ms": round(max(latencies) * 1000, 1) if latencies else None,
            "p99_by_query_ms": {n: round(_percentile(v, 99) * 1000, 1) for n, v in sorted(by_name.items())}}


def _cell(server, queries: list[str], clients: int, duration: float, names: list[str] | None = None) -> dict:
    cpu0, client0 = server.cpu_seconds(), time.process_time()
    cell = load(server.url, queries, clients, duration, names)
    cell["server_cpu_s"] = round(server.cpu_seconds() - cpu0, 2)
    cell["client_cpu_s"] = round(time.process_time() - client0, 2)  # the load generator's own CPU
    return cell


def _merge(a: dict, b: dict) -> dict:
    """Two halves of one cell (A-B-B-A order) as one measurement."""
    wall = a["wall_s"] + b["wall_s"]
    return {"clients": a["clients"], "wall_s": round(wall, 2), "requests": a["requests"] + b["requests"],
            "errors": a["errors"] + b["errors"], "error_sample": (a["error_sample"] + b["error_sample"])[:3],
            "req_per_s": round((a["requests"] + b["requests"]) / wall, 2),
            "p50_ms": max(a["p50_ms"] or 0, b["p50_ms"] or 0), "p99_ms": max(a["p99_ms"] or 0, b["p99_ms"] or 0),
            "max_ms": max(a["max_ms"] or 0, b["max_ms"] or 0),
            "server_cpu_s": round(a["server_cpu_s"] + b["server_cpu_s"], 2),
            "client_cpu_s": round(a["client_cpu_s"] + b["client_cpu_s"], 2),
            "p99_by_query_ms": {n: max(a["p99_by_query_ms"].get(n, 0), b["p99_by_query_ms"].get(n, 0))
                                for n in sorted(set(a["p99_by_query_ms"]) | set(b["p99_by_query_ms"]))}}


def measure(servers: list, mix: list[tuple[str, str]], duration: float) -> dict:
    """Both servers run throughout; each cell is measured in A-B-B-A order (half the duration per turn),
    so a change in the machine's background load during the run falls on both alike. p50/p99 of a
    cell are the worse of its two halves."""
    queries = [q for _, q in mix]
    names = [n for n, _ in mix]
    for server in servers:
        for q in queries:  # warm-up: caches, lazy imports, the guard's parse cache in each worker
            load(server.url, [q], 8, 0.5)
    out: dict = {s.name: {"named": [], "trivial": None} for s in servers}
    a, b = servers
    for clients in CLIENTS:
        first = {s.name: _cell(s, queries, clients, duration / 2, names) for s in (a, b)}
        second = {s.name: _cell(s, queries, clients, duration / 2, names) for s in (b, a)}
        for s in servers:
            out[s.name]["named"].append(_merge(first[s.name], second[s.name]))
        print(f"  {clients} clients: " + ", ".join(f"{n} {out[n]['named'][-1]['req_per_s']} req/s" for n in out),
              file=sys.stderr)
    short = min(duration, 6) / 2
    first = {s.name: _cell(s, ["ASK {}"], 8, short) for s in (a, b)}
    second = {s.name: _cell(s, ["ASK {}"], 8, short) for s in (b, a)}
    for s in servers:
        out[s.name]["trivial"] = _merge(first[s.name], second[s.name])
    return out


def _per_cpu(cell: dict) -> float:
    return cell["requests"] / cell["server_cpu_s"] if cell["server_cpu_s"] else 0.0


def table(results: dict) -> str:
    kg, ox = results["servers"]["kg serve"], results["servers"]["oxigraph serve-read-only"]
    lines = ["| clients | kg serve req/s | Oxigraph req/s | ratio | kg p50 / p99 ms | Oxigraph p50 / p99 ms | "
             "wall s | kg CPU s | Oxigraph CPU s | req per CPU s, kg / Oxigraph | errors kg / Oxigraph |",
             "|---|---|---|---|---|---|---|---|---|---|---|"]
    rows = [(str(a["clients"]), a, b) for a, b in zip(kg["named"], ox["named"], strict=True)]
    rows.append(("8, `ASK {}`", kg["trivial"], ox["trivial"]))
    for label, a, b in rows:
        digits = 1 if label.isdigit() else 0
        lines.append(f"| {label} | {a['req_per_s']:.{digits}f} | {b['req_per_s']:.{digits}f} | "
                     f"{a['req_per_s'] / b['req_per_s']:.2f}x | {a['p50_ms']:.0f} / {a['p99_ms']:.0f} | "
                     f"{b['p50_ms']:.0f} / {b['p99_ms']:.0f} | {a['wall_s']:.1f} | {a['server_cpu_s']:.1f} | {b['server_cpu_s']:.1f} | "
                     f"{_per_cpu(a):.0f} / {_per_cpu(b):.0f} | {a['errors']} / {b['errors']} |")
    g = results["goals"]
    lines.append("")
    lines.append(f"Goals: throughput ≥ {GOAL_RATIO}x Oxigraph at 8 and 32 clients: "
                 + ", ".join(f"{k} clients {v['ratio']:.4f}x ({'met' if v['met'] else 'not met'})"
                             for k, v in sorted(g["throughput"].items(), key=lambda kv: int(kv[0])))
                 + f"; p99 < {GOAL_P99_S:g} s for the named queries: "
                 + ", ".join(f"{k} clients {v['p99_ms']:.0f} ms ({'met' if v['met'] else 'not met'})"
                             for k, v in sorted(g["p99"].items(), key=lambda kv: int(kv[0]))) + ".")
    costs = results.get("query_cpu_ms")
    if costs:
        at8 = {a["clients"]: (a, b) for a, b in zip(kg["named"], ox["named"], strict=True)}.get(8)
        lines.append("Engine CPU of one request of each named query, alone, on this store: "
                     + ", ".join(f"{n} {ms:g} ms" for n, ms in sorted(costs.items(), key=lambda kv: -kv[1]))
                     + (("; p99 by query at 8 clients, kg / Oxigraph: "
                         + ", ".join(f"{n} {at8[0]['p99_by_query_ms'].get(n, 0):.0f} / "
                                     f"{at8[1]['p99_by_query_ms'].get(n, 0):.0f} ms" for n in sorted(costs)))
                        if at8 and "p99_by_query_ms" in at8[0] else "") + ".")
    lines.append(f"({results['triples']} generated triples, {results['duration_s']:g} s per cell, "
                 f"{results['cpu_count']} cores, kg serve with {results['kg_workers']} workers, {results['oxigraph']}; "
                 f"the load generator runs on the same machine and used {results.get('client_cpu_s', '?')} CPU s "
                 f"in {results.get('run_wall_s', '?')} s of wall time; "
                 + _load_text(results) + ".)")
    return "\n".join(lines) + "\n"


def _loadavg() -> float:
    return round(os.getloadavg()[0], 2)


class LoadSampler:
    """The machine's 1-minute load average, sampled every second while the servers are measured
    (the machine is shared: the figure says how much else was running)."""

    def __init__(self) -> None:
        self.samples: list[float] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(1.0):
            self.samples.append(_loadavg())

    def __enter__(self) -> LoadSampler:
        self.samples.append(_loadavg())
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self.samples.append(_loadavg())

    def summary(self) -> dict:
        s = self.samples
        return {"min": min(s), "mean": round(statistics.fmean(s), 2), "max": max(s), "samples": len(s)}


def _load_text(results: dict) -> str:
    during = results.get("load_average_during")
    text = ("1-minute load average before/after: "
            f"{results['load_average_before_after'][0]} / {results['load_average_before_after'][1]}")
    if during:
        text += f", during the run {during['min']}–{during['max']} (mean {during['mean']}, {during['samples']} samples)"
    return text


def goals(results: dict) -> dict:
    kg, ox = results["servers"]["kg serve"]["named"], results["servers"]["oxigraph serve-read-only"]["named"]
    out: dict = {"throughput": {}, "p99": {}}
    for a, b in zip(kg, ox, strict=True):
        ratio = a["req_per_s"] / b["req_per_s"] if b["req_per_s"] else 0.0
        if a["clients"] in (8, 32):
            out["throughput"][a["clients"]] = {"ratio": round(ratio, 4), "met": ratio >= GOAL_RATIO}
        out["p99"][a["clients"]] = {"p99_ms": a["p99_ms"], "met": a["p99_ms"] is not None
                                    and a["p99_ms"] < GOAL_P99_S * 1000 and a["errors"] == 0}
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--duration", type=float, default=15.0, help="seconds per (server, clients) cell")
    ap.add_argument("--triples", type=int, default=100_000)
    ap.add_argument("--workers", type=int, default=None, help="kg serve --workers (default: its own default)")
    ap.add_argument("--store", type=Path, default=None,
                    help="reuse a store built by an earlier run (skips generating and loading; for quick looks)")
    ap.add_argument("--out", type=Path, default=None,
                    help="write the results JSON here instead, and leave the README alone (smoke runs)")
    ap.add_argument("--table-only", action="store_true",
                    help="rewrite the README table from the results JSON of the last run, measuring nothing")
    args = ap.parse_args()
    if args.table_only:
        text = table(json.loads(RESULTS.read_text(encoding="utf-8")))
        print(text)
        replace_block("serve-load", text)
        return
    from kg.server.config import default_workers

    workers = args.workers or default_workers()
    with tempfile.TemporaryDirectory() as tmp:
        if args.store:
            store = args.store
        else:
            print(f"generating and loading {args.triples} triples …", file=sys.stderr)
            store = build_store(Path(tmp), args.triples)
        mix = query_mix(store)
        costs = query_costs(store, mix)
        results: dict = {"triples": args.triples, "duration_s": args.duration, "cpu_count": os.cpu_count(),
                         "kg_workers": workers, "oxigraph": oxigraph_version(),
                         "queries": [name for name, _ in mix], "query_cpu_ms": costs, "servers": {}}
        servers = []
        try:
            servers.append(start_kg(store, "--workers", str(workers), "--max-rows", "100000"))
            servers.append(start_oxigraph(store, "--union-default-graph"))
            wall0, cpu0 = time.monotonic(), time.process_time()
            with LoadSampler() as sampler:
                results["servers"] = measure(servers, mix, args.duration)
            results["load_average_before_after"] = [sampler.samples[0], sampler.samples[-1]]
            results["load_average_during"] = sampler.summary()
            results["run_wall_s"] = round(time.monotonic() - wall0, 1)
            results["client_cpu_s"] = round(time.process_time() - cpu0, 1)
        finally:
            for server in servers:
                server.stop()
    results["goals"] = goals(results)
    if args.out:
        args.out.write_text(json.dumps(results, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(table(results))
        return
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    text = table(results)
    print(text)
    print(f"wrote {RESULTS.relative_to(PROJECT)}" + ("; README table updated" if replace_block("serve-load", text)
                                                     else "; README has no serve-load block"))


if __name__ == "__main__":
    main()
