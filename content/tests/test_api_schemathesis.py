"""schemathesis: generated requests against a live server, checked against openapi.json.

No server error, and every response (status, content type, body) as documented.
The example budget keeps the run to well under three minutes.
"""

import io
import json
from collections import Counter
from pathlib import Path

import pytest
import schemathesis
from django.conf import settings
from django.core.management import call_command
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.specs.openapi.checks import positive_data_acceptance
from wagtail.models import Page

OPENAPI = Path(settings.BASE_DIR) / "frontend-contract" / "openapi.json"
EXAMPLES_PER_OPERATION = 30

schema = schemathesis.openapi.from_path(OPENAPI)


@pytest.fixture
def api_url(live_server) -> str:
    # A live server needs committed data; each test here ends by emptying the
    # database, and serialized_rollback puts back what the migrations made.
    if not Page.objects.filter(slug="news").exists():
        call_command("seed_demo", verbosity=0, stdout=io.StringIO())
    return live_server.url


# Every check but positive_data_acceptance: a request can be valid by the schema and
# still name a page, site or field that does not exist, which the API rightly
# answers with a documented 400 or 404.
EXCLUDED_CHECKS = [positive_data_acceptance]
REQUESTS_MADE: Counter = Counter()


@pytest.fixture(scope="module", autouse=True)
def report_request_count():
    yield
    folder = Path(settings.BASE_DIR) / "test-artifacts"
    folder.mkdir(exist_ok=True)
    summary = {"requests": sum(REQUESTS_MADE.values()), "by_operation": dict(REQUESTS_MADE)}
    (folder / "schemathesis.json").write_text(json.dumps(summary, indent=2))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@schema.parametrize()
@hypothesis_settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_every_operation_behaves_as_documented(case, api_url):
    REQUESTS_MADE[f"{case.method} {case.path}"] += 1
    case.call_and_validate(base_url=api_url, excluded_checks=EXCLUDED_CHECKS)
