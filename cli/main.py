"""The `kg` command: a thin click layer over the kg library.

Subcommands are imported only when invoked, so `kg --help` and simple calls start fast.
"""

from __future__ import annotations

import importlib
import importlib.util

import click

# name -> "module:function" inside kg_cli; order is the order shown in --help.
COMMANDS: dict[str, str] = {
    "build": "build_cmd:build",
    "check": "check_cmd:check",
    "query": "query_cmd:query",
    "queries": "query_cmd:queries",
    "conditions": "listing_cmd:conditions",
    "therapies": "listing_cmd:therapies",
    "references": "listing_cmd:references",
    "paths": "paths_cmd:paths",
    "trace": "trace_cmd:trace",
    "compare": "compare_cmd:compare",
    "viz": "viz_cmd:viz",
    "export": "build_cmd:export",
    "serve": "serve_cmd:serve",
    "explore": "explore_cmd:explore",
    "import": "import_cmd:import_",
    "sources": "import_cmd:sources",
}

SHORT_HELP: dict[str, str] = {
    "build": "Validate graph/ and build the store.",
    "check": "Report citation and data-quality problems.",
    "query": "Run SPARQL: text, a .rq file or a named query.",
    "queries": "List the named queries and their parameters.",
    "conditions": "List conditions with their synonyms.",
    "therapies": "List therapies with class and abbreviations.",
    "references": "List cited works and the articles citing them.",
    "paths": "Treatment path for a patient, with doses.",
    "trace": "Trace guidance to statements and references.",
    "compare": "Compare what the articles say, side by side.",
    "viz": "Write an interactive HTML graph.",
    "export": "Export as RDF (Turtle, N-Triples, JSON-LD, TriG, N-Quads, RDF/XML), FHIR or KGX.",
    "serve": "Serve a read-only SPARQL endpoint.",
    "explore": "Serve the explorer and open it in the browser.",
    "import": "Draft curated sources from article files.",
    "sources": "Check statements against the article files.",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return [name for name in COMMANDS if self._available(name)]

    @staticmethod
    def _available(name: str) -> bool:
        module = COMMANDS[name].split(":")[0]
        return importlib.util.find_spec(f"kg_cli.{module}") is not None

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS or not self._available(name):
            return None
        module, attr = COMMANDS[name].split(":")
        return getattr(importlib.import_module(f"kg_cli.{module}"), attr)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, SHORT_HELP.get(name, "")) for name in self.list_commands(ctx)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="guideline-kg")
def main() -> None:
    """Explore clinical guidance as a knowledge graph.

    Build the graph from the curated sources in graph/, then ask it questions:

    \b
      kg build
      kg conditions
      kg query first-line-therapies --param condition="scleroderma-myositis overlap"
      kg paths "scleroderma-myositis overlap" --age 45 --sex female --weight 70 --height 165

    Every command takes --help. Store location: --store PATH|URL or $KG_STORE
    (default .kg/store in the project). Educational use only.
    """
