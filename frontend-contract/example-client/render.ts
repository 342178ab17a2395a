// A minimal frontend: fetch a page by its path, render its body, exhaustively.
// `npm run typecheck` proves it against types/contract.d.ts; a new block type
// in the contract makes the `never` check below fail until it is handled.
import type { Body, Image, Page, PagesListing, Site } from "../types/contract";

const API = "https://cms.example.com/api/v2";

type Block = Body[number];

export async function fetchPage(path: string): Promise<Page> {
  // find/ answers with a redirect to the page's detail URL, which fetch follows.
  const response = await fetch(`${API}/pages/find/?html_path=${encodeURIComponent(path)}`);
  if (!response.ok) {
    const error: { message: string } = await response.json();
    throw new Error(`${response.status}: ${error.message}`);
  }
  return (await response.json()) as Page;
}

export async function fetchSite(): Promise<Site> {
  return (await (await fetch(`${API}/site/`)).json()) as Site;
}

export async function fetchArticles(offset: number): Promise<PagesListing> {
  const url = `${API}/pages/?type=content.ArticlePage&fields=*&limit=20&offset=${offset}`;
  return (await (await fetch(url)).json()) as PagesListing;
}

function escape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function picture(image: Image, sizes = "100vw"): string {
  return `<img src="${image.renditions.medium_jpeg.url}" srcset="${image.srcset}" sizes="${sizes}" width="${image.width}" height="${image.height}" alt="${escape(image.alt)}">`;
}

// Compile time: every block type in the contract must have a case above.
// Run time: a block type newer than this client renders as nothing.
function unhandled(block: never): string {
  void block;
  return "";
}

export function renderBlock(block: Block): string {
  switch (block.type) {
    case "heading":
      return `<${block.value.level}>${escape(block.value.text)}</${block.value.level}>`;
    case "paragraph":
      return block.value; // display HTML, links already site paths
    case "image":
      return block.value ? `<figure>${picture(block.value)}<figcaption>${escape(block.value.caption)}</figcaption></figure>` : "";
    case "quote":
      return `<blockquote>${escape(block.value.text)}<cite>${escape(block.value.attribution)}</cite></blockquote>`;
    case "call_to_action":
      return block.value.href ? `<a class="cta" href="${escape(block.value.href)}">${escape(block.value.button_label)}</a>` : "";
    case "code":
      return `<pre><code class="language-${block.value.language}">${escape(block.value.code)}</code></pre>`;
    case "table":
      return `<table>${block.value.rows.map((row) => `<tr>${row.map((cell) => `<td>${cell ?? ""}</td>`).join("")}</tr>`).join("")}</table>`;
    case "cards":
      return block.value.cards.map((card) => `<a href="${escape(card.href ?? "#")}">${escape(card.title)}</a>`).join("");
    case "document":
      return block.value.document ? `<a href="${block.value.document.url}">${escape(block.value.label)}</a>` : "";
    case "video":
      return block.value.embed_url ? `<iframe src="${block.value.embed_url}" title="${escape(block.value.title)}"></iframe>` : "";
    default:
      return unhandled(block);
  }
}

export function renderPage(page: Page): string {
  const body = "body" in page ? page.body.map(renderBlock).join("\n") : "";
  return `<h1>${escape(page.title)}</h1>\n${body}`;
}
