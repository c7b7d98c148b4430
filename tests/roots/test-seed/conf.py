extensions = ["sphinx_kb"]
html_theme = "furo"
kb_glossary_file = "glossary.yaml"
# the seed's two placeholder citations, kept on purpose (the seed is stored unmodified)
kb_known_placeholders = [
    {"post": "posts/2025-05-14-generative-ai-personalized-medicine", "url": "https://www.example.com/research-article"},
    {"post": "posts/2025-05-14-generative-ai-personalized-medicine", "url": "https://www.example.com/ethics-article"},
]
