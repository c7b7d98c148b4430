"""``make linkcheck``: the posts' sources (``builder``), then the site's own links and
anchors (``internal``), from the command line (``command``)."""
