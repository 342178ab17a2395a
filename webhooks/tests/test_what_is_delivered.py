"""What reaches a receiver: public changes only, by the endpoint's events and sites, bursts collapsed."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from wagtail.models import Page, PageViewRestriction, Site

from content.delivery.changes import latest_seq
from content.factories import ArticlePageFactory
from content.models import ArticlePage
from webhooks import dispatch
from webhooks.models import DELETED, WebhookDelivery

from .changes import baseline, publish_title

pytestmark = pytest.mark.django_db
DRAFT_TITLE = "Unannounced merger with a competitor"


@pytest.fixture
def ready(tasks):
    baseline()
    return tasks


def bodies(receiver) -> list[dict]:
    return [json.loads(request.body) for request in receiver.requests]


def test_drafts_are_never_delivered(ready, make_endpoint, receiver):
    make_endpoint()
    live = ArticlePage.objects.get(slug="autumn-release")
    live.title = DRAFT_TITLE
    live.save_revision()  # a draft of a live page
    news = Page.objects.get(slug="news")
    ArticlePageFactory(parent=news, title=DRAFT_TITLE, slug="merger", live=False)  # a new, unpublished page
    draft = Page.objects.get(slug="upcoming-announcement").specific
    draft.title = DRAFT_TITLE
    draft.save_revision()
    ready.settle()
    assert receiver.requests == [] and not WebhookDelivery.objects.exists()


def test_a_page_made_private_is_delivered_as_deleted_with_the_public_path_it_leaves(
    ready, make_endpoint, receiver
):
    make_endpoint()
    page = ArticlePage.objects.get(slug="autumn-release")
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    ready.settle()
    (body,) = bodies(receiver)
    mine = [entry for entry in body["entries"] if entry["id"] == page.pk]
    assert [(e["kind"], e["old_path"], e["new_path"]) for e in mine] == [
        ("deleted", "/news/autumn-release/", None)
    ]
    # Later edits of the now private page are not delivered (its title, its path, anything).
    page.title = DRAFT_TITLE
    page.save_revision().publish()
    ready.settle()
    assert len(receiver.requests) == 1
    assert all(DRAFT_TITLE.encode() not in request.body for request in receiver.requests)


def test_publishing_inside_a_private_section_delivers_nothing(ready, make_endpoint, receiver):
    make_endpoint()
    page = Page.objects.get(slug="member-newsletter").specific
    page.title = DRAFT_TITLE
    page.save_revision().publish()
    ready.settle()
    assert receiver.requests == []


def test_an_endpoint_gets_only_its_events(ready, make_endpoint, receiver):
    make_endpoint(events=[DELETED])
    publish_title("autumn-release", "Only updated, not wanted")
    ready.settle()
    assert receiver.requests == []
    ArticlePage.objects.get(slug="autumn-release").unpublish()
    ready.settle()
    (body,) = bodies(receiver)
    assert {entry["kind"] for entry in body["entries"]} == {"deleted"}
    assert body["from"] <= min(e["seq"] for e in body["entries"])


def test_an_endpoint_gets_only_its_sites(ready, make_endpoint, receiver, demo_site):
    root = ArticlePageFactory(parent=demo_site.root_page, title="Elsewhere", slug="elsewhere")
    other = Site.objects.create(hostname="other.example", port=80, root_page=root)
    baseline()
    ready.settle()
    make_endpoint(sites=[other])
    publish_title("autumn-release", "Not on the other site")
    ready.settle()
    assert receiver.requests == []
    make_endpoint(sites=[demo_site])
    publish_title("autumn-release", "On the demo site")
    ready.settle()
    (body,) = bodies(receiver)
    assert body["entries"] and {entry["site"] for entry in body["entries"]} == {demo_site.pk}


def test_a_burst_while_a_delivery_is_pending_goes_out_as_one_more_delivery(
    ready, make_endpoint, receiver, webhook_settings
):
    webhook_settings.WEBHOOKS_RETRY_DELAY = 600  # the first delivery's retry waits
    make_endpoint()
    receiver.answer(500)
    publish_title("autumn-release", "First")
    ready.settle(deferred=False)
    for n in range(6):
        publish_title("autumn-release", f"Burst {n}")
        ready.settle(deferred=False)
    assert len(receiver.requests) == 1 and WebhookDelivery.objects.count() == 1
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now() - timedelta(seconds=1))
    ready.settle()
    first, retry, burst = bodies(receiver)
    assert first == retry and WebhookDelivery.objects.count() == 2
    # Six publishes, six rebuilds that appended entries, one delivery: everything after the first one's range.
    assert burst["from"] == first["to"] + 1 and burst["to"] == latest_seq()
    page_id = ArticlePage.objects.get(slug="autumn-release").pk
    assert len([e for e in burst["entries"] if e["id"] == page_id]) == 6
    assert set(WebhookDelivery.objects.values_list("status", flat=True)) == {"delivered"}


def test_many_entries_are_split_into_bounded_deliveries_that_follow_each_other(
    ready, make_endpoint, receiver, monkeypatch
):
    monkeypatch.setattr(dispatch, "MAX_ENTRIES", 2)
    make_endpoint()
    for slug in ("autumn-release", "new-editorial-team"):
        ArticlePage.objects.get(slug=slug).unpublish()
    ready.settle()
    sent = bodies(receiver)
    assert len(sent) >= 2 and all(len(body["entries"]) <= 2 for body in sent)
    assert all(later["from"] == earlier["to"] + 1 for earlier, later in zip(sent, sent[1:], strict=False))
    assert len({e["seq"] for body in sent for e in body["entries"]}) == sum(len(b["entries"]) for b in sent)
