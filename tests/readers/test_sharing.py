"""For search engines and link previews: OpenGraph and Twitter tags, rel=canonical,
BlogPosting JSON-LD, sitemap.xml, the 404 page."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

from conftest import build, copy_root, html

BASE = "https://kb.example.org/notes/"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def citations(app, domain, docname, options):
    """A stand-in for another feature's listener of kb-post-jsonld."""
    return {"citation": [{"@type": "CreativeWork", "name": f"Cited by {docname}"}]}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    srcdir = copy_root("readers", tmp_path_factory.mktemp("sharing"))
    app, _ = build(srcdir, freshenv=True, on={"kb-post-jsonld": citations})
    return app


def meta(page, key: str) -> list[str]:
    return [tag["content"] for tag in page.find_all("meta", attrs={"property": key})] + \
        [tag["content"] for tag in page.find_all("meta", attrs={"name": key})]


def test_opengraph_and_twitter_tags_of_a_post(site):
    alpha = html(site, "posts/2025-01-10-alpha")
    assert meta(alpha, "og:title") == ["Alpha & <Omega>"]  # as text, once
    assert meta(alpha, "og:description") == ["The first post: genomes & models."]
    assert meta(alpha, "og:type") == ["article"]
    assert meta(alpha, "og:url") == [BASE + "posts/2025-01-10-alpha.html"]
    assert meta(alpha, "og:image") == [BASE + "images/alpha.png"]
    assert meta(alpha, "twitter:card") == ["summary_large_image"]
    assert meta(alpha, "article:published_time") == ["2025-01-10T00:00:00+00:00"]
    assert meta(alpha, "article:tag") == ["Genomics", "Machine Learning"]
    assert meta(html(site, "posts/2025-02-11-beta"), "twitter:card") == ["summary"]  # no image
    assert meta(html(site, "about"), "og:type") == ["website"] and meta(html(site, "about"), "twitter:card") == ["summary"]
    raw = (Path(site.outdir) / "posts/2025-01-10-alpha.html").read_text(encoding="utf-8")
    assert 'content="Alpha &amp; &lt;Omega&gt;"' in raw  # escaped once, never as markup


def test_the_image_is_copied_at_its_path(site):
    copied = Path(site.outdir) / "images/alpha.png"
    assert copied.read_bytes() == (Path(site.srcdir) / "images/alpha.png").read_bytes()


def test_canonical_from_html_baseurl(site):
    assert html(site, "posts/2025-02-11-beta").find("link", rel="canonical")["href"] == BASE + "posts/2025-02-11-beta.html"


def test_blog_posting_json_ld_with_the_listeners_properties(site):
    beta = html(site, "posts/2025-02-11-beta")
    scripts = beta.find_all("script", type="application/ld+json")
    assert len(scripts) == 1
    data = json.loads(scripts[0].string)
    assert data["@type"] == "BlogPosting" and data["headline"] == "Beta post"
    assert data["url"] == BASE + "posts/2025-02-11-beta.html"
    assert data["datePublished"] == "2025-02-11T09:30:00+01:00" and data["dateModified"] == "2025-03-01T00:00:00+00:00"
    assert data["author"] == [{"@type": "Person", "name": "Grace", "url": BASE + "_kb/authors/grace.html"}]
    assert data["keywords"] == ["proteomics", "Genomics"] and data["articleSection"] == "research"
    assert data["citation"] == [{"@type": "CreativeWork", "name": "Cited by posts/2025-02-11-beta"}]
    alpha = json.loads(html(site, "posts/2025-01-10-alpha").find("script", type="application/ld+json").string)
    assert alpha["author"][0] == {"@type": "Person", "name": "Ada King, Countess of Lovelace", "url": "https://example.org/ada"}
    assert alpha["image"] == [BASE + "images/alpha.png"] and alpha["headline"] == "Alpha & <Omega>"
    assert html(site, "about").find("script", type="application/ld+json") is None


def test_the_sitemap_lists_every_published_page_and_honours_sitemap_false(site):
    root = ElementTree.parse(Path(site.outdir) / "sitemap.xml").getroot()
    urls = {url.find(f"{SITEMAP}loc").text: url.findtext(f"{SITEMAP}lastmod") for url in root}
    assert urls[BASE + "posts/2025-01-10-alpha.html"] == "2025-01-10"
    assert urls[BASE + "posts/2025-02-11-beta.html"] == "2025-03-01"  # last_modified_at
    assert urls[BASE + "index.html"] is None and BASE + "about.html" in urls
    assert BASE + "_kb/archive/2025/2.html" in urls  # a further listing page, which has no source
    for absent in ("posts/2025-04-13-delta.html", "private.html", "search.html", "genindex.html", "404.html",
                   "posts/2099-01-01-future.html"):
        assert BASE + absent not in urls, absent
    assert list(urls) == sorted(urls)


def test_the_404_page_links_absolutely_from_the_sites_path(site):
    page = html(site, "404")
    assert "Page not found" in page.get_text()
    hrefs = [a["href"] for a in page.select(".sidebar-tree a")]
    assert hrefs and all(href.startswith("/notes/") for href in hrefs), hrefs
    styles = [link["href"] for link in page.find_all("link", rel="stylesheet")]
    assert styles and all(href.startswith("/notes/_static/") for href in styles), styles


def test_a_parallel_read_sends_back_no_entry_for_the_404_page(tmp_path):
    """sphinx-notfound-page's collector would add one for every document read."""
    srcdir = copy_root("readers", tmp_path)
    sent = []
    app, _ = build(srcdir, freshenv=True, parallel=2,
                   on={"env-merge-info": lambda app, env, docnames, other: sent.append(set(other.metadata))})
    assert sent and all("404" not in keys for keys in sent)
    assert "404" not in app.env.metadata


def test_without_the_sites_address_nothing_that_needs_it_is_written(tmp_path):
    """No html_baseurl: no og:url, og:image, canonical nor JSON-LD url (each must be an
    absolute address); the authors' pages in the JSON-LD are relative to the post and
    resolve to the page that exists."""
    srcdir = copy_root("readers", tmp_path)
    app, _ = build(srcdir, freshenv=True, confoverrides={"html_baseurl": ""})
    beta = html(app, "posts/2025-02-11-beta")
    alpha = html(app, "posts/2025-01-10-alpha")
    for page in (alpha, beta, html(app, "about")):
        assert meta(page, "og:url") == [] and page.find("link", rel="canonical") is None
    assert meta(alpha, "og:image") == [] and meta(alpha, "twitter:card") == ["summary"]
    assert meta(alpha, "og:title") == ["Alpha & <Omega>"]  # the rest is kept
    data = json.loads(beta.find("script", type="application/ld+json").string)
    assert "url" not in data and "mainEntityOfPage" not in data
    assert data["author"] == [{"@type": "Person", "name": "Grace", "url": "../_kb/authors/grace.html"}]
    post = Path(app.outdir) / "posts/2025-02-11-beta.html"
    assert (post.parent / data["author"][0]["url"]).resolve().is_file()
    image = json.loads(alpha.find("script", type="application/ld+json").string)["image"]
    assert image == ["../images/alpha.png"] and (post.parent / image[0]).resolve().is_file()
