"""Exports for other ecosystems: FHIR clinical-practice-guideline Bundles and KGX/Biolink TSV.

Both read the whole built graph once (`facts.GraphFacts`), so they cost one pass over the store, and both
are deterministic: every list is sorted by IRI or by the order the graph states (stage position, rank).
"""
