"""Every schema file of the contract, built from the page fields and the block definitions."""

from content.blocks import BodyBlock
from content.blocks.links import FooterLinkBlock
from content.delivery.changes import CHANGE_SCHEMA, CHANGES_SCHEMA
from content.serialization.fields import COMMON_FIELDS
from content.serialization.page_json import fields_of
from content.serialization.registry import page_types
from content.serialization.renditions import RENDITIONS
from content.serialization.schema import BOOLEAN, DATETIME, INTEGER, STRING, array, enum, nullable, obj, ref
from content.serialization.search_result import (
    SEARCH_RESULT_SCHEMA,
    SEARCH_RESULTS_SCHEMA,
    SEARCH_SUGGESTION_SCHEMA,
    SEARCH_SUGGESTIONS_SCHEMA,
)

from .block_schema import block_schema, stream_child_schema

RENDITION = obj({"url": STRING, "width": INTEGER, "height": INTEGER})
IMAGE_PROPERTIES = {
    "id": INTEGER,
    "title": STRING,
    "alt": STRING,
    "decorative": BOOLEAN,
    "width": INTEGER,
    "height": INTEGER,
    "renditions": obj(dict.fromkeys(RENDITIONS, RENDITION)),
    "srcset": STRING,
}
PAGE_LINK = {"id": INTEGER, "title": STRING, "path": STRING}


def schema_file_name(model) -> str:
    """home.HomePage -> home-page: the schema file of a page type."""
    name = model._meta.object_name
    return "".join(f"-{c.lower()}" if c.isupper() and i else c.lower() for i, c in enumerate(name))


def shared_schemas() -> dict[str, dict]:
    type_names = [declared.name for declared in page_types()]
    return {
        "image": obj(IMAGE_PROPERTIES),
        "captioned-image": obj({**IMAGE_PROPERTIES, "caption": STRING, "credit": STRING}),
        "document": obj({"id": INTEGER, "title": STRING, "url": STRING, "size": nullable(INTEGER)}),
        "page-link": obj(PAGE_LINK),
        "page-summary": obj({**PAGE_LINK, "summary": STRING}),
        "author": obj({"id": INTEGER, "name": STRING, "role": STRING, "photo": nullable(ref("image"))}),
        "page-meta": obj(
            {
                "type": enum(type_names),
                "detail_url": STRING,
                "html_url": STRING,
                "path": STRING,
                "slug": STRING,
                "seo_title": STRING,
                "search_description": STRING,
                "social_image": nullable(ref("image")),
                "first_published_at": nullable(DATETIME),
                "last_published_at": nullable(DATETIME),
            }
        ),
        "index-children": obj(
            {
                "total_count": INTEGER,
                "page_size": INTEGER,
                "items": array(
                    obj(
                        {
                            **PAGE_LINK,
                            "type": enum(type_names),
                            "summary": STRING,
                            "date": nullable(STRING),
                            "hero_image": nullable(ref("image")),
                        }
                    )
                ),
            }
        ),
        "body": array({"oneOf": [ref(f"block-{name}") for name in BodyBlock.base_blocks]}),
        **{
            f"block-{name}": stream_child_schema(name, block)
            for name, block in BodyBlock().child_blocks.items()
        },
        "footer-link": block_schema(FooterLinkBlock()),
        "site": obj(
            {
                "site_name": STRING,
                "tagline": STRING,
                "root": obj({"id": INTEGER, "path": STRING}),
                "default_social_image": nullable(ref("image")),
                "menu": array(ref("page-link")),
                "footer_links": array(ref("footer-link")),
            }
        ),
        "redirect": obj({"id": INTEGER, "old_path": STRING, "location": STRING, "is_permanent": BOOLEAN}),
        "error": obj({"message": STRING}),
    }


def page_schemas() -> dict[str, dict]:
    models = [declared.model for declared in page_types()]
    schemas = {
        schema_file_name(model): obj({name: field.schema for name, field in fields_of(model).items()})
        for model in models
    }
    schemas["page"] = {"oneOf": [ref(schema_file_name(model)) for model in models]}
    # The preview endpoint answers a draft in exactly the detail JSON.
    schemas["preview"] = ref("page")
    every_field = {name: field.schema for model in models for name, field in fields_of(model).items()}
    # A listing item has the fields asked for with ?fields=, so none is required.
    schemas["page-listing-item"] = obj(every_field, optional=tuple(every_field))
    schemas["common-page-fields"] = obj({name: f.schema for name, f in COMMON_FIELDS.items()})
    return schemas


def listing(item: str) -> dict:
    return obj({"meta": obj({"total_count": INTEGER}), "items": array(ref(item))})


def all_schemas() -> dict[str, dict]:
    schemas = {**shared_schemas(), **page_schemas()}
    schemas |= {
        "pages-listing": listing("page-listing-item"),
        "images-listing": listing("image"),
        "documents-listing": listing("document"),
        "redirects-listing": listing("redirect"),
        "search-result": SEARCH_RESULT_SCHEMA,
        "search-results": SEARCH_RESULTS_SCHEMA,
        "search-suggestion": SEARCH_SUGGESTION_SCHEMA,
        "search-suggestions": SEARCH_SUGGESTIONS_SCHEMA,
        "change": CHANGE_SCHEMA,
        "changes": CHANGES_SCHEMA,
    }
    return schemas
