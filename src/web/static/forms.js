// Help for the workspace's forms. Every form works without it: the summary's links lead to
// their field, the territory picker is plain checkboxes. Served from our origin (strict CSP).
(() => {
  const fields = "input:not([type=hidden]):not([disabled]), select, textarea";

  // A summary link moves the focus to its field (or the first input of its group) and brings
  // the field's label into view, which the browser's own jump to the id does not do.
  document.addEventListener("click", (event) => {
    const link = event.target instanceof Element ? event.target.closest(".error-summary a[href^='#']") : null;
    if (!link) return;
    const target = document.getElementById(decodeURIComponent(link.getAttribute("href").slice(1)));
    if (!target) return;
    const field = target.matches(fields) ? target : target.querySelector(fields);
    if (!field) return;
    event.preventDefault();
    (field.closest(".field, fieldset, .check") ?? field).scrollIntoView({ block: "center" });
    field.focus({ preventScroll: true });
    history.replaceState(null, "", link.getAttribute("href"));
  });

  // Letters as people type them: no case, no accents, Arabic without its short vowels.
  const folded = (text) =>
    text
      .normalize("NFD")
      .replace(/[\u0300-\u036f\u064b-\u065f\u0670\u0640]/g, "")
      .toLocaleLowerCase()
      .trim();

  // The territory picker's filter: rows whose names do not match are hidden, and a region left
  // with none. A region named by what was typed shows all its rows when none matches by itself
  // ("oriental": its provinces; "tetouan": the province, not all of Tanger-Tétouan-Al Hoceïma).
  document.addEventListener("input", (event) => {
    const box = event.target;
    if (!(box instanceof HTMLInputElement) || !box.matches("[data-territory-filter]")) return;
    const picker = box.closest(".territory-picker");
    if (!picker) return;
    const words = folded(box.value);
    // What is folded away is searched too: a match there is shown.
    if (words) for (const folder of picker.querySelectorAll("details")) folder.open = true;
    let shown = 0;
    for (const region of picker.querySelectorAll(".territory-region")) {
      const rows = [...region.querySelectorAll("li[data-words]")];
      const matching = rows.filter((row) => folded(row.dataset.words ?? "").includes(words));
      const regionMatches = words !== "" && folded(region.dataset.words ?? "").includes(words);
      const provinceMatches = matching.some((row) => !row.classList.contains("whole-region"));
      const visible = new Set(words === "" || (regionMatches && !provinceMatches) ? rows : matching);
      for (const row of rows) row.hidden = !visible.has(row);
      region.hidden = visible.size === 0;
      shown += visible.size;
    }
    const none = picker.querySelector("[data-territory-none]");
    if (none) none.hidden = shown > 0;
  });

  const awaken = (root) => {
    for (const box of root.querySelectorAll("[data-territory-filter]"))
      box.closest("[hidden]")?.removeAttribute("hidden");
  };
  document.addEventListener("htmx:load", (event) => awaken(event.detail.elt));
  document.addEventListener("DOMContentLoaded", () => {
    awaken(document);
    // A refused form: the summary is read first, and a keyboard starts from it.
    document.querySelector(".error-summary")?.focus();
  });
})();
