"""Replace Wagtail's placeholder welcome page with a HomePage as the default site's root."""

import uuid

from django.db import migrations


def _base36(number, width=4):
    digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    out = ""
    while number:
        number, rest = divmod(number, 36)
        out = digits[rest] + out
    return out.rjust(width, "0")


def create_home_page(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    Locale = apps.get_model("wagtailcore.Locale")
    HomePage = apps.get_model("home.HomePage")

    if HomePage.objects.exists():
        return
    placeholder_type = ContentType.objects.get(app_label="wagtailcore", model="page")
    # Deleting the placeholder also deletes the Site that points at it.
    Page.objects.filter(content_type=placeholder_type, depth=2, slug="home").delete()
    home_type, _ = ContentType.objects.get_or_create(app_label="home", model="homepage")
    root = Page.objects.get(depth=1)
    last = Page.objects.filter(depth=2).order_by("-path").values_list("path", flat=True).first()
    path = root.path + _base36(int(last[-4:], 36) + 1 if last else 1)
    home = HomePage.objects.create(
        title="Home",
        draft_title="Home",
        slug="home",
        content_type=home_type,
        path=path,
        depth=2,
        numchild=0,
        url_path="/home/",
        locale=Locale.objects.order_by("pk").first(),
        translation_key=uuid.uuid4(),
        live=True,
    )
    root.numchild = Page.objects.filter(depth=2).count()
    root.save(update_fields=["numchild"])
    Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_home_page, migrations.RunPython.noop)]
