"""The editor's whole journey in a real browser: draft, preview, moderation, publication.

Chromium drives the Wagtail admin on a live server; the public API is checked
in-process after each step. Screenshots of every step go to test-artifacts/screenshots/.
"""

import re

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from wagtail.models import Page

from content.models import ArticlePage
from site_config.testing.browser import offline_context

# serialized_rollback: an earlier transactional test's flush took the groups and workflow the migrations made.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TITLE = "Harbour lights return"
NEW_TITLE = "Harbour lights return for the winter"
REJECTED_TITLE = "A title the moderator will not accept"
BODY_SENTENCE = "Read the style guide before writing."
QUOTE = "The lights are back, and so are the boats."


class Admin:
    """One person's browser tab in the Wagtail admin."""

    def __init__(self, context, base_url: str, screenshots):
        self.page = context.new_page()
        self.base_url, self.shots = base_url, screenshots
        self.console_errors: list[str] = []
        context.on("console", self._note_console_message)

    def _note_console_message(self, message) -> None:
        if message.type == "error":
            self.console_errors.append(message.text)

    def shot(self, step: str) -> None:
        self.shots.take(self.page, step)

    def log_in(self, username: str) -> None:
        self.page.goto(f"{self.base_url}/admin/login/")
        self.page.fill("input[name=username]", username)
        self.page.fill("input[name=password]", "journey-password")
        self.page.click("button[type=submit]")
        self.page.wait_for_url(f"{self.base_url}/admin/")

    def add_block(self, label: str) -> None:
        self.page.locator("button.c-sf-add-button").last.click()
        self.page.get_by_role("option", name=label, exact=True).click()

    def write_paragraph_with_page_link(self, link_text: str, target_title: str) -> None:
        editor = self.page.locator(".Draftail-Editor [contenteditable=true]").last
        editor.click()
        self.page.keyboard.type(BODY_SENTENCE)
        for _ in range(len(BODY_SENTENCE) - BODY_SENTENCE.index(link_text) - len(link_text)):
            self.page.keyboard.press("ArrowLeft")
        for _ in link_text:
            self.page.keyboard.press("Shift+ArrowLeft")
        self.page.keyboard.press("Control+k")  # Draftail's link shortcut opens the page chooser
        self.page.fill(".modal input[name=q]", target_title)
        self.page.locator(".modal a", has_text=target_title).first.click()
        self.page.locator(".modal").wait_for(state="hidden")

    def choose_image(self, title: str) -> None:
        self.page.locator("[data-contentpath=image] button[data-chooser-action-choose]").last.click()
        self.page.locator(".modal a", has_text=title).first.click()
        self.page.locator(".modal").wait_for(state="hidden")

    def wait_for_autosave(self) -> None:
        """Wait until Wagtail's autosave has stored the last change.

        On the create view the first autosave creates the page, then turns the form into
        the edit form (its action, the preview URL). A save pressed before that finishes
        still posts to the create view and is refused because the slug is now taken.
        """
        self.page.wait_for_url(re.compile(r"/admin/pages/\d+/edit/"))
        saved = self.page.locator("#w-autosave-indicator[data-w-autosave-state-value=saved]")
        saved.wait_for(state="attached")

    def footer_action(self, name: str) -> None:
        """Press one of the footer's actions (Save draft, Submit to Moderation, …)."""
        button = self.page.get_by_role("button", name=name, exact=True)
        if not button.is_visible():
            self.page.locator("footer .dropdown-toggle, footer [data-w-dropdown-target=toggle]").first.click()
        button.click()
        self.page.wait_for_load_state("networkidle")


def preview_frame(admin: Admin):
    """The built-in preview client inside the package's frame inside Wagtail's preview panel."""
    # Wagtail loads each refresh into a hidden proxy iframe, then gives it this id.
    return admin.page.frame_locator("iframe#w-preview-iframe").frame_locator("iframe")


def public_json(path: str, **query) -> tuple[int, str]:
    response = Client().get(path, query)
    return response.status_code, response.content.decode()


def api_title(article_pk: int) -> str | None:
    response = Client().get(f"/api/v2/pages/{article_pk}/")
    return response.json()["title"] if response.status_code == 200 else None


@pytest.fixture
def people(demo_site, django_user_model):
    for username, group in (("edna", "Editors"), ("mo", "Moderators")):
        user = django_user_model.objects.create_user(username, password="journey-password")
        user.groups.add(Group.objects.get(name=group))


@pytest.fixture
def editor(people, live_server, browser_context, screenshots) -> Admin:
    # The database fixtures before the browser's (site_config/testing/browser.py says why).
    admin = Admin(browser_context, live_server.url, screenshots)
    admin.log_in("edna")
    return admin


@pytest.fixture
def moderator(people, live_server, chromium, screenshots):
    context = offline_context(chromium)
    admin = Admin(context, live_server.url, screenshots)
    admin.log_in("mo")
    yield admin
    context.close()


