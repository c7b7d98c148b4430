extensions = ["sphinx_kb"]
html_theme = "furo"
kb_known_placeholders = [
    {"post": "posts/2025-03-01-citations", "url": "https://draft.test/kept", "reason": "kept to test known placeholders"},
]
# the tests of this root check what the author sees (every status, lines, the review queue);
# the readers' view (the default) is tested in tests/sources/test_reader_view.py
kb_author_view = True
