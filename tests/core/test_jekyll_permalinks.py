"""The URL Jekyll 4 gives a post: styles, placeholders, permalink: front matter, dates."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from sphinx_kb.core.frontmatter import load_yaml, normalise, split_front_matter
from sphinx_kb.core.jekyll.config import read_config
from sphinx_kb.core.jekyll.permalinks import jekyll_path, jekyll_post



def _corpus() -> Path:
    """Jekyll's news blog (102 posts, MIT) in shared/corpora, beside the checkout."""
    for parent in Path(__file__).resolve().parents:
        if (parent / "shared" / "corpora" / "jekyll-news").is_dir():
            return parent / "shared" / "corpora" / "jekyll-news"
    return Path("/work/shared/corpora/jekyll-news")


@pytest.fixture(scope="module")
def jekyll_news(tmp_path_factory) -> Path:
    """A private copy of the corpus (it is read-only where it lives)."""
    target = tmp_path_factory.mktemp("corpus") / "jekyll-news"
    shutil.copytree(_corpus(), target)
    return target


def url(config: str, relative_path: str, front: dict | None = None) -> str | None:
    site, problems = read_config(config)
    assert problems == []
    post, _ = jekyll_post(relative_path, front or {}, site)
    return post.url


POST = "_posts/2024-03-07-Hello-World.md"
FRONT = {"date": "2024-03-07 15:04:05", "categories": ["Tech", "AI Notes"]}


@pytest.mark.parametrize(
    ("style", "expected"),
    [
        ("date", "/tech/ai%20notes/2024/03/07/Hello-World.html"),
        ("pretty", "/tech/ai%20notes/2024/03/07/Hello-World/"),
        ("ordinal", "/tech/ai%20notes/2024/067/Hello-World.html"),
        ("weekdate", "/tech/ai%20notes/2024/W10/Thu/Hello-World.html"),
        ("none", "/tech/ai%20notes/Hello-World.html"),
    ],
)
def test_builtin_styles(style, expected):
    assert url(f"permalink: {style}\n", POST, FRONT) == expected


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("/:year/:month/:day/:hour/:minute/:second/", "/2024/03/07/15/04/05/"),
        ("/:i_month/:i_day/:short_year/:y_day", "/3/7/24/067"),
        ("/:short_month/:long_month/:short_day/:long_day/", "/Mar/March/Thu/Thursday/"),
        ("/:w_year/:week/:w_day/", "/2024/10/4/"),
        ("/:title/:slug/:name/", "/Hello-World/hello-world/2024-03-07-hello-world/"),
        ("/:categories/:slugified_categories/", "/tech/ai%20notes/tech/ai-notes/"),
        ("/:collection/:path:output_ext", "/posts/2024-03-07-Hello-World.html"),
        ("/:month_:day/", "/03_07/"),  # a trailing "_" may belong to the text (URL#possible_keys)
        ("/blog//:title/../x/", "/blog/Hello-World/x/"),
    ],
)
def test_placeholders(pattern, expected):
    assert url(f"permalink: {pattern}\n", POST, FRONT) == expected


def test_iso_week_year_differs_from_the_calendar_year_at_new_year():
    assert url("permalink: /:w_year-W:week-:w_day/:year/\n", "_posts/2021-01-01-x.md") == "/2020-W53-5/2021/"


def test_slug_front_matter_changes_title_and_slug_but_not_name():
    front = {"slug": "Another One!"}
    assert url("permalink: /:title/:slug/:name/\n", POST, front) == "/Another-One!/another-one/2024-03-07-hello-world/"


def test_front_matter_title_never_changes_the_url():
    assert url("permalink: /:title/\n", POST, {"title": "Something Else"}) == "/Hello-World/"


def test_category_and_categories_and_the_folder_above_posts():
    config = "permalink: /:categories/:title/\n"
    assert url(config, "_posts/2024-01-01-x.md", {"category": "Big News"}) == "/big%20news/x/"
    assert url(config, "_posts/2024-01-01-x.md", {"categories": "Tech tech TECH"}) == "/tech/x/"
    assert url(config, "Blog/_posts/2024-01-01-x.md", {"categories": ["a"]}) == "/blog/a/x/"
    assert url(config, "_posts/sub/2024-01-01-x.md") == "/x/"  # _posts/sub is no category
    assert url(config, "_posts/2024-01-01-x.md") == "/x/"  # no categories: the '//' is squeezed


