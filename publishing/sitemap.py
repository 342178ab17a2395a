"""sitemap.xml: one file up to EXPORT_SITEMAP_MAX_URLS URLs, above that a sitemap index and its children.

The protocol allows 50,000 URLs (and 50 MB) per file; the default of 45,000 keeps
a margin. Above it, sitemap.xml itself becomes the index, so the address given
to search engines and named in robots.txt stays the same, and the URLs go into
sitemap-1.xml, sitemap-2.xml, ... in URL order, each listed with its latest lastmod.
"""

from xml.sax.saxutils import escape

from django.conf import settings

NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"
INDEX_NAME = "sitemap.xml"

Entry = tuple[str, str | None]  # (absolute URL, last published as ISO 8601, or None)


def _lastmod(value: str | None) -> str:
    return f"<lastmod>{value}</lastmod>" if value else ""


def urlset_xml(entries: list[Entry]) -> str:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f'<urlset xmlns="{NAMESPACE}">']
    lines += [f"  <url><loc>{escape(url)}</loc>{_lastmod(lastmod)}</url>" for url, lastmod in entries]
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def index_xml(children: list[Entry]) -> str:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f'<sitemapindex xmlns="{NAMESPACE}">']
    lines += [
        f"  <sitemap><loc>{escape(url)}</loc>{_lastmod(lastmod)}</sitemap>" for url, lastmod in children
    ]
    lines.append("</sitemapindex>")
    return "\n".join(lines) + "\n"


def sitemap_files(entries: list[Entry], base_url: str, max_urls: int | None = None) -> dict[str, str]:
    """File name → text: sitemap.xml alone, or sitemap.xml as the index plus its child sitemaps."""
    max_urls = max_urls or settings.EXPORT_SITEMAP_MAX_URLS
    entries = sorted(entries)
    if len(entries) <= max_urls:
        return {INDEX_NAME: urlset_xml(entries)}
    files, children = {}, []
    for number, start in enumerate(range(0, len(entries), max_urls), start=1):
        chunk = entries[start : start + max_urls]
        name = f"sitemap-{number}.xml"
        files[name] = urlset_xml(chunk)
        dates = [lastmod for _, lastmod in chunk if lastmod]
        children.append((f"{base_url}/{name}", max(dates) if dates else None))
    files[INDEX_NAME] = index_xml(children)
    return files
