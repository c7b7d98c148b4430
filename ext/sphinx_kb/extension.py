"""kb's Sphinx extension: each feature's ``setup_*``, in the order of the pipeline.

Each subpackage registers its own configuration values, nodes, directives and
event listeners (as sphinx-design does per component).
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config

from . import __version__
from .citations import setup_citations
from .glossary import setup_glossary
from .jekyll import setup_jekyll
from .perf import setup_perf
from .pipeline import setup_pipeline
from .posts import setup_posts
from .readers import setup_readers
from .sources import setup_sources
from .state import setup_state
from .taxonomy import setup_taxonomy
from .writing import setup_writing

STATIC = Path(__file__).parent / "static"


def config_values() -> list[tuple[str, object, frozenset, str]]:
    """Every configuration value kb registers: (name, default, types, what it rebuilds)."""
    from . import citations, glossary, jekyll, perf, pipeline, posts, readers, sources, taxonomy

    return [*pipeline.CONFIG_VALUES, *posts.CONFIG_VALUES, *taxonomy.CONFIG_VALUES, *glossary.CONFIG_VALUES,
            *sources.CONFIG_VALUES, *citations.CONFIG_VALUES, *jekyll.CONFIG_VALUES, *perf.CONFIG_VALUES,
            *readers.CONFIG_VALUES]


def add_static_path(app: Sphinx, config: Config) -> None:
    config.html_static_path = [*config.html_static_path, str(STATIC)]


def setup(app: Sphinx) -> dict:
    app.setup_extension("myst_parser")
    setup_state(app)
    setup_pipeline(app)
    setup_posts(app)
    setup_taxonomy(app)
    setup_glossary(app)
    setup_sources(app)
    setup_jekyll(app)
    setup_writing(app)
    setup_citations(app)  # after setup_writing, whose events it listens to
    setup_readers(app)  # after setup_writing: it listens to the kb-post-footer and kb-page-shows events
    setup_perf(app)
    app.connect("config-inited", add_static_path)
    app.add_css_file("kb.css")
    return {
        "version": __version__,
        "env_version": 6,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
