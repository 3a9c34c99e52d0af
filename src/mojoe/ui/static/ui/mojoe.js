// Small behaviours the pages share. Everything works without it except dialogs opening as modals.
(function () {
  "use strict";
  // A fragment swapped into #dialog-root that contains <dialog class="modal"> opens as a modal dialog.
  // Opened after settling, when htmx has wired up the fragment, so the first keystroke already searches.
  document.addEventListener("htmx:afterSettle", function (event) {
    var root = document.getElementById("dialog-root");
    if (!root || !root.contains(event.detail.target)) return;
    var dialog = root.querySelector("dialog.modal");
    if (dialog && !dialog.open) {
      dialog.showModal();
      var first = dialog.querySelector("[autofocus], input, select, button");
      if (first) first.focus();
    }
  });
  // Closing a dialog empties it, so stale forms never come back.
  document.addEventListener("close", function (event) {
    if (event.target.matches && event.target.matches("dialog.modal")) event.target.remove();
  }, true);
  // Pages that change the schedule ask the page to refresh what it shows.
  document.body && document.body.addEventListener("mojoe:close-dialog", function () {
    var dialog = document.querySelector("#dialog-root dialog.modal");
    if (dialog) dialog.close();
  });
  // The "now" marker follows the clock.
  function placeNow() {
    document.querySelectorAll("[data-now-line]").forEach(function (line) {
      var start = Number(line.dataset.dayStart), minutes = Number(line.dataset.minutes), hour = Number(line.dataset.hourPx);
      var offsetMinutes = (Date.now() - start) / 60000;
      if (offsetMinutes < 0 || offsetMinutes > minutes) { line.hidden = true; return; }
      line.hidden = false;
      line.style.top = (offsetMinutes / 60 * hour) + "px";
    });
  }
  placeNow();
  setInterval(placeNow, 60000);
  document.addEventListener("htmx:afterSettle", placeNow);
  // What the server reports after a change, read out to screen readers too.
  document.body && document.body.addEventListener("mojoe:notice", function (event) {
    var toast = document.getElementById("toast");
    if (!toast) {
      toast = document.createElement("div");
      toast.id = "toast";
      toast.className = "toast";
      toast.setAttribute("role", "status");
      document.body.appendChild(toast);
    }
    toast.textContent = event.detail.value || event.detail;
    toast.hidden = false;
    clearTimeout(toast._timer);
    toast._timer = setTimeout(function () { toast.hidden = true; }, 6000);
  });
})();
