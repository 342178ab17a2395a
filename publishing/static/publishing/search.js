// The exported site's search page: Pagefind's UI over the index in /pagefind/,
// started with the words of ?q= when the header's search form sent some.
window.addEventListener("DOMContentLoaded", () => {
  const ui = new PagefindUI({ element: "#search", showSubResults: false, showImages: false });
  const query = new URLSearchParams(window.location.search).get("q");
  if (query) {
    ui.triggerSearch(query);
  }
});
