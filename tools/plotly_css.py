"""Print the CSS rules plotly.js injects at run time, for ``static/vendor/plotly/plotly.css``.

qsort's Content-Security-Policy forbids inline styles, so plotly.js cannot add its own
``<style>`` element; the results page links the static copy this script writes instead. Runs the
installed plotly.js once in Debian's Chromium (Playwright) and reads the rules it inserted.
"""

import os
import sys

import plotly
from playwright.sync_api import sync_playwright

HEADER = """/* The style rules plotly.js {version} would inject at run time as an inline <style> (blocked by
   qsort's Content-Security-Policy). templates/results/results.html links this file with the id and class
   plotly.js looks for ("plotly.js-style-global", .no-inline-styles), so plotly injects nothing.
   Regenerate after a plotly upgrade: .venv/bin/python tools/plotly_css.py > static/vendor/plotly/plotly.css
   plotly.js is MIT-licensed (c) Plotly, Inc. */"""


def main() -> int:
    bundle = os.path.join(os.path.dirname(plotly.__file__), "package_data", "plotly.min.js")
    with open(bundle, encoding="utf-8") as handle, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium")
        page = browser.new_page()
        page.set_content("<html><head></head><body><div id=g></div></body></html>")
        page.add_script_tag(content=handle.read())
        page.evaluate("Plotly.newPlot('g', [{x: [1, 2], y: [1, 2]}], {}, {responsive: true})")
        version = page.evaluate("Plotly.version")
        rules = page.evaluate(
            "[...document.getElementById('plotly.js-style-global').sheet.cssRules]"
            ".map((rule) => rule.cssText)"
        )
        browser.close()
    # plotly inserts every rule at index 0: reverse to get its own order back.
    sys.stdout.write(HEADER.format(version=version) + "\n" + "\n".join(reversed(rules)) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
