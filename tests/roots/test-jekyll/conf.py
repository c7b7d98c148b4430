extensions = ["sphinx_kb"]
html_theme = "furo"
kb_posts = ["posts/**"]
kb_jekyll_config = "_jekyll/_config.yml"
kb_static_root = "_jekyll"
exclude_patterns = ["_jekyll/**"]
html_baseurl = "https://ada-lindqvist.net/blog/"
