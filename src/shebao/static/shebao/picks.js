/* The running total under a tickable info table (portal/wizard/_info_pick.html): count and
   sum of the ticked rows' data-pick-amount, in integer cents (no float rounding), printed
   1,391,675.60 like the server's money filter. The confirmation page computes the same
   total on the server, so nothing depends on this script. */
(function () {
  "use strict";
  function cents(text) {
    var m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(text || "");
    if (!m) return 0;
    var c = parseInt(m[2], 10) * 100 + parseInt(((m[3] || "") + "00").slice(0, 2), 10);
    return m[1] ? -c : c;
  }
  function money(c) {
    var sign = c < 0 ? "-" : "";
    c = Math.abs(c);
    var yuan = Math.floor(c / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
    return sign + yuan + "." + ("0" + (c % 100)).slice(-2);
  }
  document.querySelectorAll("[data-pick-total]").forEach(function (box) {
    var name = box.dataset.pickTotal;
    var boxes = document.querySelectorAll("input[type=checkbox][name='" + name + "'][data-pick-amount]");
    function update() {
      var n = 0, sum = 0;
      boxes.forEach(function (b) {
        if (b.checked) { n += 1; sum += cents(b.dataset.pickAmount); }
      });
      box.querySelector("[data-pick-count]").textContent = String(n);
      box.querySelector("[data-pick-sum]").textContent = money(sum);
    }
    boxes.forEach(function (b) {
      b.addEventListener("change", update);
      if (b.form) b.form.addEventListener("reset", function () { window.setTimeout(update, 0); });
    });
    box.hidden = false;
    update();
  });
})();
