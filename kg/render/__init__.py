"""Views of results: path text, SPARQL result formats, the HTML graph view, RDF and other exports."""
