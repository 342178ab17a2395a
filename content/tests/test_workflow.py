"""The editorial workflow, driven through Wagtail's own APIs and admin views."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import Page, WorkflowState

from content.models import ArticlePage


def member_of(django_user_model, username: str, group: str):
    user = django_user_model.objects.create_user(username, password="pw")
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def editor(django_user_model):
    return member_of(django_user_model, "edna", "Editors")


@pytest.fixture
def moderator(django_user_model):
    return member_of(django_user_model, "mo", "Moderators")


@pytest.fixture
def section(demo_site):
    return Page.objects.get(slug="guides").specific


def draft_by(editor, section, title="Draft by an editor") -> ArticlePage:
    article = ArticlePage(title=title, slug="draft-by-editor", summary="s", live=False, owner=editor)
    section.add_child(instance=article)
    article.save_revision(user=editor)
    return article


def submit(article: ArticlePage, editor) -> WorkflowState:
    return article.get_workflow().start(article, editor)


def act(article: ArticlePage, user, action: str, **kwargs) -> None:
    state = article.current_workflow_state or WorkflowState.objects.filter(
        base_content_type__model="page", object_id=str(article.pk)
    ).latest("created_at")
    task_state = state.current_task_state
    task_state.task.specific.on_action(task_state, user, action, **kwargs)


def live_title(article: ArticlePage) -> str | None:
    live = Page.objects.live().filter(pk=article.pk).first()
    return live.title if live else None


def test_one_moderation_workflow_covers_the_whole_tree(demo_site):
    deep_page = Page.objects.get(slug="style-guide")
    workflow = deep_page.get_workflow()
    assert workflow.name == "Moderation"
    assert demo_site.root_page.get_workflow() == workflow
    [task] = workflow.tasks.specific()
    assert list(task.groups.values_list("name", flat=True)) == ["Moderators"]


def test_editors_add_edit_and_submit_but_cannot_publish(editor, moderator, section):
    editor_perms = section.permissions_for_user(editor)
    assert editor_perms.can_add_subpage() and editor_perms.can_edit()
    assert editor_perms.can_submit_for_moderation()
    assert not editor_perms.can_publish() and not editor_perms.can_publish_subpage()
    moderator_perms = section.permissions_for_user(moderator)
    assert moderator_perms.can_edit() and moderator_perms.can_publish()


def test_an_editor_pressing_publish_in_the_admin_does_not_publish(client, editor, section):
    article = draft_by(editor, section)
    client.force_login(editor)
    url = reverse("wagtailadmin_pages:edit", args=(article.pk,))
    form = client.get(url).context["form"]
    data = {name: form[name].value() or "" for name in ("title", "slug", "summary", "date")}
    data |= {
        f"{name}-{key}": "0"
        for name in ("authors", "related_pages", "comments")
        for key in ("TOTAL_FORMS", "INITIAL_FORMS")
    }
    data |= {"body-count": "0", "action-publish": "Publish"}
    client.post(url, data)
    article.refresh_from_db()
    assert not article.live
    assert live_title(article) is None


def test_a_submission_goes_live_only_when_a_moderator_approves(editor, moderator, section):
    article = draft_by(editor, section)
    state = submit(article, editor)
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert live_title(article) is None
    task = state.current_task_state.task.specific
    assert task.get_actions(article, editor) == []  # editors have nothing to approve with
    assert "approve" in [name for name, *_ in task.get_actions(article, moderator)]

    act(article, moderator, "approve")

    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED
    assert live_title(article) == "Draft by an editor"


def test_an_edit_after_approval_needs_approval_again(editor, moderator, section):
    article = draft_by(editor, section, title="First title")
    submit(article, editor)
    act(article, moderator, "approve")

    edited = Page.objects.get(pk=article.pk).get_latest_revision_as_object()
    edited.title = "Second title"
    edited.save_revision(user=editor)
    assert live_title(article) == "First title"

    state = submit(Page.objects.get(pk=article.pk).specific, editor)
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert live_title(article) == "First title"
    act(Page.objects.get(pk=article.pk).specific, moderator, "approve")
    assert live_title(article) == "Second title"


def test_an_edit_during_moderation_discards_the_earlier_approval(editor, moderator, section):
    """With reapproval on edit, an approval belongs to one revision only."""
    article = draft_by(editor, section)
    state = submit(article, editor)
    task_state = state.current_task_state
    task_state.approve(user=moderator, update=False)  # approved, but workflow not yet advanced
    assert list(state.successful_task_states) == [task_state]

    article.get_latest_revision_as_object().save_revision(user=editor)
    assert list(WorkflowState.objects.get(pk=state.pk).successful_task_states) == []


def test_rejection_returns_the_page_to_the_editor_with_the_comment(client, editor, moderator, section):
    article = draft_by(editor, section)
    state = submit(article, editor)
    act(article, moderator, "reject", comment="Please add a source for the figures.")

    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert live_title(article) is None
    assert state.task_states.get().comment == "Please add a source for the figures."

    client.force_login(editor)
    history = client.get(reverse("wagtailadmin_pages:workflow_history_detail", args=(article.pk, state.pk)))
    assert history.status_code == 200
    assert "Please add a source for the figures." in history.text
    edit_view = client.get(reverse("wagtailadmin_pages:edit", args=(article.pk,)))
    assert "Changes requested" in edit_view.text
