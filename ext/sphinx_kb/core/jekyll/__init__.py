"""Moving a Jekyll blog in: Jekyll's own rules, in plain Python (no Sphinx, no docutils).

Each module follows Jekyll 4.x's source (cited in its docstring) so that a post keeps
the URL the old site gave it, and links written the Jekyll way find their post.

urlparts     Jekyll's slugify modes, placeholder escaping and URL sanitising
dates        a post's time as Jekyll reads it, in the site's time zone
config       ``_config.yml`` -> a frozen ``JekyllSite`` (permalink, baseurl, url, zone…)
defaults     front-matter defaults (scope rules) and how a post's data is merged
permalinks   the URL Jekyll gives a post (styles, placeholders, ``permalink:``)
pages        the URL of a page or collection document, for ``{% link %}``
urls         the index of old URLs: a link target -> a post, another old-site page, or none
shapes       the shape of an old post URL: its template as a pattern, its date and title
redirects    redirect pages at old URLs: validated file paths, their HTML, the plan
importer     ``kb import``'s decisions: which files are posts, what a post refers to
entries      which folders and files Jekyll reads (``exclude``, ``include``, hidden names)
"""
