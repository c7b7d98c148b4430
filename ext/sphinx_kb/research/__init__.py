"""Research-grade sources: the network side (``make linkcheck`` only).

cache     record types of what the checks found, and their JSON cache (no network)
http      the bounded, polite HTTP fetcher (requests): timeouts, size cap, rate limits, 429
clients   doi.org content negotiation, Crossref ``/works``, Wayback availability and save
check     one run's checks through the cache: a fresh answer is never asked for again

``make html`` loads ``cache`` alone (to read the results file), never ``http``,
``clients`` or ``check``: a test checks it. The pure parts (DOIs, CSL-JSON, formatted
references, updates, citing) are in ``sphinx_kb.core``; nothing here imports Sphinx.
"""
