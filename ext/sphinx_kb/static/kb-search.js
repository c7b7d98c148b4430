/* kb's search page (readers/search_pages.py): Pagefind's UI from the bundle beside the
   page; Sphinx's search where Pagefind cannot run (opened from disk, no bundle). */
(() => {
  const box = document.getElementById("kb-search");
  if (!box) return;
  const query = new URLSearchParams(window.location.search).get("q") || "";

  const load = (src) => new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = src;
    script.onload = resolve;
    script.onerror = reject;
    document.body.appendChild(script);
  });

  const sphinx = async () => {
    box.hidden = true;
    for (const src of box.dataset.fallback.split(" ")) await load(src);
  };

  if (window.location.protocol === "file:") { sphinx(); return; }
  const bundle = new URL(box.dataset.bundle, window.location.href);
  const root = new URL("..", bundle);
  const style = document.createElement("link");
  style.rel = "stylesheet";
  style.href = new URL("pagefind-ui.css", bundle).href;
  document.head.appendChild(style);
  load(new URL("pagefind-ui.js", bundle).href).then(() => {
    const ui = new PagefindUI({
      element: "#kb-search",
      bundlePath: bundle.pathname,
      baseUrl: root.pathname,
      showImages: false,
      showSubResults: false,
      autofocus: !query,
    });
    if (query) ui.triggerSearch(query);
  }, sphinx);
})();
