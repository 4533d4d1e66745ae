"""The curated articles as text: the article reader (what a locator means) and statement text lookup."""
