"""Screenshot an HTML report in headless Chromium (Debian's, driven by Playwright).

    python scripts/shoot_report.py reports/seeds.html docs/seeds-report.png

``launch`` is the one place that says how claimcheck starts a browser; the
browser test (tests/test_html_browser.py) uses it too. Never run ``playwright
install``: it downloads a browser build; this uses the system's Chromium
(``apt-get install chromium``; CLAIMCHECK_CHROMIUM names another binary).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

CHROMIUM = os.environ.get("CLAIMCHECK_CHROMIUM", "/usr/bin/chromium")
# headless, no sandbox (CI runs as root), and no traffic of the browser's own
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def launch(playwright):
    """A Chromium browser from ``playwright`` (a started sync_playwright())."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)


def shoot(html: Path, png: Path, width: int = 1100, height: int = 1100, scale: float = 1.0) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = launch(p)
        try:
            page = browser.new_page(viewport={"width": width, "height": height}, device_scale_factor=scale)
            page.goto(html.resolve().as_uri())
            png.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(png), full_page=False)
        finally:
            browser.close()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("html", type=Path)
    ap.add_argument("png", type=Path)
    ap.add_argument("--width", type=int, default=1100)
    ap.add_argument("--height", type=int, default=1100)
    args = ap.parse_args(argv)
    if not Path(CHROMIUM).exists():
        print(f"error: {CHROMIUM}: no Chromium (apt-get install chromium)", file=sys.stderr)
        return 2
    shoot(args.html, args.png, args.width, args.height)
    print(f"{args.png}: {args.png.stat().st_size // 1024} KB", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