def test_permalink_front_matter_wins_and_takes_placeholders():
    config = "permalink: pretty\n"
    assert url(config, POST, {"permalink": "/about/:year/:title.html"}) == "/about/2024/Hello-World.html"
    site, _ = read_config(config)
    post, _ = jekyll_post(POST, {"permalink": "/feed/:title.xml"}, site)
    assert (post.url, post.output_ext) == ("/feed/Hello-World.xml", ".xml")


def test_defaults_can_set_a_permalink_for_posts():
    config = "defaults:\n  - scope: {type: posts}\n    values: {permalink: '/d/:slug/'}\n"
    assert url(config, POST) == "/d/hello-world/"


def test_unknown_placeholder_is_a_problem_and_no_url():
    site, _ = read_config("permalink: /:basename/\n")
    post, problems = jekyll_post(POST, {}, site)
    assert post.url is None
    assert len(problems) == 1 and ":basename" in problems[0].message
    post, problems = jekyll_post(POST, {"permalink": "/:nope/"}, site, lines={"permalink": 4})
    assert post.url is None and [p.line for p in problems] == [4]


def test_non_markdown_posts_keep_their_extension():
    assert url("", "_posts/2024-01-01-x.html") == "/2024/01/01/x.html"
    assert url("", "_posts/2024-01-01-x.txt") == "/2024/01/01/x.txt"
    assert url("", "_posts/2024-01-01-x.MARKDOWN") == "/2024/01/01/x.html"


def test_dates_are_taken_in_the_site_zone():
    config = "timezone: America/New_York\npermalink: /:year/:month/:day/:hour/\n"
    assert url(config, POST, {"date": "2024-03-08 01:30:00 +0000"}) == "/2024/03/07/20/"
    assert url(config, POST, {"date": "2024-03-07 23:30"}) == "/2024/03/07/23/"  # no zone: local
    assert url(config, POST, {}) == "/2024/03/07/00/"  # the file name's date, at midnight
    # a time that does not exist (clocks jump at 02:00) moves forward, as Ruby's does
    assert url(config, POST, {"date": "2024-03-10 02:30:00"}) == "/2024/03/10/03/"


def test_an_unreadable_date_is_a_problem_and_the_file_name_is_used():
    site, _ = read_config("")
    post, problems = jekyll_post(POST, {"date": "someday"}, site, lines={"date": 3})
    assert post.url == "/2024/03/07/Hello-World.html"
    assert [p.line for p in problems] == [3]


def test_a_draft_takes_its_file_time_when_it_has_no_date():
    site, _ = read_config("permalink: /:year/:title/\n")
    post, _ = jekyll_post("_drafts/my-draft.md", {}, site, mtime=dt.datetime(2022, 5, 6, tzinfo=dt.timezone.utc))
    assert post.url == "/2022/my-draft/"


def test_data_for_normalise_has_the_date_in_the_site_zone():
    site, _ = read_config("timezone: America/Los_Angeles\n")
    post, _ = jekyll_post("_posts/2013-05-06-x.md", {"date": "2013-05-06 02:12:52 +0200", "category": "release"}, site)
    normalised, problems = normalise(dict(post.data), "2013-05-06-x")
    assert problems == []
    assert normalised.date == dt.date(2013, 5, 5) and normalised.categories == ("release",)


def test_jekyll_path_of_a_file_in_the_posts_folder():
    assert jekyll_path("2024-01-01-x.md") == "_posts/2024-01-01-x.md"
    assert jekyll_path("sub/2024-01-01-x.md") == "_posts/sub/2024-01-01-x.md"
    assert jekyll_path("news/_posts/2024-01-01-x.md") == "news/_posts/2024-01-01-x.md"


# -- Jekyll's news blog: the URLs jekyllrb.com serves -------------------------------


