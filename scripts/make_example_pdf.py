"""Regenerate the PDF reports of the example corpus (examples/reports/*.pdf).

The two reports are invented for Dossier's example corpus (see examples/README.md):
an NGO briefing paper and a humanitarian working group's displacement update. Their
text lives in this file, so the PDFs can be rebuilt byte for byte: the creation date
is fixed and nothing depends on the clock or on random numbers. Rebuilding with a
different fpdf2 version may change the bytes (the producer string), not the text.

The core font Helvetica is latin-1 only, so the text uses straight quotes and plain
ASCII.

Usage: python scripts/make_example_pdf.py [--out DIR]
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from fpdf import FPDF

REPO = Path(__file__).resolve().parent.parent
DEFAULT_OUT = REPO / "examples" / "reports"

# Each block is (kind, payload). Kinds: title, subtitle, meta, h2, p, bullet, table, pagebreak.
REPORTS: dict[str, dict[str, object]] = {
    "tworivers_muqdadiyah_abductions_2015.pdf": {
        "title": "Taken at Night: Abductions of men in Muqdadiyah district, Diyala",
        "author": "Two Rivers Rights Observatory",
        "created": dt.datetime(2015, 5, 12, 9, 0, tzinfo=dt.UTC),
        "running_head": "Two Rivers Rights Observatory - Taken at Night - May 2015",
        "blocks": [
            ("title", "TAKEN AT NIGHT"),
            (
                "subtitle",
                "Abductions of men in Muqdadiyah district, Diyala province, January-April 2015",
            ),
            ("meta", "Two Rivers Rights Observatory | Briefing paper | 12 May 2015"),
            ("h2", "Summary"),
            (
                "p",
                "Between January and April 2015, at least 43 men were abducted from their "
                "homes, from their farms and at checkpoints in Muqdadiyah district of Diyala "
                "province. The bodies of 19 of them were later found in orchards and "
                "irrigation canals, most with their hands tied and gunshot wounds to the head. "
                "The fate of the other 24 men remains unknown.",
            ),
            (
                "p",
                "Relatives and witnesses interviewed by the Two Rivers Rights Observatory said "
                "that the abductors came in pick-up trucks and military vehicles and wore "
                "uniforms. In several cases the gunmen identified themselves as members of "
                "Asa'ib Ahl al-Haq, one of the armed groups of the Popular Mobilization Forces. "
                "In other cases the witnesses could not say which group the men belonged to.",
            ),
            ("h2", "Methodology"),
            (
                "p",
                "The Observatory interviewed 27 relatives, witnesses and local officials "
                "between 20 March and 30 April 2015, in person in Khanaqin and Baghdad and by "
                "telephone. The Observatory did not have access to Muqdadiyah itself. Names of "
                "victims and witnesses are withheld for their protection.",
            ),
            ("h2", "Cases"),
            (
                "p",
                "On the night of 3 March 2015, gunmen in three vehicles stopped at the house of "
                "A.K., a 34-year-old teacher in a village north of Muqdadiyah, and took him away "
                "together with his two younger brothers. \"They said they were from the Asa'ib "
                'and that my sons would come back after questioning," their mother told the '
                "Observatory. The bodies of the two brothers were found four days later. The "
                "teacher has not been seen since.",
            ),
            (
                "p",
                "In mid-February, a farmer identified as H.M. was taken from a car at a "
                "checkpoint on the road between Muqdadiyah and Baquba. A relative travelling "
                "with him said the men at the checkpoint wore the badge of the Hashd and that "
                "one of them called a commander of Asaib Ahl al-Haq on his radio before H.M. "
                "was led away. His family has received no news of him.",
            ),
            ("h2", "Response of the authorities"),
            (
                "p",
                "The Observatory wrote to the Ministry of Interior and to the Diyala police "
                "command on 15 April 2015 to ask about investigations into these cases. No "
                "reply had been received at the time of publication. A provincial official "
                'told the Observatory that "the security file is not in our hands."',
            ),
            ("pagebreak", ""),
            ("h2", "Recommendations"),
            (
                "bullet",
                "To the Government of Iraq: open an independent investigation into the "
                "abductions and killings in Muqdadiyah district and publish its findings.",
            ),
            (
                "bullet",
                "To the Popular Mobilization Commission: ensure that every unit under its "
                "banner is subject to military discipline and to the law.",
            ),
            (
                "bullet",
                "To Asa'ib Ahl al-Haq and all other armed groups: release anyone held "
                "outside the law and inform families of the fate of their relatives.",
            ),
        ],
    },
    "diyala_hwg_displacement_update_4.pdf": {
        "title": "Diyala Displacement Update No. 4",
        "author": "Diyala Humanitarian Working Group",
        "created": dt.datetime(2015, 2, 20, 12, 0, tzinfo=dt.UTC),
        "running_head": "Diyala Humanitarian Working Group - Displacement Update No. 4",
        "blocks": [
            ("title", "DIYALA DISPLACEMENT UPDATE No. 4"),
            ("subtitle", "Displacement from villages around Saadiya"),
            (
                "meta",
                "Diyala Humanitarian Working Group | Reporting period 8-19 February 2015 | "
                "Issued 20 February 2015",
            ),
            ("h2", "Highlights"),
            (
                "bullet",
                "The Diyala Provincial Council reported on 8 February that 3,200 families had "
                "been displaced from 14 villages near Saadiya between 25 January and "
                "7 February 2015. The working group has not been able to verify this figure "
                "independently.",
            ),
            (
                "bullet",
                "Partners in Khanaqin district have registered 1,150 newly arrived families "
                "since 26 January. Most are hosted by relatives or in schools and mosques.",
            ),
            (
                "bullet",
                "Access to the villages around Saadiya remains restricted. Humanitarian teams "
                "were turned back at checkpoints on 14 and 17 February.",
            ),
            ("h2", "Key figures"),
            (
                "table",
                [
                    ["Indicator", "Figure", "Source"],
                    [
                        "Families displaced near Saadiya (25 Jan - 7 Feb)",
                        "3,200",
                        "Diyala Provincial Council",
                    ],
                    ["New arrivals registered in Khanaqin district", "1,150", "Partners"],
                    ["Winter kits distributed this period", "900", "Partners"],
                    ["Displaced children enrolled in Khanaqin schools", "about 600", "Education"],
                ],
            ),
            ("h2", "Situation overview"),
            (
                "p",
                "Families from the villages between the Diyala river and the Hamrin hills "
                "continued to arrive in Khanaqin and Baquba during the reporting period. "
                "New arrivals describe mortar fire at night and fear of further military "
                "operations. Several families told partners that male relatives had been "
                "held for questioning at checkpoints on the way out. The working group has "
                "shared these reports with the protection cluster.",
            ),
            ("h2", "Needs and response"),
            (
                "p",
                "Shelter: public buildings in Khanaqin are overcrowded, and at least 40 "
                "families are living in unfinished buildings without doors or windows. "
                "Food: partners distributed one-month food rations to registered families. "
                "Gaps: heating fuel and blankets remain the most urgent needs as night "
                "temperatures fall below freezing.",
            ),
            ("h2", "Contacts"),
            (
                "p",
                "Coordination officer, Diyala Humanitarian Working Group, Khanaqin: "
                "coordination@diyala-hwg.example",
            ),
        ],
    },
}

FICTION_NOTE = "Fictional document written for the Dossier example corpus."

# Left-aligned text, and each block starts on a new line at the left margin.
NEXT_LINE = {"new_x": "LMARGIN", "new_y": "NEXT", "align": "L"}


class ReportPDF(FPDF):
    """A plain A4 report with a running head on later pages and page numbers."""

    def __init__(self, running_head: str) -> None:
        super().__init__(format="A4")
        self.running_head = running_head

    def header(self) -> None:
        if self.page_no() > 1:
            self.set_font("Helvetica", "I", 8)
            self.cell(0, 6, self.running_head, align="L")
            self.ln(10)

    def footer(self) -> None:
        self.set_y(-15)
        self.set_font("Helvetica", "", 8)
        self.cell(0, 10, f"Page {self.page_no()} of {{nb}}", align="C")


def build(name: str, spec: dict[str, object]) -> bytes:
    """Lay out one report and return the PDF bytes."""
    pdf = ReportPDF(str(spec["running_head"]))
    pdf.set_title(str(spec["title"]))
    pdf.set_author(str(spec["author"]))
    pdf.set_subject(FICTION_NOTE)
    pdf.set_keywords("Dossier example corpus; fictional")
    pdf.set_creator("scripts/make_example_pdf.py")
    pdf.set_creation_date(spec["created"])  # fixed, so output is reproducible
    pdf.set_margins(20, 20, 20)
    pdf.set_auto_page_break(auto=True, margin=20)
    pdf.add_page()
    width = pdf.epw
    for kind, payload in spec["blocks"]:  # type: ignore[union-attr]
        if kind == "title":
            pdf.set_font("Helvetica", "B", 18)
            pdf.multi_cell(width, 9, payload, **NEXT_LINE)
        elif kind == "subtitle":
            pdf.set_font("Helvetica", "", 13)
            pdf.multi_cell(width, 7, payload, **NEXT_LINE)
            pdf.ln(1)
        elif kind == "meta":
            pdf.set_font("Helvetica", "I", 9)
            pdf.multi_cell(width, 5, payload, **NEXT_LINE)
            pdf.ln(2)
            pdf.line(pdf.l_margin, pdf.get_y(), pdf.l_margin + width, pdf.get_y())
            pdf.ln(3)
        elif kind == "h2":
            pdf.ln(2)
            pdf.set_font("Helvetica", "B", 12)
            pdf.multi_cell(width, 7, payload, **NEXT_LINE)
        elif kind == "p":
            pdf.set_font("Helvetica", "", 10)
            pdf.multi_cell(width, 5, payload, **NEXT_LINE)
            pdf.ln(2)
        elif kind == "bullet":
            pdf.set_font("Helvetica", "", 10)
            pdf.set_x(pdf.l_margin + 3)
            pdf.multi_cell(width - 3, 5, "- " + payload, **NEXT_LINE)
            pdf.ln(1)
        elif kind == "pagebreak":
            pdf.add_page()
        elif kind == "table":
            pdf.set_font("Helvetica", "", 9)
            with pdf.table(col_widths=(90, 25, 55), text_align="LEFT") as table:
                for row in payload:
                    cells = table.row()
                    for value in row:
                        cells.cell(value)
            pdf.ln(2)
        else:
            raise ValueError(f"{name}: unknown block kind {kind!r}")
    return bytes(pdf.output())


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for name, spec in REPORTS.items():
        path = args.out / name
        path.write_bytes(build(name, spec))
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
