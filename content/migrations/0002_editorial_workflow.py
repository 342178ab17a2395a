"""Editors and Moderators groups and the "Moderation" workflow over the whole site.

Editors add, edit and submit pages for moderation but cannot publish; Moderators
edit, publish and approve. The workflow hangs on every home page, so it covers
each site's tree.
"""

from django.db import migrations

EDITOR_PAGE_PERMISSIONS = ["add_page", "change_page"]
MODERATOR_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]
PERSON_PERMISSIONS = ["add_person", "change_person"]


def model_permission(apps, app_label, model, codename, name):
    ContentType = apps.get_model("contenttypes.ContentType")
    Permission = apps.get_model("auth.Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": name}
    )
    return permission


def set_up_groups(apps, home_pages):
    Group = apps.get_model("auth.Group")
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    Permission = apps.get_model("auth.Permission")

    access_admin = Permission.objects.get(codename="access_admin")
    person_permissions = [
        model_permission(apps, "content", "person", code, f"Can {code.replace('_', ' ')}")
        for code in PERSON_PERMISSIONS
    ]
    for name, codes in (("Editors", EDITOR_PAGE_PERMISSIONS), ("Moderators", MODERATOR_PAGE_PERMISSIONS)):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(access_admin, *person_permissions)
        # Permissions move from the tree's root to the home pages: nobody but an
        # administrator creates a second site root.
        GroupPagePermission.objects.filter(group=group, page__depth=1).delete()
        page_permissions = Permission.objects.filter(
            content_type__app_label="wagtailcore", codename__in=codes
        )
        for page in home_pages:
            GroupPagePermission.objects.filter(group=group, page=page).exclude(
                permission__in=page_permissions
            ).delete()
            for permission in page_permissions:
                GroupPagePermission.objects.get_or_create(group=group, page=page, permission=permission)
    return Group.objects.get(name="Moderators")


def set_up_workflow(apps, home_pages, moderators):
    ContentType = apps.get_model("contenttypes.ContentType")
    GroupApprovalTask = apps.get_model("wagtailcore.GroupApprovalTask")
    Workflow = apps.get_model("wagtailcore.Workflow")
    WorkflowTask = apps.get_model("wagtailcore.WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore.WorkflowPage")

    task_type, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="groupapprovaltask")
    task = GroupApprovalTask.objects.filter(name="Moderators approval", active=True).first()
    if task is None:
        task = GroupApprovalTask.objects.create(
            name="Moderators approval", content_type=task_type, active=True
        )
    task.groups.set([moderators])

    workflow, _ = Workflow.objects.get_or_create(name="Moderation", defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    # Wagtail's own default workflow sits on the tree's root; "Moderation" replaces it.
    WorkflowPage.objects.filter(page__depth=1).delete()
    Workflow.objects.exclude(pk=workflow.pk).filter(name="Moderators approval").update(active=False)
    for page in home_pages:
        WorkflowPage.objects.update_or_create(page=page, defaults={"workflow": workflow})


def create_editorial_workflow(apps, schema_editor):
    Page = apps.get_model("wagtailcore.Page")
    HomePage = apps.get_model("home.HomePage")
    home_pages = list(Page.objects.filter(pk__in=HomePage.objects.values("pk")))
    moderators = set_up_groups(apps, home_pages)
    set_up_workflow(apps, home_pages, moderators)


class Migration(migrations.Migration):
    dependencies = [
        ("content", "0001_initial"),
        ("home", "0002_create_home_page"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_editorial_workflow, migrations.RunPython.noop)]
