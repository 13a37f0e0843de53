"""One Chromium per test module for every browser test (Debian's, driven by Playwright)."""

import pytest

from tests.browser.sort_support import chromium_browser


@pytest.fixture(scope="module")
def chromium():
    yield from chromium_browser()


@pytest.fixture(scope="module")
def browser(chromium):
    """The same browser, under the name some modules use."""
    return chromium
