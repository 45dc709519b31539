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

  // The territory picker's filter: rows that do not match are hidden, a region with no match too
  // (unless its own name matches: then all its rows stay).
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
      const regionMatches = words !== "" && folded(region.dataset.words ?? "").includes(words);
      let regionShown = 0;
      for (const row of region.querySelectorAll("[data-words]:not(.territory-region)")) {
        const visible = words === "" || regionMatches || folded(row.dataset.words ?? "").includes(words);
        row.hidden = !visible;
        if (visible) regionShown++;
      }
      region.hidden = regionShown === 0;
      shown += regionShown;
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
