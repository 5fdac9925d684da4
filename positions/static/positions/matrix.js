// The matrix page without reloads: a cell's evidence is fetched as a small HTML fragment
// into the side panel. Without JavaScript every link still works (a cell's link opens the
// same evidence in a full page). The round selector has a button on purpose: submitting on
// "change" would jump away at the first arrow key of a keyboard user.
(function () {
  "use strict";
  var panel = document.getElementById("evidence");
  var content = document.getElementById("evidence-content");
  var matrix = document.getElementById("matrix");
  if (!panel || !content || !matrix) return;
  var pending = null;

  function select_cell(link) {
    matrix.querySelectorAll(".cell-link[aria-current]").forEach(function (el) {
      el.removeAttribute("aria-current");
      el.parentElement.classList.remove("selected");
    });
    link.setAttribute("aria-current", "true");
    link.parentElement.classList.add("selected");
  }

  matrix.addEventListener("click", function (event) {
    var link = event.target.closest("a.cell-link");
    if (!link || event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    select_cell(link);
    panel.classList.add("loading");
    panel.setAttribute("aria-busy", "true");
    if (pending) pending.abort();
    var request = pending = new AbortController();
    fetch(link.dataset.fragment, { credentials: "same-origin", signal: request.signal, headers: { "X-Requested-With": "fetch" } })
      .then(function (response) {
        // A redirect means the session ended (the login page): let the full page handle it.
        if (!response.ok || response.redirected) throw new Error("HTTP " + response.status);
        return response.text();
      })
      .then(function (html) {
        content.innerHTML = html;
        history.replaceState(null, "", link.getAttribute("href").split("#")[0]);
        var heading = content.querySelector("h2");
        if (window.matchMedia("(max-width: 1099px)").matches) panel.scrollIntoView({ block: "start" });
        if (heading) heading.focus({ preventScroll: true });
      })
      .catch(function (error) {
        if (error.name === "AbortError") return;
        window.location.href = link.getAttribute("href");  // fall back to the full page
      })
      .finally(function () {
        if (request !== pending) return;  // a newer click owns the panel now
        panel.classList.remove("loading");
        panel.removeAttribute("aria-busy");
      });
  });
})();
