"""seed_demo: a realistic small site with every block type and each editorial state, once."""

import io
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from PIL import Image as PILImage
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Page, PageViewRestriction, Revision

from content.blocks import BODY_BLOCK_NAMES
from content.demo import markers
from content.models import ArticlePage, IndexPage, Person
from home.models import HomePage

BASE_DIR = Path(__file__).resolve().parents[2]


def counts() -> dict[str, int]:
    models = (Page, Revision, Image, Document, Person, Redirect, PageViewRestriction)
    return {model.__name__: model.objects.count() for model in models}


def test_builds_a_site_of_at_least_25_pages_in_three_sections(demo_site):
    home = demo_site.root_page
    assert isinstance(home.specific, HomePage) and home.live
    assert home.get_descendants(inclusive=True).count() >= 25
    public_sections = IndexPage.objects.child_of(home).live().public()
    assert {page.slug for page in public_sections} >= {"news", "guides", "stories"}
    for section in public_sections.filter(slug__in=["news", "guides", "stories"]):
        assert section.get_children().live().count() >= 5


def test_live_articles_together_use_every_block_type(demo_site):
    used = {block.block_type for page in ArticlePage.objects.live() for block in page.body}
    assert used == set(BODY_BLOCK_NAMES)


def test_images_are_real_pictures_made_locally_and_articles_have_authors_and_tags(demo_site):
    image = Image.objects.get(title="Harbour at dawn")
    with image.open_file() as file, PILImage.open(file) as picture:
        assert picture.size == (1600, 900)
    article = ArticlePage.objects.get(slug="style-guide")
    assert [author.person.name for author in article.authors.all()]
    assert article.tags.exists()


def test_each_editorial_state_is_present_on_purpose(demo_site):
    draft = Page.objects.get(slug="upcoming-announcement")
    assert not draft.live and draft.get_latest_revision() is not None
    assert markers.DRAFT_ONLY in draft.draft_title

    changed = ArticlePage.objects.get(slug="work-in-progress")
    assert changed.live and changed.has_unpublished_changes
    assert markers.UNPUBLISHED_CHANGE not in changed.summary
    assert markers.UNPUBLISHED_CHANGE in changed.get_latest_revision_as_object().summary

    protected = Page.objects.get(slug="embargoed-results")
    assert protected.get_view_restrictions().get().restriction_type == PageViewRestriction.PASSWORD

    members = Page.objects.get(slug="members")
    assert members.get_view_restrictions().get().restriction_type == PageViewRestriction.LOGIN
    child = members.get_children().get()
    assert child.live and child.get_view_restrictions().exists()  # inherited from the section

    handbook = Page.objects.get(slug="moderators-handbook")
    restriction = handbook.get_view_restrictions().get()
    assert list(restriction.groups.values_list("name", flat=True)) == ["Moderators"]

    redirect = Redirect.objects.get(old_path="/news-archive")
    assert redirect.redirect_page.slug == "news"


def test_restricted_and_draft_pages_are_not_public_on_the_site(client, demo_site):
    assert client.get("/news/embargoed-results/").status_code == 200  # the password form
    assert markers.PASSWORD_PROTECTED not in client.get("/news/embargoed-results/").text
    assert client.get("/members/member-newsletter/").status_code == 302  # to the login page
    assert client.get("/news/upcoming-announcement/").status_code == 404
    assert markers.UNPUBLISHED_CHANGE not in client.get("/stories/work-in-progress/").text
    assert client.get("/news-archive").status_code == 301


def test_running_it_again_creates_nothing_twice(demo_site):
    before = counts()
    call_command("seed_demo", stdout=io.StringIO())
    assert counts() == before


@pytest.mark.parametrize("value", ["-3", "lots", "100001"])
def test_bad_article_counts_are_refused_with_a_sentence(db, value):
    before = Page.objects.count()
    with pytest.raises(CommandError, match="articles"):
        call_command("seed_demo", "--articles", value)
    assert Page.objects.count() == before


def test_bad_arguments_exit_non_zero_without_a_traceback():
    result = subprocess.run(
        [sys.executable, "manage.py", "seed_demo", "--articles", "lots"],
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert "expected a whole number of articles, got 'lots'" in result.stderr
    assert "Traceback" not in result.stderr
