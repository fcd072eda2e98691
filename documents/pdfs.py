"""PDFs with real Vietnamese text, for the demo content and the tests, made with fpdf2.

The font is a subset of Noto Sans (SIL Open Font License, see demo_font/OFL.txt) holding
the Latin and Vietnamese letters, so the text layer is Unicode that pypdf reads back.
"""

import logging
from pathlib import Path

from fpdf import FPDF

# fontTools reports every subset it makes at INFO level.
logging.getLogger("fontTools").setLevel(logging.WARNING)

FONT = Path(__file__).parent / "demo_font" / "NotoSans-Regular-vi-subset.ttf"


def text_pdf(*, heading: str, lines: list[str]) -> bytes:
    """Return a one-or-more-page PDF with a heading and paragraphs of Vietnamese text."""
    pdf = FPDF(format="A4")
    pdf.set_title(heading)
    pdf.add_font("NotoSans", fname=str(FONT))
    pdf.add_page()
    pdf.set_font("NotoSans", size=14)
    pdf.multi_cell(0, 8, heading, align="C")
    pdf.ln(4)
    pdf.set_font("NotoSans", size=11)
    for line in lines:
        pdf.multi_cell(0, 6, line)
        pdf.ln(2)
    return bytes(pdf.output())


def scanned_pdf() -> bytes:
    """Return a PDF whose page is only a picture, as a scanner makes: no text layer."""
    import io

    from PIL import Image

    image = io.BytesIO()
    Image.new("RGB", (400, 560), (245, 245, 240)).save(image, "PNG")
    image.seek(0)
    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.image(image, x=10, y=10, w=190)
    return bytes(pdf.output())
