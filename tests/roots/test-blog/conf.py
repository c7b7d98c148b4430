extensions = ["sphinx_kb"]
html_theme = "furo"
kb_glossary_file = "glossary.yaml"
kb_page_size = 2
kb_glossary_backlinks = 2
kb_glossary_autolink = True
