extensions = ["sphinx_kb"]
html_theme = "furo"
kb_known_placeholders = [
    {"post": "posts/2025-03-01-citations", "url": "https://draft.test/kept", "reason": "kept to test known placeholders"},
]
