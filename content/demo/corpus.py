"""The words of the demo site: sections, articles, people and sentences to build bodies from."""

PEOPLE = [
    ("Ada Okafor", "Editor-in-chief"),
    ("Bruno Lindqvist", "Staff writer"),
    ("Chen Wei", "Data journalist"),
    ("Dolores Ibarra", "Photographer"),
    ("Emeka Nwosu", "Guest contributor"),
]

# slug, title, intro
SECTIONS = [
    ("news", "News", "What changed this month across the project and the community."),
    ("guides", "Guides", "Step-by-step help for editors, developers and operators."),
    ("stories", "Stories", "Longer pieces about the people who build and use the site."),
]

# section slug -> (slug, title, summary, tags)
ARTICLES = {
    "news": [
        (
            "autumn-release",
            "Autumn release brings faster publishing",
            "Publishing a page now takes half the time it did in spring.",
            ["release", "publishing"],
        ),
        (
            "new-editorial-team",
            "A new editorial team for the journal",
            "Three editors join to run the news desk and the guides.",
            ["team", "editorial"],
        ),
        (
            "static-site-launch",
            "The static site is live on the CDN",
            "Every public page is now served as static HTML from the edge.",
            ["static", "performance"],
        ),
        (
            "accessibility-audit",
            "Results of the accessibility audit",
            "An outside audit found twelve issues; ten are fixed already.",
            ["accessibility"],
        ),
        (
            "api-version-two",
            "Version two of the content API",
            "The API now returns images with renditions and page links as paths.",
            ["api", "release"],
        ),
        (
            "community-meetup",
            "Notes from the community meetup",
            "Forty people met in Lisbon to talk about headless publishing.",
            ["community", "events"],
        ),
        (
            "search-improvements",
            "Search finds what you meant",
            "Stemming and weighted titles make site search far more useful.",
            ["search"],
        ),
    ],
    "guides": [
        (
            "writing-for-the-web",
            "Writing for the web",
            "Short sentences, clear headings and descriptive links.",
            ["editorial", "writing"],
        ),
        (
            "choosing-images",
            "Choosing and describing images",
            "How to pick an image, crop it and write alt text that helps.",
            ["images", "accessibility"],
        ),
        (
            "moderation-workflow",
            "How the moderation workflow works",
            "From draft to published: submitting, approving and rejecting pages.",
            ["editorial", "workflow"],
        ),
        (
            "using-tables",
            "Presenting data in tables",
            "When a table beats a chart, and how to keep one readable.",
            ["data", "writing"],
        ),
        (
            "frontend-quickstart",
            "Frontend quickstart",
            "Fetch a page by its path and render its blocks in any framework.",
            ["api", "developers"],
        ),
        (
            "deploying-the-export",
            "Deploying the static export",
            "Publish the site to any S3-compatible bucket from CI.",
            ["static", "developers"],
        ),
        (
            "style-guide",
            "The house style guide",
            "Every kind of block the editor offers, shown in one page.",
            ["editorial", "style"],
        ),
    ],
    "stories": [
        (
            "a-day-on-the-news-desk",
            "A day on the news desk",
            "From the morning meeting to the evening publish.",
            ["team", "editorial"],
        ),
        (
            "the-photographers-eye",
            "The photographer's eye",
            "Dolores Ibarra on light, patience and the perfect harbour shot.",
            ["images", "people"],
        ),
        (
            "from-print-to-pixels",
            "From print to pixels",
            "How a forty-year-old magazine moved its archive online.",
            ["history", "publishing"],
        ),
        (
            "data-behind-the-headlines",
            "The data behind the headlines",
            "Chen Wei explains how a spreadsheet becomes a story.",
            ["data", "people"],
        ),
        (
            "volunteers-who-translate",
            "The volunteers who translate",
            "Readers in nine countries translate our guides for free.",
            ["community", "people"],
        ),
        (
            "building-in-the-open",
            "Building in the open",
            "Why every decision about the site is written down in public.",
            ["community", "history"],
        ),
        (
            "ten-years-of-the-journal",
            "Ten years of the journal",
            "A look back at a decade of stories, people and published pages.",
            ["history"],
        ),
    ],
}

SENTENCES = [
    "Editors draft pages in the admin and preview them exactly as readers will see them.",
    "Every published page is available as JSON for the frontend and as static HTML for the CDN.",
    "A moderator reviews each submission before it goes live, and can send it back with a comment.",
    "Images are resized once into a fixed set of renditions, including WebP, and cached.",
    "The static export uploads only the files whose bytes changed since the last publish.",
    "Readers reach the site from phones more often than from desktops, so pages stay light.",
    "Tags group articles across sections, and each author has a short profile.",
    "Search weighs titles and summaries above body text, and understands plural and past forms.",
    "Nothing is fetched from the network when a page is saved or rendered.",
    "A redirect keeps old links working after a page moves to a new section.",
]

CODE_SAMPLE = """const response = await fetch(`${API}/api/v2/pages/find/?html_path=${path}`);
const page = await response.json();
for (const block of page.body) render(block);"""
