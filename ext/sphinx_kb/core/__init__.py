"""kb's pure core: plain Python, importable without Sphinx or docutils.

Everything here works on text and plain data and is unit-tested directly
(``tests/core/``); the Sphinx glue in the other subpackages calls it. A test
checks that nothing under ``sphinx_kb.core`` imports Sphinx or docutils.

problem        a problem found in a file: its line and what is wrong
text           plain-text helpers: cleaning, YAML scalars as text, excerpts, dates
yamldata       safe YAML (C loader, duplicate keys noted, key lines)
names          a name's identity (``name_key``), its slug and its letter
frontmatter    Jekyll front matter -> ``Post``: the one normalisation
liquid         Jekyll's Liquid tags in a body, handled without running Liquid
taxonomy       posts -> tags, categories, authors, keywords and the archive
glossary       the definitions file merged with the posts' keywords
placeholders   placeholder citations (example domains, "replace me" text)
markup         what kb adds to a page, as plain data, and its HTML
feeds          Atom (feedgen) and JSON Feed 1.1 documents; the site's absolute base
related        related posts (Hugo's related content), previous/next by date
jsonld         schema.org BlogPosting, serialised safely for a script element
publishing     Jekyll's rules: future posts, drafts, published: false
descriptions   the descriptions file: tags, categories and authors described
sitemap        sitemap.xml from the whole site's page list
doi            DOIs in resolver URLs and ``doi:`` text -> one bare key and one link
csl            CSL-JSON metadata (what doi.org answers), cleaned to what kb keeps
references     formatted references (citeproc-py, a CSL style): plain text and safe HTML
updates        retractions, corrections, concerns from a Crossref work; the review queue
citing         "cite this post": BibTeX, RIS, CSL-JSON, Highwire meta tags; sources.bib
"""