def corpus_urls(root: Path) -> dict[str, str]:
    site, problems = read_config((root / "_config.yml").read_text())
    assert problems == []
    urls = {}
    for path in sorted((root / "_posts").iterdir()):
        front, _body, _lines, _problem = split_front_matter(path.read_text(encoding="utf-8"))
        data, found = load_yaml(front)
        assert found == []
        post, problems = jekyll_post(f"_posts/{path.name}", data, site)
        assert problems == [], path.name
        urls[path.name] = post.url
    return urls


def test_every_corpus_post_gets_its_jekyllrb_com_url(jekyll_news):
    """The table was written from these rules and checked by hand: each URL's day is the
    file name's day except where the post's date says otherwise once converted to the
    site's zone (the cases below). Links the posts themselves make to /news/... agree."""
    expected = dict(line.split() for line in EXPECTED.splitlines())
    assert len(expected) == 102
    assert corpus_urls(jekyll_news) == expected


@pytest.mark.parametrize(
    ("name", "expected", "why"),
    [
        ("2013-05-06-jekyll-1-0-0-released.markdown", "/news/2013/05/05/jekyll-1-0-0-released/",
         "02:12:52 +0200 is 17:12 on 5 May in Los Angeles (Time.parse(..).localtime, TZ set from timezone)"),
        ("2018-02-25-jekyll-3-7-3-released.markdown", "/news/2018/02/24/jekyll-3-7-3-released/",
         "13:02:08 +0530 is 23:32 on 24 February in Los Angeles"),
        ("2014-11-06-jekylls-midlife-crisis-jekyll-turns-2-5-0.markdown", "/news/2014/11/05/jekylls-midlife-crisis-jekyll-turns-2-5-0/",
         "the front matter's date (5 November) wins over the file name's"),
        ("2018-03-14-development-update.md", "/news/2018/04/19/development-update/", "front matter date, 19 April"),
        ("2019-08-19-jekyll-4-0-0-released.markdown", "/news/2019/08/20/jekyll-4-0-0-released/",
         "10:00 -0500 on 20 August is 08:00 in Los Angeles"),
        ("2016-08-24-jekyll-admin-initial-release.markdown", "/news/2016/08/24/jekyll-admin-initial-release/",
         "09:50 +0300 on 25 August is 23:50 on the 24th in Los Angeles"),
        ("2014-05-06-jekyll-turns-2-0-0.markdown", "/news/2014/05/06/jekyll-turns-2-0-0/", "no date: the file name's"),
        ("2023-01-29-jekyll-3-9-3-released.markdown", "/news/2023/01/29/jekyll-3-9-3-released/",
         "'18:30:22 2023 -0800': Ruby finds no zone right after the time, so a local time"),
    ],
)
def test_corpus_urls_that_depend_on_the_date_rules(jekyll_news, name, expected, why):
    assert corpus_urls(jekyll_news)[name] == expected, why


def test_corpus_urls_seen_linked_on_the_web():
    """Third-party pages link to these jekyllrb.com URLs (found with the code search)."""
    expected = dict(line.split() for line in EXPECTED.splitlines())
    seen = {
        "/news/2013/05/05/jekyll-1-0-0-released/", "/news/2014/11/05/jekylls-midlife-crisis-jekyll-turns-2-5-0/",
        "/news/2018/04/19/development-update/", "/news/2019/08/20/jekyll-4-0-0-released/",
        "/news/2017/06/15/jekyll-3-5-0-released/",
    }
    assert seen <= set(expected.values())


def test_what_jekyll_publishes():
    from sphinx_kb.core.jekyll.permalinks import jekyll_publishes

    now = dt.datetime(2024, 6, 1, tzinfo=dt.timezone.utc)
    site, _ = read_config("")
    later, _ = jekyll_post("_posts/2024-07-01-later.md", {}, site)
    hidden, _ = jekyll_post("_posts/2024-01-01-x.md", {"published": False}, site)
    quoted, _ = jekyll_post("_posts/2024-01-01-x.md", {"published": "false"}, site)
    assert not jekyll_publishes(later, site, now) and jekyll_publishes(later, read_config("future: true")[0], now)
    assert not jekyll_publishes(hidden, site, now) and jekyll_publishes(hidden, read_config("unpublished: true")[0], now)
    assert jekyll_publishes(quoted, site, now)  # a string is true in Ruby


