"""Listings of entities: conditions, therapies, references."""

from __future__ import annotations

from ..store.base import Rows, Store

CONDITIONS = """
SELECT ?condition ?label
       (GROUP_CONCAT(DISTINCT ?syn; separator=" | ") AS ?synonyms)
       (GROUP_CONCAT(DISTINCT ?broaderLabel; separator=" | ") AS ?broader)
       (COUNT(DISTINCT ?rec) AS ?recommendations)
WHERE {
  # Sorted before grouping so that every store concatenates in the same order.
  { SELECT ?condition ?label ?syn ?broaderLabel ?rec WHERE {
      ?condition a kgv:Condition ; skos:prefLabel ?label .
      OPTIONAL { { ?condition skos:altLabel ?syn } UNION { ?condition kgv:abbreviation ?syn } }
      OPTIONAL { ?condition skos:broader/skos:prefLabel ?broaderLabel }
      OPTIONAL { ?rec kgv:forCondition ?condition }
    } ORDER BY ?condition ?syn ?broaderLabel }
}
GROUP BY ?condition ?label
ORDER BY LCASE(?label)
"""

THERAPIES = """
SELECT ?therapy ?label ?kind
       (GROUP_CONCAT(DISTINCT ?abbr; separator=" | ") AS ?abbreviations)
       (GROUP_CONCAT(DISTINCT ?classLabel; separator=" | ") AS ?classes)
       (COUNT(DISTINCT ?rec) AS ?recommendations)
WHERE {
  { SELECT ?therapy ?label ?kind ?abbr ?classLabel ?rec WHERE {
      VALUES (?type ?kind) {
        (kgv:Drug "drug") (kgv:DrugClass "drug class") (kgv:NonDrugTherapy "non-drug") (kgv:CombinationTherapy "combination")
      }
      ?therapy a ?type ; skos:prefLabel ?label .
      OPTIONAL { ?therapy kgv:abbreviation ?abbr }
      OPTIONAL { ?therapy kgv:drugClass/skos:prefLabel ?classLabel }
      OPTIONAL { ?rec kgv:therapy ?therapy }
    } ORDER BY ?therapy ?abbr ?classLabel }
}
GROUP BY ?therapy ?label ?kind
ORDER BY LCASE(?label)
"""

REFERENCES = """
SELECT ?reference ?title ?type ?source ?year
       (GROUP_CONCAT(DISTINCT CONCAT(?articleTitle, " #", STR(?position)); separator=" | ") AS ?citedBy)
WHERE {
  { SELECT ?reference ?title ?type ?source ?year ?articleTitle ?position WHERE {
      VALUES (?class ?type) { (kgv:GuidelineReference "guideline") (kgv:ResearchReference "research") }
      ?reference a ?class ; dcterms:title ?title ; kgv:sourceTitle ?source .
      OPTIONAL { ?reference dcterms:issued ?year }
      OPTIONAL { ?entry kgv:refersTo ?reference ; kgv:position ?position ; kgv:inArticle/dcterms:title ?articleTitle }
    } ORDER BY ?reference ?articleTitle ?position }
}
GROUP BY ?reference ?title ?type ?source ?year
ORDER BY ?title ?year
"""

LISTINGS = {"conditions": CONDITIONS, "therapies": THERAPIES, "references": REFERENCES}


def listing(store: Store, kind: str) -> Rows:
    return store.select(LISTINGS[kind])
