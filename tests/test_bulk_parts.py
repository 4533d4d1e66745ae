"""A full build hands its N-Quads dump to the bulk loader in blocks; every block must end at a line end
(one quad a line), and the blocks together must be the file, whatever the lines' lengths and block size."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.store.oxigraph import _line_blocks


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.binary(max_size=60).map(lambda b: b.replace(b"\n", b"x")), max_size=30), st.booleans(),
       st.integers(1, 80))
def test_blocks_end_at_line_ends_and_join_to_the_file(tmp_path, lines, final_newline, size) -> None:
    data = b"\n".join(lines) + (b"\n" if final_newline and lines else b"")
    path = tmp_path / "dump.nq"
    path.write_bytes(data)
    blocks = list(_line_blocks(path, size))
    assert b"".join(blocks) == data
    assert all(block.endswith(b"\n") for block in blocks[:-1])
    assert all(blocks)
