"""The portal's settings with one more address, `/bench/trivial/` (a view answering
two bytes), for `bench_public_page.py`: the baseline goes through the same
middleware as every page."""

from paritrana.settings import *  # noqa: F403

ROOT_URLCONF = "public_page_urls"
