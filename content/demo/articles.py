"""Bodies for the demo articles: rotating block mixes so that together they use every block."""

from . import blocks
from .corpus import CODE_SAMPLE, SENTENCES


def prose(seed: int, sentences: int = 3) -> str:
    return " ".join(SENTENCES[(seed + i) % len(SENTENCES)] for i in range(sentences))


def every_block_body(ctx: dict) -> list[dict]:
    """The style guide: one of each block type, so editors can see them all."""
    images, documents, pages = ctx["images"], ctx["documents"], ctx["pages"]
    return [
        blocks.heading("Headings and paragraphs"),
        blocks.paragraph(
            f"<p>{prose(0)} Read the {blocks.page_link(pages['guides'], 'guides section')}"
            f" or download the {blocks.document_link(documents['guide'], 'reader’s guide')}.</p>"
            "<ul><li><b>Bold</b> for emphasis</li><li><i>Italic</i> for titles</li></ul>"
        ),
        blocks.heading("Smaller heading", level="h3"),
        blocks.image(
            images["Harbour at dawn"],
            caption="The harbour before sunrise.",
            credit="Dolores Ibarra",
        ),
        blocks.image(images["Forest canopy"], decorative=True),
        blocks.quote("Clear writing is clear thinking made visible.", "House style guide"),
        blocks.call_to_action(
            "Start writing",
            "Open the admin and create your first draft.",
            "Open the admin",
            url="https://example.com/admin/",
        ),
        blocks.code("javascript", CODE_SAMPLE),
        blocks.table(
            "Pages per section",
            [("text", "Section"), ("number", "Pages"), ("rich_text", "Notes")],
            [["News", "7", "<p>Updated <b>weekly</b></p>"], ["Guides", "7", "<p>Evergreen</p>"]],
        ),
        blocks.cards(
            "Sections",
            [
                {
                    "title": "News",
                    "text": "What changed this month.",
                    "page": pages["news"],
                    "image": images["City at night"],
                },
                {"title": "Stories", "text": "People and places.", "page": pages["stories"]},
                {
                    "title": "Project site",
                    "text": "Outside this site.",
                    "url": "https://example.com/",
                },
            ],
        ),
        blocks.document(documents["annual_report"], "Download the annual report"),
        blocks.video("https://www.youtube.com/watch?v=aqz-KE-bpKQ", "A short film about the journal"),
    ]


def article_body(index: int, ctx: dict) -> list[dict]:
    """A typical article: prose and a heading, plus two extras that vary by article."""
    images = [ctx["images"][title] for title in ctx["public_image_titles"]]
    news_link = blocks.page_link(ctx["pages"]["news"], "the latest news")
    body = [
        blocks.paragraph(f"<p>{prose(index)}</p>"),
        blocks.heading("Why it matters"),
        blocks.paragraph(f"<p>{prose(index + 3, 2)} See also {news_link}.</p>"),
    ]
    extras = [
        lambda: blocks.image(
            images[index % len(images)], caption=f"Figure {index + 1}.", credit="Demo studio"
        ),
        lambda: blocks.quote(SENTENCES[index % len(SENTENCES)], "A reader"),
        lambda: blocks.call_to_action(
            "Read the guides",
            "Everything an editor needs.",
            "See the guides",
            page=ctx["pages"]["guides"],
        ),
        lambda: blocks.table(
            "Figures",
            [("text", "Measure"), ("number", "Value")],
            [["Pages", str(20 + index)], ["Authors", "5"]],
        ),
        lambda: blocks.document(ctx["documents"]["guide"]),
        lambda: blocks.video("https://vimeo.com/76979871", f"Video for article {index + 1}"),
        lambda: blocks.code("python", "import requests\nrequests.get(API + '/api/v2/pages/')"),
    ]
    body.append(extras[index % len(extras)]())
    body.append(extras[(index + 3) % len(extras)]())
    return body
