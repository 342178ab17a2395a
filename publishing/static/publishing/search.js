// The exported site's search page: Pagefind's UI over the index in /pagefind/,
// started with the words of ?q= when the header's search form sent some. A large site's
// index comes in several bundles (data-merge-bundles): their results are merged in.
window.addEventListener("DOMContentLoaded", () => {
  const merged = (document.getElementById("search").dataset.mergeBundles || "").split(" ").filter(Boolean);
  const ui = new PagefindUI({
    element: "#search",
    showSubResults: false,
    showImages: false,
    mergeIndex: merged.map((bundlePath) => ({ bundlePath })),
  });
  const query = new URLSearchParams(window.location.search).get("q");
  if (query) {
    ui.triggerSearch(query);
  }
});
