"""Generic access to a built graph: node descriptions, name lookup, named queries, listings."""
