extensions = ["sphinx_kb"]
html_theme = "furo"
kb_glossary_file = "glossary.yaml"
