"""`kg paths` imports only what the command uses (issue 14: cold start).

Not a timed test: it checks which heavy modules a real `kg paths` run loads. pint (units) is needed
only to convert between two different units; the curated adult path compares mg with mg throughout, so it
must not load pint. pyvis (the graph view) and pyshacl (the build) are never needed by `kg paths`.
"""

from __future__ import annotations

import os
import subprocess
import sys

CODE = """
import sys, kg_cli.main
sys.argv = ['kg', 'paths', 'scleroderma-myositis overlap', '--age', '45', '--sex', 'female',
            '--weight', '70', '--height', '165', '--format', 'json']
try:
    kg_cli.main.main()
except SystemExit as e:
    code = e.code
print(sorted(m for m in ('pint', 'pyvis', 'pyshacl', 'IPython', 'starlette') if m in sys.modules), file=sys.stderr)
"""


def test_kg_paths_loads_no_unit_library_graph_view_or_validator(store_path):
    env = dict(os.environ, KG_STORE=str(store_path))
    out = subprocess.run([sys.executable, "-c", CODE], env=env, capture_output=True, text=True, timeout=300)
    assert '"steps"' in out.stdout or '"populations"' in out.stdout, out.stderr[-2000:]
    assert out.stderr.strip().splitlines()[-1] == "[]"
