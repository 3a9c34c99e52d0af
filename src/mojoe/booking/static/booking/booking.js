// Self-booking pages work without this script. It only stops a second tap on a button from sending a form
// twice (two codes, or a second try at a booking already on its way).
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.method.toLowerCase() !== "post") return;
    if (form.dataset.sending === "1") {
      event.preventDefault();
      return;
    }
    form.dataset.sending = "1";
    // The browser keeps this page in its back/forward cache: after "back" the form must work again.
    window.addEventListener("pageshow", function () { form.dataset.sending = ""; }, { once: true });
  });
})();
