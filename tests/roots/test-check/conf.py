extensions = ["sphinx_kb"]
html_theme = "furo"
exclude_patterns = ["_build"]
myst_enable_extensions = ["colon_fence", "deflist"]
kb_known_placeholders = [{"post": "posts/2025-01-05-citations", "url": "https://example.net/kept", "reason": "kept"}]
kb_placeholder_markers = ["replace with actual", "citation needed", "add link here", "don't cite"]
