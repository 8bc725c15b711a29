/* 批量添加: poll a background import's progress until it ends. */
(function () {
  "use strict";
  var box = document.getElementById("import-status");
  if (!box) return;
  var bar = box.querySelector(".progress__bar");
  bar.style.width = bar.dataset.percent + "%";  // set here: no inline style attribute under the CSP
  if (box.dataset.finished) return;
  var progress = box.querySelector(".progress");
  var state = box.querySelector(".import-state");
  var processed = box.querySelector(".import-processed");
  var total = box.querySelector(".import-total");

  function poll() {
    fetch(box.dataset.progressUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
      .then(function (d) {
        bar.style.width = d.percent + "%";
        bar.textContent = d.percent + "%";
        progress.setAttribute("aria-valuenow", d.percent);
        state.textContent = d.status_display;
        processed.textContent = d.processed;
        total.textContent = d.total;
        if (d.finished) {
          window.location.href = d.next;
        } else {
          window.setTimeout(poll, 1000);
        }
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 500);
})();
