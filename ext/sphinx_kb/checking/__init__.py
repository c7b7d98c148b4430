"""A post read as the build reads it, without Sphinx: docutils and MyST only.

blocks    a doctree's text blocks with external links (the build's ``sources.collect``
          uses it too): what ``core.sources`` turns into citations and warnings
myst      a post's doctree as MyST makes it without Sphinx, configured from conf.py
oldlinks  links to the old Jekyll site changed as ``jekyll.links`` changes them
post      one post checked: front matter, Liquid, placeholder citations

This package imports nothing from Sphinx, so ``kb check`` starts quickly; ``blocks``
imports only docutils, and ``myst`` is imported only when a post needs a parse.
"""
