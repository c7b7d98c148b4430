"""Synthetic Jekyll posts for kb's benchmark: deterministic, seeded, no network.

``write_sites(root, n)`` writes three Sphinx projects made of the same ``n`` posts:

* ``kb/``: the posts as they are (Jekyll front matter shaped like the seed post's),
  ``extensions = ["sphinx_kb"]`` on furo, a glossary file defining about half the
  keywords, and an index with ``{kb-recent}`` and a hidden toctree of kb's
  overview pages;
* ``floor/``: plain Sphinx + MyST + furo on the same files, with ``orphan: true``
  added to each front matter (the posts are kept out of the toctree, no warning),
  and ``myst_title_to_header`` so each post gets its front-matter title as H1;
* ``ablog/``: ABlog on alabaster, its supported theme: the same posts, with the
  front matter ABlog reads (``blogpost: true``, ``date``, ``author``,
  ``category``, ``tags`` as a comma-separated list) and ABlog's sidebars.

Each post: about 450 words in 3 or 4 ``##`` sections, 5 tags out of 125 names
(a few posts spell a tag in another case), 7 keywords out of 300, 1 category out
of 5, 1 author out of 7, about 12 links to made-up ``https://journal-N.org/...``
hosts (never example.com, which kb reports as a placeholder). Run it alone to
look at a corpus: ``python benchmarks/corpus.py --posts 100 --out /tmp/corpus``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import random
from pathlib import Path

SEED = 20250514
WORDS_PER_POST = 380
TAGS_PER_POST = 5
KEYWORDS_PER_POST = 7
LINKS_PER_POST = 12
N_TAGS = 125
N_KEYWORDS = 300
FIRST_DAY = dt.date(2016, 1, 1)
LAST_DAY = dt.date(2025, 12, 31)

# -- vocabulary ---------------------------------------------------------------------

_COMMON = """the of and to in a is that for it as with was on be by this are from
or at an which can have has not but their more been these its also than other
such into they may when how new most some between over only both where would
could each many through used use while should about them those first two data
because well after patients models model clinical care health systems research
studies results treatment disease risk learning medicine genetic drug medical
analysis information approach methods tools design outcomes evidence trials
population cohort biomarkers sequencing variants therapy diagnosis hospital
privacy consent regulation bias fairness accuracy validation training features
images records notes imaging pathology oncology cardiology genomics proteomics
molecules protein binding target compound screening toxicity dosage response
prediction classification generation synthesis pipeline workflow platform
infrastructure cloud storage security governance audit transparency trust
clinicians nurses physicians researchers regulators developers companies
laboratories universities payers insurers families communities rare common
chronic acute early late recent large small complex simple robust reliable
expensive cheaper faster slower better worse open closed public private shared
local national global annual monthly weekly daily ongoing future current past
measure improve reduce increase detect predict generate evaluate compare
report publish review approve deploy monitor explain interpret integrate
label annotate curate collect combine protect share access store transfer""".split()

_SYLLABLES = ("ba be bi bo bu ca ce ci co cu da de di do du fa fe fi fo ga ge gi go "
              "la le li lo lu ma me mi mo mu na ne ni no nu pa pe pi po pu ra re ri ro "
              "ru sa se si so su ta te ti to tu va ve vi vo za ze zi zo tri pro con "
              "gen mer tal ven dor sin kel mor ton lin").split()

_TOPICS = """Genomics Proteomics Metabolomics Transcriptomics Epigenetics Imaging
Radiology Pathology Oncology Cardiology Neurology Immunology Pharmacology
Toxicology Epidemiology Bioinformatics Biostatistics Telemedicine Wearables
Diagnostics Therapeutics Vaccines Microbiome Sequencing Screening Triage
Regulation Privacy Ethics Fairness Explainability Interpretability Governance
Reimbursement Interoperability Robotics Surgery Nursing Pediatrics Geriatrics
Dermatology Ophthalmology Psychiatry Rehabilitation Nutrition Sleep""".split()

_QUALIFIERS = """Clinical Computational Digital Precision Generative Predictive
Federated Synthetic Molecular Population Translational Preventive Personalized
Spatial Single-Cell Quantitative Structural Functional Mobile Remote""".split()

_KW_HEADS = """models algorithms networks embeddings trials cohorts registries
biomarkers pipelines signatures scores assays images records notes guidelines
benchmarks datasets ontologies workflows""".split()

_KW_MODS = """generative diffusion transformer graph causal bayesian federated
synthetic clinical genomic proteomic metabolic imaging radiology pathology drug
protein cancer cardiac neural language multimodal longitudinal survival risk
privacy consent fairness safety rare disease polygenic single cell spatial
microbial immune vaccine dose adverse event real world wearable sensor
""".split()

CATEGORIES = ["blog", "research", "news", "tutorial", "opinion"]
AUTHORS = ["rkoots Bot", "Ada Lovelace", "Grace Hopper", "Alan Turing",
           "Rosalind Franklin", "Barbara McClintock", "Frederick Sanger"]


def _vocabulary(rng: random.Random, size: int = 3000) -> tuple[list[str], list[float]]:
    """Common words then synthetic ones, with Zipf-like cumulative weights."""
    words = list(dict.fromkeys(_COMMON))
    seen = set(words)
    while len(words) < size:
        word = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4)))
        if word not in seen:
            seen.add(word)
            words.append(word)
    weights = list(itertools.accumulate(1.0 / (rank + 8) for rank in range(len(words))))
    return words, weights


def _tag_names() -> list[str]:
    names = list(_TOPICS)
    for qualifier, topic in itertools.product(_QUALIFIERS, _TOPICS):
        if len(names) >= N_TAGS:
            break
        names.append(f"{qualifier} {topic}")
    return names[:N_TAGS]


def _keyword_names() -> list[str]:
    names: list[str] = []
    for head, mod in itertools.product(_KW_HEADS, _KW_MODS):
        names.append(f"{mod} {head}")
    rng = random.Random(SEED + 1)
    rng.shuffle(names)
    return sorted(names[:N_KEYWORDS])


class Generator:
    """Everything derives from ``seed``: the same arguments give the same bytes."""

    def __init__(self, seed: int = SEED):
        self.seed = seed
        self.tags = _tag_names()
        self.keywords = _keyword_names()
        self.words, self.cum = _vocabulary(random.Random(seed))

    def _sentence(self, rng: random.Random, extra: list[str] | None = None) -> str:
        words = rng.choices(self.words, cum_weights=self.cum, k=rng.randint(9, 20))
        if extra:
            words.insert(rng.randrange(len(words)), extra.pop())
        words[0] = words[0].capitalize()
        return " ".join(words) + rng.choice([".", ".", ".", ";", "?"]).replace(";", ".")

    def post(self, index: int, n: int) -> tuple[str, dict, str]:
        """(file stem, front matter as ordered data, body Markdown) of post ``index`` of ``n``."""
        rng = random.Random(self.seed * 1_000_003 + index)
        span = (LAST_DAY - FIRST_DAY).days
        day = FIRST_DAY + dt.timedelta(days=min(span, index * span // max(1, n - 1) + rng.randint(0, 2)))
        title_words = rng.choices(self.words[60:], k=rng.randint(4, 8))
        title = " ".join(w.capitalize() for w in title_words)
        if rng.random() < 0.3:
            title += ": " + " ".join(rng.choices(self.words[100:], k=3)).capitalize()
        tags = rng.sample(self.tags, TAGS_PER_POST)
        if rng.random() < 0.03:  # a few posts spell a tag in another case
            tags[0] = rng.choice([tags[0].lower(), tags[0].upper()])
        keywords = rng.sample(self.keywords, KEYWORDS_PER_POST)
        front = {
            "layout": "default",
            "title": title,
            "date": day.isoformat(),
            "categories": rng.choice(CATEGORIES),
            "author": rng.choice(AUTHORS),
            "tags": tags,
            "keywords": keywords,
        }
        stem = f"{day.isoformat()}-{'-'.join(w.lower() for w in title_words[:5])}-{index:05d}"
        return stem, front, self._body(rng, keywords, day.year)

    def _body(self, rng: random.Random, keywords: list[str], year: int) -> str:
        mentions = rng.sample(keywords, 3)  # some keywords appear in the text
        links = LINKS_PER_POST + rng.randint(-1, 1)
        sections = rng.randint(3, 4)
        per_section = WORDS_PER_POST // sections
        out: list[str] = []
        for s in range(sections):
            heading = " ".join(rng.choices(self.words[40:], k=rng.randint(2, 5))).capitalize()
            out += [f"## {heading}", ""]
            words = 0
            paragraph: list[str] = []
            while words < per_section:
                sentence = self._sentence(rng, mentions if rng.random() < 0.2 else None)
                if rng.random() < 0.08:  # some emphasis, as real posts have
                    head, _, tail = sentence.partition(" ")
                    sentence = f"**{head}** {tail}"
                if links and rng.random() < 0.35:
                    host = f"journal-{rng.randint(1, 400)}.org"
                    path = "-".join(rng.choices(self.words[50:], k=3))
                    text = " ".join(rng.choices(self.words[50:], k=rng.randint(2, 4)))
                    sentence += f" [Source: [{text}](https://{host}/{year}/{path})]"
                    links -= 1
                paragraph.append(sentence)
                words += sentence.count(" ") + 1
                if len(paragraph) >= rng.randint(3, 6):
                    out += [" ".join(paragraph), ""]
                    paragraph = []
            if paragraph:
                out += [" ".join(paragraph), ""]
            if s == 1 and rng.random() < 0.5:
                out += [f"- {self._sentence(rng)}" for _ in range(3)] + [""]
        while links > 0:  # every post carries its links
            host = f"journal-{rng.randint(1, 400)}.org"
            out += [f"See also [{' '.join(rng.choices(self.words[50:], k=3))}](https://{host}/{year}/ref-{links}).", ""]
            links -= 1
        return "\n".join(out)

    def glossary(self) -> str:
        """Definitions for about half the keywords (a few with aliases and cross-references)."""
        rng = random.Random(self.seed + 2)
        defined = sorted(rng.sample(self.keywords, len(self.keywords) // 2))
        out = ["# synthetic glossary for kb's benchmark", ""]
        for i, name in enumerate(defined):
            text = " ".join(self._sentence(rng) for _ in range(rng.randint(1, 3)))
            if i % 7 == 3:
                other = defined[(i * 13) % len(defined)]
                text += f" See also {{term}}`{other}`."
            out.append(f"{name}:")
            out.append("  definition: " + json.dumps(text))
            if i % 11 == 5:
                out.append(f"  aliases: [{name.replace(' ', '-')}-x]")
        return "\n".join(out) + "\n"


# -- the three sites -----------------------------------------------------------------


def _yaml_list(items: list[str]) -> str:
    return "[" + ", ".join(items) + "]"


def jekyll_text(front: dict, body: str, extra: dict | None = None) -> str:
    lines = ["---"]
    for key, value in {**front, **(extra or {})}.items():
        if isinstance(value, list):
            lines.append(f"{key}: {_yaml_list(value)}")
        elif isinstance(value, bool):
            lines.append(f"{key}: {'true' if value else 'false'}")
        elif key == "title" or key == "author":
            lines.append(f"{key}: {json.dumps(value)}")
        else:
            lines.append(f"{key}: {value}")
    lines += ["---", "", body]
    return "\n".join(lines)


def ablog_text(front: dict, body: str) -> str:
    ablog_front = {
        "blogpost": True,
        "title": front["title"],
        "date": front["date"],
        "author": front["author"],
        "category": front["categories"],
        "tags": ", ".join(front["tags"]),
        "keywords": front["keywords"],
    }
    lines = ["---"]
    for key, value in ablog_front.items():
        if isinstance(value, list):
            lines.append(f"{key}: {_yaml_list(value)}")
        elif isinstance(value, bool):
            lines.append(f"{key}: {'true' if value else 'false'}")
        else:
            lines.append(f"{key}: {json.dumps(value)}")
    lines += ["---", "", body]
    return "\n".join(lines)


KB_CONF = '''\
project = "kb benchmark"
extensions = ["sphinx_kb"]
html_theme = "furo"
kb_glossary_file = "glossary.yaml"
kb_glossary_autolink = True
exclude_patterns = ["_build"]
# a site's address, as on Read the Docs: kb writes its feeds, sitemap and sharing tags
html_baseurl = "https://kb-benchmark.org/"
'''

KB_INDEX = '''\
# Knowledge base

Synthetic posts for kb's benchmark.

```{kb-recent}
```

```{toctree}
:hidden:

_kb/archive/index
_tags/tagsindex
_kb/categories/index
_kb/authors/index
_kb/glossary/index
```
'''

FLOOR_CONF = '''\
project = "kb benchmark floor"
extensions = ["myst_parser"]
html_theme = "furo"
myst_title_to_header = True  # the front matter's title is the page's H1
exclude_patterns = ["_build"]
'''

FLOOR_INDEX = '''\
# Floor

The same posts as kb's benchmark site, plain MyST, kept out of the toctree.
'''

ABLOG_CONF = '''\
project = "kb benchmark ablog"
extensions = ["myst_parser", "ablog"]
html_theme = "alabaster"
myst_title_to_header = True
exclude_patterns = ["_build"]
blog_path = "blog"
blog_title = "kb benchmark"
post_date_format = "%Y-%m-%d"
post_date_format_short = "%Y-%m-%d"
html_sidebars = {
    "**": [
        "about.html",
        "ablog/postcard.html",
        "ablog/recentposts.html",
        "ablog/tagcloud.html",
        "ablog/categories.html",
        "ablog/authors.html",
        "ablog/archives.html",
        "searchbox.html",
    ]
}
'''

ABLOG_INDEX = '''\
# ABlog

The same posts as kb's benchmark site, on ABlog.

```{postlist} 10
:date: "%Y-%m-%d"
```
'''

SITES = ("kb", "floor", "ablog")


def write_sites(root: str | Path, n: int, seed: int = SEED, sites: tuple[str, ...] = SITES) -> dict[str, Path]:
    """Write the sites of ``n`` posts under ``root``; returns {site: its source folder}."""
    root = Path(root)
    gen = Generator(seed)
    folders = {site: root / site for site in sites}
    for site, folder in folders.items():
        (folder / "posts").mkdir(parents=True, exist_ok=True)
        conf, index = {"kb": (KB_CONF, KB_INDEX), "floor": (FLOOR_CONF, FLOOR_INDEX),
                       "ablog": (ABLOG_CONF, ABLOG_INDEX)}[site]
        (folder / "conf.py").write_text(conf, encoding="utf-8")
        (folder / "index.md").write_text(index, encoding="utf-8")
    if "kb" in folders:
        (folders["kb"] / "glossary.yaml").write_text(gen.glossary(), encoding="utf-8")
    for index in range(n):
        stem, front, body = gen.post(index, n)
        for site, folder in folders.items():
            if site == "kb":
                text = jekyll_text(front, body)
            elif site == "floor":
                text = jekyll_text(front, body, {"orphan": True})
            else:
                text = ablog_text(front, body)
            (folder / "posts" / f"{stem}.md").write_text(text, encoding="utf-8")
    return folders


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--posts", type=int, default=100)
    parser.add_argument("--out", required=True)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--sites", default=",".join(SITES))
    args = parser.parse_args()
    folders = write_sites(args.out, args.posts, args.seed, tuple(args.sites.split(",")))
    for site, folder in folders.items():
        print(f"{site}: {folder}")


if __name__ == "__main__":
    main()
