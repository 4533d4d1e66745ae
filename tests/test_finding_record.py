"""A finding's dictionary (what integrity.json and `--format json` keep) holds exactly its set fields, in order."""

from __future__ import annotations

from dataclasses import asdict, fields

from hypothesis import given
from hypothesis import strategies as st

from kg.findings import Finding

_optional = st.one_of(st.none(), st.text(max_size=20))


@given(st.text(max_size=8), st.text(max_size=8), st.text(max_size=40), _optional, _optional, _optional, _optional,
       _optional, _optional)
def test_as_dict_keeps_every_set_field_in_declaration_order(level, kind, message, article, locator, node, path, rule,
                                                             file) -> None:
    finding = Finding(level, kind, message, article, locator, node, path, rule, file)
    out = finding.as_dict()
    assert out == {k: v for k, v in asdict(finding).items() if v is not None}
    assert list(out) == [f.name for f in fields(Finding) if getattr(finding, f.name) is not None]
    assert Finding(**out) == finding
