"""Helpers for API tests: GET a URL and get its JSON, checking what every response must carry."""

import json

from django.test import Client


def get(client: Client, url: str, expected_status: int = 200, **headers) -> dict | list:
    response = client.get(url, **headers)
    assert response.status_code == expected_status, (url, response.status_code, response.content[:500])
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    return json.loads(response.content)


def get_all_pages_json(client: Client) -> list[dict]:
    """Every public page's detail JSON, found through the listing."""
    listing = get(client, "/api/v2/pages/?limit=100")
    return [get(client, f"/api/v2/pages/{item['id']}/") for item in listing["items"]]