def create_article(editor: Admin) -> ArticlePage:
    news = Page.objects.get(slug="news")
    editor.page.goto(f"{editor.base_url}/admin/pages/add/content/articlepage/{news.pk}/")
    editor.page.fill("input[name=title]", TITLE)
    editor.page.fill("textarea[name=summary]", "The harbour is lit again.")
    editor.add_block("Heading")
    editor.page.fill("input[name='body-0-value-text']", "Back after ten years")
    editor.add_block("Paragraph")
    editor.write_paragraph_with_page_link("style guide", "The house style guide")
    editor.add_block("Image")
    editor.choose_image("Harbour at dawn")
    editor.add_block("Quote")
    editor.page.fill("textarea[name='body-3-value-text']", QUOTE)
    editor.wait_for_autosave()
    editor.footer_action("Save draft")
    editor.shot("editor saved the draft")
    return ArticlePage.objects.get(slug="harbour-lights-return")


def approve_from_dashboard(moderator: Admin, title: str) -> None:
    moderator.page.goto(f"{moderator.base_url}/admin/")
    row = moderator.page.locator("#awaiting-review-content tr", has_text=title)
    moderator.shot("moderator sees the task")
    row.get_by_role("button", name="Actions").click()
    row.get_by_role("button", name="Approve", exact=True).click()
    moderator.page.wait_for_load_state("networkidle")


def test_draft_preview_moderation_and_publication(editor, moderator):
    # 1. The editor writes an article and previews it.
    article = create_article(editor)
    assert api_title(article.pk) is None  # autosaved and saved: still a draft
    editor.page.get_by_role("button", name="Toggle preview").click()
    frame = preview_frame(editor)
    frame.locator("h1", has_text=TITLE).wait_for()
    assert BODY_SENTENCE in frame.locator("main").inner_text()
    assert frame.locator("a", has_text="style guide").get_attribute("href") == "/guides/style-guide/"
    assert re.search(r"harbour-at-dawn", frame.locator("main img").first.get_attribute("src"))
    assert QUOTE in frame.locator("blockquote").inner_text()
    editor.shot("preview panel shows the draft")
    with editor.page.context.expect_page() as new_tab:
        editor.page.get_by_role("link", name="Preview in new tab").click()
    tab = new_tab.value
    tab.frame_locator("iframe").locator("h1", has_text=TITLE).wait_for()
    editor.shots.take(tab, "preview in a new tab")
    tab.close()

    # 2. Submitted for moderation: in no public API response.
    editor.footer_action("Submit to Moderation")
    editor.shot("editor submitted for moderation")
    for path in ("/api/v2/pages/", f"/api/v2/pages/{article.pk}/", "/api/v2/pages/find/"):
        _, body = public_json(path, html_path="/news/harbour-lights-return/", fields="*", limit=100)
        assert TITLE not in body
    assert api_title(article.pk) is None

    # 3. A moderator approves it from the dashboard: it is published.
    approve_from_dashboard(moderator, TITLE)
    moderator.shot("moderator approved")
    _, listing = public_json("/api/v2/pages/", type="content.ArticlePage", limit=100)
    assert TITLE in listing
    found = Client().get("/api/v2/pages/find/", {"html_path": "/news/harbour-lights-return/"})
    assert found.status_code == 302 and found["Location"].endswith(f"/api/v2/pages/{article.pk}/")
    assert api_title(article.pk) == TITLE

    # 4. The editor changes the title and submits again: the old title stays live until approval.
    editor.page.goto(f"{editor.base_url}/admin/pages/{article.pk}/edit/")
    editor.page.fill("input[name=title]", NEW_TITLE)
    editor.footer_action("Submit to Moderation")
    editor.shot("editor resubmitted a new title")
    assert api_title(article.pk) == TITLE
    approve_from_dashboard(moderator, NEW_TITLE)
    assert api_title(article.pk) == NEW_TITLE

    # 5. A moderator rejects the next change with a comment; the editor sees it.
    editor.page.goto(f"{editor.base_url}/admin/pages/{article.pk}/edit/")
    editor.page.fill("input[name=title]", REJECTED_TITLE)
    editor.footer_action("Submit to Moderation")
    moderator.page.goto(f"{moderator.base_url}/admin/")
    row = moderator.page.locator("#awaiting-review-content tr", has_text=REJECTED_TITLE)
    row.get_by_role("button", name="Actions").click()
    row.get_by_role("button", name="Request changes").click()
    moderator.page.fill(".modal textarea[name=comment]", "Please keep the original headline.")
    moderator.shot("moderator requests changes")
    moderator.page.locator(".modal").get_by_role("button", name="Request changes").click()
    moderator.page.wait_for_load_state("networkidle")
    assert api_title(article.pk) == NEW_TITLE

    editor.page.goto(f"{editor.base_url}/admin/pages/{article.pk}/edit/")
    editor.page.get_by_role("button", name="Toggle status").click()
    assert editor.page.get_by_text("Changes requested").first.is_visible()
    editor.page.get_by_role("button", name="View details").click()  # the workflow's history
    comment = editor.page.locator("#workflow-status-dialog").get_by_text("Please keep the original headline.")
    comment.wait_for()
    editor.shot("editor sees the rejection")
    assert comment.is_visible()
    for admin in (editor, moderator):
        assert admin.page.context.external_requests == []  # no fonts, CDNs or oEmbed lookups
        # The admin works under the site's Content-Security-Policy: nothing was refused.
        assert [error for error in admin.console_errors if "Content Security Policy" in error] == []
