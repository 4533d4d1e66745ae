"""Names of the real curated graph that many tests use, and the helpers they share, written once.

Facts about the real articles belong in the tests about those articles; these are only the handles
(condition names, article IRIs, source files) by which tests reach them.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner, Result

from kg.vocab.namespaces import ART

OVERLAP = "scleroderma-myositis overlap"
JUVENILE_OVERLAP = "overlap UCTD with scleroderma and juvenile dermatomyositis"

ADULT = ART["ssc-myositis-overlap-adult"]
JUVENILE = ART["juvenile-uctd-scleroderma-jdm-overlap"]

ADULT_FILE = "articles/ssc-myositis-overlap-adult.ttl"
JUVENILE_FILE = "articles/juvenile-uctd-scleroderma-jdm-overlap.ttl"


def run(*args: str, env: dict[str, str] | None = None) -> Result:
    """`kg ARGS` in process through click (stdout and stderr kept apart)."""
    from kg_cli.main import main

    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


def copy_store(source: Path, target: Path) -> Path:
    """A private copy of a built store (its `current` link is relative, so the copy stands on its own)."""
    shutil.copytree(source, target, symlinks=True)
    return target
