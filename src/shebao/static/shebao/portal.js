/* Small behaviour shared by every page, bound here because the Content-Security-Policy allows
   no inline script or event handler:
   - input[type=file][data-file-name]: show the name of a file chosen through a styled button;
   - form[data-confirm]: ask before submitting;
   - form[data-submit-once]: disable its buttons once submitted (no double submission);
   - [data-print]: print the page;
   - input[data-select-all=NAME]: tick or clear every checkbox NAME of its form. */
(function () {
  "use strict";
  document.querySelectorAll("input[type=file][data-file-name]").forEach(function (input) {
    var target = document.getElementById(input.dataset.fileName);
    if (!target) return;
    input.addEventListener("change", function () {
      if (!input.files.length) return;
      var f = input.files[0];
      target.textContent = f.name + " (" + Math.max(1, Math.round(f.size / 1024)) + " KB)";
    });
  });
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.dataset.confirm !== undefined && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
      return;
    }
    if (form.dataset.submitOnce !== undefined) {
      // after the submission has taken the clicked button's name and value
      window.setTimeout(function () {
        form.querySelectorAll("button").forEach(function (b) { b.disabled = true; });
      }, 0);
    }
  });
  document.querySelectorAll("[data-print]").forEach(function (el) {
    el.addEventListener("click", function () { window.print(); });
  });
  document.querySelectorAll("input[data-select-all]").forEach(function (box) {
    box.addEventListener("click", function () {
      var name = box.dataset.selectAll;
      box.form.querySelectorAll("input[name='" + name + "']").forEach(function (b) { b.checked = box.checked; });
    });
  });
})();
