"""One Chromium per test module for every browser test (Debian's, driven by Playwright), and the
servers most modules share: an open clinic (`server`) and the demo with a job runner (`job_server`)."""

import pytest

from tests.browser.sort_support import chromium_browser, demo_job_server, serve


@pytest.fixture(scope="module")
def chromium():
    yield from chromium_browser()


@pytest.fixture(scope="module")
def browser(chromium):
    """The same browser, under the name some modules use."""
    return chromium


@pytest.fixture
def server(make_app):
    """A live server with a clinic open for sorting (:func:`sort_support.serve`); a module that
    needs another room defines its own ``server``."""
    yield from serve(make_app)


@pytest.fixture
def job_server(make_app):
    """The demo clinic served with jobs on the runner's thread: (app, base URL, clinic id)."""
    with demo_job_server(make_app) as served:
        yield served
