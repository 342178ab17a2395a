"""S3 in tests: a moto server on 127.0.0.1, spoken to over HTTP by boto3 (never in-process mocks)."""

import pytest
from moto.server import ThreadedMotoServer


def start_moto() -> tuple[ThreadedMotoServer, str]:
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    return server, f"http://{host}:{port}"


@pytest.fixture(scope="session")
def moto_url():
    server, url = start_moto()
    yield url
    server.stop()


@pytest.fixture
def s3_credentials(monkeypatch):
    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",  # moto accepts any credentials
        "AWS_DEFAULT_REGION": "us-east-1",
    }.items():
        monkeypatch.setenv(name, value)
