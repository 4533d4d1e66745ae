"""The questions asked of the graph: treatment paths and doses, evidence, compare, integrity, projection."""
