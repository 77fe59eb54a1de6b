"""Which text may become a link, and trimming: the shared table (tests/links_cases.py), Python side.

The JavaScript twin is held to the same table in tests/browser/test_links_agreement.py.
"""

import re

import pytest

from companion.rules.links import WHITESPACE, http_url, trim
from tests.links_cases import LINKS, NOT_TRIMMED, TRIMS
from tests.links_cases import WHITESPACE as TABLE_WHITESPACE


@pytest.mark.parametrize("case", LINKS, ids=[case.id for case in LINKS])
def test_links(case):
    assert http_url(case.text) == (case.text if case.link else None)


@pytest.mark.parametrize("case", TRIMS, ids=[case.id for case in TRIMS])
def test_trims(case):
    assert trim(case.text) == case.trimmed


def test_the_table_trims_what_the_code_trims():
    assert WHITESPACE == TABLE_WHITESPACE
    assert not set(NOT_TRIMMED) & set(WHITESPACE)


def test_every_link_is_http_with_a_host_and_no_user_or_space():
    for case in LINKS:
        if case.link:
            assert re.match(r"(?i)https?://[^/?#@\\]", case.text), case.id
            host = re.split(r"[/?#]", case.text.split("://", 1)[1], maxsplit=1)[0]
            assert "@" not in host, case.id
            assert not set(case.text) & set(WHITESPACE), case.id
