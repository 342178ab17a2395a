"""Media storage settings: MEDIA_S3_BUCKET in a fresh production process, inconsistent variables
refused with a sentence naming them, and the bucket policy command."""

import io
import json

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command

from site_config.media_storage import DEFAULT_PREFIX, check_media_variables, s3_media_storage

from .test_settings import production_env, run

PRINT_MEDIA_SETTINGS = (
    "import json, django; django.setup(); from django.conf import settings; "
    "from django.core.files.storage import storages; s = storages['default']; "
    "c = s.client_config; "
    "print(json.dumps([type(s).__name__, s.bucket_name, s.location, s.endpoint_url, s.querystring_auth, "
    "s.file_overwrite, s.default_acl, s.object_parameters, c.request_checksum_calculation, c.s3, "
    "settings.WAGTAILDOCS_SERVE_METHOD]))"
)


def test_production_with_a_bucket_stores_media_on_s3_as_configured():
    env = production_env(
        MEDIA_S3_BUCKET="cms-media", MEDIA_S3_PREFIX="prod/media", AWS_S3_ENDPOINT_URL="http://minio:9000"
    )
    result = run(["-c", PRINT_MEDIA_SETTINGS], **env)
    assert result.returncode == 0, result.stderr
    backend, bucket, location, endpoint, signed, overwrite, acl, params, checksums, s3, serve = json.loads(
        result.stdout
    )
    assert (backend, bucket, location, endpoint) == (
        "S3Storage",
        "cms-media",
        "prod/media",
        "http://minio:9000",
    )
    assert (signed, overwrite, acl) == (False, False, None)
    assert params == {"CacheControl": "public, max-age=86400"}
    # Like the export's publish: no CRC trailers S3-compatible servers refuse; path-style addressing.
    assert (checksums, s3) == ("when_required", {"addressing_style": "path"})
    assert serve == "serve_view"


VALID = {
    "bucket": "cms-media",
    "prefix": DEFAULT_PREFIX,
    "custom_domain": "",
    "media_root": "",
    "export_bucket": "",
    "export_prefix": "",
}


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({"bucket": "", "prefix": "assets"}, "MEDIA_S3_PREFIX is set but MEDIA_S3_BUCKET is not"),
        ({"bucket": "", "custom_domain": "media.example.com"}, "MEDIA_S3_CUSTOM_DOMAIN is set but"),
        ({"bucket": "s3://cms-media"}, "MEDIA_S3_BUCKET is a bucket name such as cms-media"),
        ({"custom_domain": "https://media.example.com"}, "MEDIA_S3_CUSTOM_DOMAIN is a host name"),
        ({"media_root": "/srv/media"}, "MEDIA_ROOT and MEDIA_S3_BUCKET are both set"),
        (
            {"export_bucket": "cms-media"},
            "prefixes overlap",
        ),  # the export's prefix defaults to the whole bucket
        (
            {"prefix": "www/media", "export_bucket": "cms-media", "export_prefix": "www"},
            "the published site is public",
        ),
    ],
)
def test_inconsistent_media_variables_are_refused_with_a_sentence(variables, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        check_media_variables(**{**VALID, **variables})


@pytest.mark.parametrize(
    "variables",
    [
        {"bucket": ""},  # media in MEDIA_ROOT
        VALID,
        {"custom_domain": "media.example.com"},
        {"export_bucket": "cms-media", "export_prefix": "www"},  # media/ and www/ side by side
    ],
)
def test_consistent_media_variables_pass(variables):
    check_media_variables(**{**VALID, **variables})


def test_production_refuses_inconsistent_media_settings_without_a_traceback():
    result = run(["manage.py", "check"], **production_env(MEDIA_S3_PREFIX="assets"))
    assert result.returncode != 0
    assert "MEDIA_S3_PREFIX is set but MEDIA_S3_BUCKET is not" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_bucket_policy_command_makes_only_renditions_public(settings):
    settings.STORAGES = {**settings.STORAGES, "default": s3_media_storage("cms-media", "prod/media")}
    out = io.StringIO()
    call_command("media_bucket_policy", stdout=out)
    (statement,) = json.loads(out.getvalue())["Statement"]
    assert statement["Principal"] == "*"
    assert statement["Action"] == "s3:GetObject"
    assert statement["Resource"] == "arn:aws:s3:::cms-media/prod/media/images/*"


def test_the_bucket_policy_command_needs_media_on_s3():
    with pytest.raises(CommandError, match="set MEDIA_S3_BUCKET first"):
        call_command("media_bucket_policy", stdout=io.StringIO())
