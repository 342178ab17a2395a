"""Test data builders for pages and snippets (wagtail-factories on top of factory_boy)."""

import factory
import wagtail_factories

from content.models import ArticlePage, IndexPage, Person


class PersonFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Author {n}")
    role = "Writer"

    class Meta:
        model = Person


class IndexPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Section {n}")
    intro = "<p>A section.</p>"

    class Meta:
        model = IndexPage


class ArticlePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Article {n}")
    summary = "A short summary."

    class Meta:
        model = ArticlePage