#: every post of the corpus and the URL jekyllrb.com serves it at (see the test for how it was checked)
EXPECTED = """\
2013-05-06-jekyll-1-0-0-released.markdown /news/2013/05/05/jekyll-1-0-0-released/
2013-05-08-jekyll-1-0-1-released.markdown /news/2013/05/08/jekyll-1-0-1-released/
2013-05-12-jekyll-1-0-2-released.markdown /news/2013/05/12/jekyll-1-0-2-released/
2013-06-07-jekyll-1-0-3-released.markdown /news/2013/06/07/jekyll-1-0-3-released/
2013-07-14-jekyll-1-1-0-released.markdown /news/2013/07/14/jekyll-1-1-0-released/
2013-07-24-jekyll-1-1-1-released.markdown /news/2013/07/24/jekyll-1-1-1-released/
2013-07-25-jekyll-1-0-4-released.markdown /news/2013/07/25/jekyll-1-0-4-released/
2013-07-25-jekyll-1-1-2-released.markdown /news/2013/07/25/jekyll-1-1-2-released/
2013-09-06-jekyll-1-2-0-released.markdown /news/2013/09/06/jekyll-1-2-0-released/
2013-09-14-jekyll-1-2-1-released.markdown /news/2013/09/14/jekyll-1-2-1-released/
2013-10-28-jekyll-1-3-0-rc1-released.markdown /news/2013/10/28/jekyll-1-3-0-rc1-released/
2013-11-04-jekyll-1-3-0-released.markdown /news/2013/11/04/jekyll-1-3-0-released/
2013-11-26-jekyll-1-3-1-released.markdown /news/2013/11/26/jekyll-1-3-1-released/
2013-12-07-jekyll-1-4-0-released.markdown /news/2013/12/07/jekyll-1-4-0-released/
2013-12-09-jekyll-1-4-1-released.markdown /news/2013/12/09/jekyll-1-4-1-released/
2013-12-16-jekyll-1-4-2-released.markdown /news/2013/12/16/jekyll-1-4-2-released/
2014-01-13-jekyll-1-4-3-released.markdown /news/2014/01/13/jekyll-1-4-3-released/
2014-03-24-jekyll-1-5-0-released.markdown /news/2014/03/24/jekyll-1-5-0-released/
2014-03-27-jekyll-1-5-1-released.markdown /news/2014/03/27/jekyll-1-5-1-released/
2014-05-06-jekyll-turns-2-0-0.markdown /news/2014/05/06/jekyll-turns-2-0-0/
2014-05-08-jekyll-2-0-3-released.markdown /news/2014/05/08/jekyll-2-0-3-released/
2014-06-04-jekyll-stickers-1-dollar-stickermule.markdown /news/2014/06/04/jekyll-stickers-1-dollar-stickermule/
2014-06-28-jekyll-turns-21-i-mean-2-1-0.markdown /news/2014/06/28/jekyll-turns-21-i-mean-2-1-0/
2014-07-01-jekyll-2-1-1-released.markdown /news/2014/07/01/jekyll-2-1-1-released/
2014-07-29-jekyll-2-2-0-released.markdown /news/2014/07/29/jekyll-2-2-0-released/
2014-08-10-jekyll-2-3-0-released.markdown /news/2014/08/10/jekyll-2-3-0-released/
2014-09-09-jekyll-2-4-0-released.markdown /news/2014/09/09/jekyll-2-4-0-released/
2014-11-06-jekylls-midlife-crisis-jekyll-turns-2-5-0.markdown /news/2014/11/05/jekylls-midlife-crisis-jekyll-turns-2-5-0/
2014-11-08-jekyll-2-5-1-released.markdown /news/2014/11/09/jekyll-2-5-1-released/
2014-11-12-jekyll-2-5-2-released.markdown /news/2014/11/12/jekyll-2-5-2-released/
2014-12-17-alfredxing-welcome-to-jekyll-core.md /news/2014/12/17/alfredxing-welcome-to-jekyll-core/
2014-12-22-jekyll-2-5-3-released.markdown /news/2014/12/22/jekyll-2-5-3-released/
2015-01-20-jekyll-meet-and-greet.markdown /news/2015/01/20/jekyll-meet-and-greet/
2015-01-24-jekyll-3-0-0-beta1-released.markdown /news/2015/01/24/jekyll-3-0-0-beta1-released/
2015-02-26-introducing-jekyll-talk.markdown /news/2015/02/26/introducing-jekyll-talk/
2015-10-26-jekyll-3-0-released.markdown /news/2015/10/26/jekyll-3-0-released/
2015-11-17-jekyll-3-0-1-released.markdown /news/2015/11/17/jekyll-3-0-1-released/
2016-01-20-jekyll-3-0-2-released.markdown /news/2016/01/20/jekyll-3-0-2-released/
2016-01-24-jekyll-3-1-0-released.markdown /news/2016/01/24/jekyll-3-1-0-released/
2016-01-28-jekyll-3-1-1-released.markdown /news/2016/01/28/jekyll-3-1-1-released/
2016-02-08-jekyll-3-0-3-released.markdown /news/2016/02/08/jekyll-3-0-3-released/
2016-02-19-jekyll-3-1-2-released.markdown /news/2016/02/19/jekyll-3-1-2-released/
2016-03-10-making-it-easier-to-contribute-to-jekyll.md /news/2016/03/10/making-it-easier-to-contribute-to-jekyll/
2016-04-19-jekyll-3-0-4-released.markdown /news/2016/04/19/jekyll-3-0-4-released/
2016-04-19-jekyll-3-1-3-released.markdown /news/2016/04/19/jekyll-3-1-3-released/
2016-04-26-jekyll-3-0-5-released.markdown /news/2016/04/26/jekyll-3-0-5-released/
2016-05-18-jekyll-3-1-4-released.markdown /news/2016/05/18/jekyll-3-1-4-released/
2016-05-18-jekyll-3-1-5-released.markdown /news/2016/05/18/jekyll-3-1-5-released/
2016-05-19-jekyll-3-1-6-released.markdown /news/2016/05/19/jekyll-3-1-6-released/
2016-06-03-update-on-jekyll-s-google-summer-of-code-projects.markdown /news/2016/06/03/update-on-jekyll-s-google-summer-of-code-projects/
2016-07-26-jekyll-3-2-0-released.markdown /news/2016/07/26/jekyll-3-2-0-released/
2016-08-02-jekyll-3-2-1-released.markdown /news/2016/08/02/jekyll-3-2-1-released/
2016-08-24-jekyll-admin-initial-release.markdown /news/2016/08/24/jekyll-admin-initial-release/
2016-10-06-jekyll-3-3-is-here.md /news/2016/10/06/jekyll-3-3-is-here/
2016-11-14-jekyll-3-3-1-released.markdown /news/2016/11/14/jekyll-3-3-1-released/
2017-01-18-jekyll-3-4-0-released.markdown /news/2017/01/18/jekyll-3-4-0-released/
2017-03-02-jekyll-3-4-1-released.markdown /news/2017/03/02/jekyll-3-4-1-released/
2017-03-09-jekyll-3-4-2-released.markdown /news/2017/03/09/jekyll-3-4-2-released/
2017-03-21-jekyll-3-4-3-released.markdown /news/2017/03/21/jekyll-3-4-3-released/
2017-06-14-jekyll-3-5-0-released.markdown /news/2017/06/15/jekyll-3-5-0-released/
2017-07-17-jekyll-3-5-1-released.markdown /news/2017/07/17/jekyll-3-5-1-released/
2017-08-12-jekyll-3-5-2-released.markdown /news/2017/08/12/jekyll-3-5-2-released/
2017-09-21-jekyll-3-6-0-released.markdown /news/2017/09/21/jekyll-3-6-0-released/
2017-10-19-diversity-open-source.markdown /news/2017/10/19/diversity-open-source/
2017-10-21-jekyll-3-6-2-released.markdown /news/2017/10/21/jekyll-3-6-2-released/
2018-01-02-jekyll-3-7-0-released.md /news/2018/01/02/jekyll-3-7-0-released/
2018-01-25-jekyll-3-7-2-released.md /news/2018/01/25/jekyll-3-7-2-released/
2018-02-19-meet-jekyll-s-new-lead-developer.markdown /news/2018/02/19/meet-jekyll-s-new-lead-developer/
2018-02-25-jekyll-3-7-3-released.markdown /news/2018/02/24/jekyll-3-7-3-released/
2018-03-14-development-update.md /news/2018/04/19/development-update/
2018-03-15-jekyll-3-8-0-released.markdown /news/2018/04/19/jekyll-3-8-0-released/
2018-05-01-jekyll-3-8-1-released.markdown /news/2018/05/01/jekyll-3-8-1-released/
2018-05-18-jekyll-3-8-2-released.markdown /news/2018/05/19/jekyll-3-8-2-released/
2018-06-04-jekyll-3-8-3-released.markdown /news/2018/06/05/jekyll-3-8-3-released/
2018-08-01-jekyll-sponsoring.markdown /news/2018/08/01/jekyll-sponsoring/
2018-09-19-security-fixes-for-3-6-3-7-3-8.markdown /news/2018/09/19/security-fixes-for-3-6-3-7-3-8/
2018-11-04-jekyll-3-8-5-released.markdown /news/2018/11/04/jekyll-3-8-5-released/
2019-03-18-jekyll-4-0-0-pre-alpha1-released.markdown /news/2019/03/18/jekyll-4-0-0-pre-alpha1-released/
2019-07-02-jekyll-3-8-6-released.markdown /news/2019/07/02/jekyll-3-8-6-released/
2019-08-04-jekyll-4-0-0-pre-beta1-released.markdown /news/2019/08/04/jekyll-4-0-0-pre-beta1-released/
2019-08-19-jekyll-4-0-0-released.markdown /news/2019/08/20/jekyll-4-0-0-released/
2020-05-08-jekyll-4-0-1-released.markdown /news/2020/05/08/jekyll-4-0-1-released/
2020-05-27-jekyll-4-1-0-released.markdown /news/2020/05/27/jekyll-4-1-0-released/
2020-06-24-jekyll-4-1-1-released.markdown /news/2020/06/24/jekyll-4-1-1-released/
2020-08-05-jekyll-3-9-0-released.markdown /news/2020/08/05/jekyll-3-9-0-released/
2020-12-14-jekyll-4-2-0-released.markdown /news/2020/12/14/jekyll-4-2-0-released/
2021-04-08-jekyll-3-9-1-released.markdown /news/2021/04/08/jekyll-3-9-1-released/
2021-09-14-goodbye-dear-frank.markdown /news/2021/09/14/goodbye-dear-frank/
2021-09-27-jekyll-4-2-1-released.markdown /news/2021/09/27/jekyll-4-2-1-released/
2022-03-03-jekyll-4-2-2-released.markdown /news/2022/03/03/jekyll-4-2-2-released/
2022-03-27-jekyll-3-9-2-released.markdown /news/2022/03/27/jekyll-3-9-2-released/
2022-10-20-jekyll-4-3-0-released.markdown /news/2022/10/20/jekyll-4-3-0-released/
2022-10-26-jekyll-4-3-1-released.markdown /news/2022/10/26/jekyll-4-3-1-released/
2022-12-21-jekyll-sass-converter-3.0-released.markdown /news/2022/12/21/jekyll-sass-converter-3.0-released/
2023-01-20-jekyll-4-3-2-released.markdown /news/2023/01/20/jekyll-4-3-2-released/
2023-01-29-jekyll-3-9-3-released.markdown /news/2023/01/29/jekyll-3-9-3-released/
2023-12-27-jekyll-4-3-3-released.markdown /news/2023/12/27/jekyll-4-3-3-released/
2023-12-28-jekyll-3-9-4-released.markdown /news/2023/12/28/jekyll-3-9-4-released/
2024-06-23-jekyll-3-10-0-released.markdown /news/2024/06/23/jekyll-3-10-0-released/
2024-09-16-jekyll-4-3-4-released.markdown /news/2024/09/16/jekyll-4-3-4-released/
2025-01-27-jekyll-4-4-0-released.markdown /news/2025/01/27/jekyll-4-4-0-released/
2025-01-29-jekyll-4-4-1-released.markdown /news/2025/01/29/jekyll-4-4-1-released/
"""
