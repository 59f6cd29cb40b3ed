"""Write docs/report-preview.png: the first pages of the seed report's PDF, side by side.

Run by `make preview` after `make report`; the picture in the README comes from here.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pypdfium2
from PIL import Image

PAGES = (1, 2, 6, 7)  # header and summary, the timeline, who speaks and talks, the checks
GAP = 24


def main(pdf_path: str, png_path: str) -> None:
    document = pypdfium2.PdfDocument(pdf_path)
    pages = [document[n - 1].render(scale=1.0).to_pil().convert("RGB") for n in PAGES]
    width = sum(p.width for p in pages) + GAP * (len(pages) + 1)
    height = max(p.height for p in pages) + 2 * GAP
    sheet = Image.new("RGB", (width, height), (226, 229, 233))
    x = GAP
    for page in pages:
        sheet.paste(page, (x, GAP))
        x += page.width + GAP
    Path(png_path).parent.mkdir(parents=True, exist_ok=True)
    sheet.save(png_path, optimize=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
