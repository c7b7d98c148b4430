# A small kb site laid out like the repository's own (posts and kb's pages under docs/),
# copied by each hostile test before it adds its attack.
extensions = ["sphinx_kb"]
html_theme = "furo"
exclude_patterns = ["_build"]
kb_posts = ["docs/posts/**"]
kb_output_dir = "docs"
tags_output_dir = "docs/tags"
kb_glossary_file = "docs/glossary.yaml"
kb_glossary_autolink = True
