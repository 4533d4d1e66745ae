"""Build and push: compile the curated sources (derive, validate with SHACL) and write them to a store."""
