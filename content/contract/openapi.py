"""OpenAPI 3.1 for the public endpoints, with responses pointing at the contract's schemas."""

from content.api.params import MAX_PARAMETER_LENGTH

from .registry import CONTRACT_VERSION

INTEGER_PARAM = {"type": "integer", "minimum": 0, "maximum": 2**31 - 1}
STRING_PARAM = {"type": "string", "maxLength": MAX_PARAMETER_LENGTH}


def _param(name: str, schema: dict, description: str, where: str = "query", required: bool = False) -> dict:
    return {"name": name, "in": where, "required": required, "schema": schema, "description": description}


def _json(schema_file: str, description: str) -> dict:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": f"schema/{schema_file}"}}},
    }


ERRORS = {
    "400": _json("error.json", "A parameter is malformed; the message names it."),
    "404": _json("error.json", "Nothing public at this address."),
}
PAGING = [
    _param("limit", {"type": "integer", "minimum": 0, "maximum": 100}, "Items per page (default 20)."),
    _param("offset", INTEGER_PARAM, "Items to skip."),
]
FIELDS = _param("fields", STRING_PARAM, "Fields to include: names, -name, _ (none), * (all).")
SEARCH = [
    _param("search", STRING_PARAM, "Full-text search."),
    _param("search_operator", {"enum": ["and", "or"]}, "How search words combine."),
]
PAGE_FILTERS = [
    _param("type", STRING_PARAM, "Page type(s), e.g. content.ArticlePage."),
    _param("child_of", INTEGER_PARAM, "Only children of this page."),
    _param("descendant_of", INTEGER_PARAM, "Only descendants of this page."),
    _param("ancestor_of", INTEGER_PARAM, "Only ancestors of this page."),
    _param("order", STRING_PARAM, "Order by a field (-field for descending) or random."),
    _param("site", STRING_PARAM, "host[:port] of the site; the request's host by default."),
]
ID = _param("id", INTEGER_PARAM, "The object's id.", where="path", required=True)


def _listing(tag: str, schema_file: str, extra: list[dict]) -> dict:
    return {
        "get": {
            "tags": [tag],
            "parameters": [*PAGING, FIELDS, *extra],
            "responses": {"200": _json(schema_file, f"A page of {tag}."), **ERRORS},
        }
    }


def _detail(tag: str, schema_file: str) -> dict:
    return {
        "get": {
            "tags": [tag],
            "parameters": [ID, FIELDS],
            "responses": {"200": _json(schema_file, f"One of the {tag}."), **ERRORS},
        }
    }


def _find(tag: str) -> dict:
    path_param = _param("html_path", STRING_PARAM, "A site path such as /news/my-article/.")
    return {
        "get": {
            "tags": [tag],
            "parameters": [path_param, _param("id", INTEGER_PARAM, "Or an id.")],
            "responses": {
                "302": {
                    "description": "Redirects to the detail URL.",
                    "headers": {"Location": {"schema": {"type": "string"}}},
                },
                **ERRORS,
            },
        }
    }


PREVIEW = {
    "get": {
        "tags": ["preview"],
        "parameters": [
            _param("content_type", STRING_PARAM, "The page type, e.g. content.articlepage.", required=True),
            _param("token", STRING_PARAM, "The signed token from the preview link.", required=True),
        ],
        "responses": {
            "200": _json("preview.json", "The draft, in exactly the detail JSON. Never cached."),
            "400": ERRORS["400"],
            "404": _json("error.json", "The link is missing, invalid or expired, or its page was deleted."),
        },
    }
}


SEARCH_ENDPOINT = {
    "get": {
        "tags": ["search"],
        "parameters": [
            _param(
                "q",
                {"type": "string", "minLength": 1, "maxLength": 200},
                "The words to search for.",
                required=True,
            ),
            _param("type", STRING_PARAM, "Only this page type, e.g. content.ArticlePage."),
            _param("descendant_of", INTEGER_PARAM, "Only pages inside this section (a page id)."),
            *PAGING,
            _param("site", STRING_PARAM, "host[:port] of the site; the request's host by default."),
        ],
        "responses": {
            "200": _json(
                "search-results.json",
                "Live, public pages, best match first. Search ranks at most 300 matches: "
                "total_count is exact below that (total_count_exact), else at least that many. "
                "When q's words match nothing, the results of a corrected query and did_you_mean. "
                "offset + limit is at most 300.",
            ),
            **ERRORS,
        },
    }
}
SUGGEST_ENDPOINT = {
    "get": {
        "tags": ["search"],
        "parameters": [
            _param(
                "q",
                {"type": "string", "minLength": 1, "maxLength": 200},
                "The words typed so far; the last may be the start of a word.",
                required=True,
            ),
            _param("site", STRING_PARAM, "host[:port] of the site; the request's host by default."),
        ],
        "responses": {
            "200": _json(
                "search-suggestions.json",
                "Up to 10 live, public pages with a title word starting with each word of q.",
            ),
            **ERRORS,
        },
    }
}

CHANGES_ENDPOINT = {
    "get": {
        "tags": ["changes"],
        "parameters": [
            _param(
                "since",
                {"type": "integer", "minimum": 0},
                "Entries after this sequence number (meta.last_seq of the previous answer); 0 by default.",
            ),
            _param(
                "limit",
                {"type": "integer", "minimum": 1, "maximum": 500},
                "At most this many (100 by default).",
            ),
            _param("site", STRING_PARAM, "host[:port] of the site; the request's host by default."),
        ],
        "responses": {
            "200": _json(
                "changes.json",
                "The site's change feed in sequence order: each page whose stored JSON was created, "
                "updated or deleted (made private or unpublished counts as deleted), and the site's "
                "own JSON (type site). Ids, types and public paths only, never content. "
                "Follow it with since=meta.last_seq while meta.has_more.",
            ),
            **ERRORS,
        },
    }
}


def openapi_document() -> dict:
    return {
        "openapi": "3.1.0",
        "info": {"title": "Headless CMS public API", "version": CONTRACT_VERSION},
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "paths": {
            "/api/v2/pages/": _listing("pages", "pages-listing.json", PAGE_FILTERS + SEARCH),
            "/api/v2/pages/{id}/": _detail("pages", "page.json"),
            "/api/v2/pages/find/": _find("pages"),
            "/api/v2/images/": _listing("images", "images-listing.json", SEARCH),
            "/api/v2/images/{id}/": _detail("images", "image.json"),
            "/api/v2/documents/": _listing("documents", "documents-listing.json", SEARCH),
            "/api/v2/documents/{id}/": _detail("documents", "document.json"),
            "/api/v2/redirects/": _listing("redirects", "redirects-listing.json", []),
            "/api/v2/redirects/find/": _find("redirects"),
            "/api/v2/preview/": PREVIEW,
            "/api/v2/search/": SEARCH_ENDPOINT,
            "/api/v2/search/suggest/": SUGGEST_ENDPOINT,
            "/api/v2/changes/": CHANGES_ENDPOINT,
            "/api/v2/site/": {
                "get": {
                    "tags": ["site"],
                    "responses": {
                        "200": _json("site.json", "Site chrome: settings, menu, footer."),
                        **ERRORS,
                    },
                }
            },
        },
    }
