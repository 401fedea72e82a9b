// The desk's expected arrivals: Alt+A opens the first one's pre-filled check-in.
// Browsers that honour the link's accesskey open it themselves; this covers the others
// (and synthesised keys), so the shortcut is one key everywhere.
(function () {
  "use strict";
  document.addEventListener("keydown", (event) => {
    if (!event.altKey || event.ctrlKey || event.metaKey || event.defaultPrevented) return;
    if (event.key !== "a" && event.key !== "A") return;
    const first = document.querySelector("[data-expected-first]");
    if (!first) return;
    event.preventDefault();
    window.location.assign(first.href);
  });
})();
