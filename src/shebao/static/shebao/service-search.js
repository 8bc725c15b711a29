/* The home page's service search, live: the same rule as the server's ?q= (every word of the
   query in the card's title or keywords, data-search), so the page works without this script
   and with it the cards filter as the clerk types. Empty modules and 常用业务 hide meanwhile. */
(function () {
  "use strict";
  var input = document.querySelector("[data-service-search]");
  var list = document.querySelector("[data-service-list]");
  if (!input || !list) return;
  var count = list.querySelector("[data-service-count]");
  var used = list.querySelector("[data-most-used]");
  var groups = list.querySelectorAll("[data-service-group]");
  function filter() {
    var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
    var shown = 0;
    groups.forEach(function (group) {
      var inGroup = 0;
      group.querySelectorAll("[data-service-card]").forEach(function (card) {
        var text = card.dataset.search || "";
        var match = words.every(function (w) { return text.indexOf(w) !== -1; });
        card.hidden = !match;
        if (match) inGroup += 1;
      });
      group.hidden = inGroup === 0;
      shown += inGroup;
    });
    if (used) used.hidden = words.length > 0;
    if (count) {
      count.textContent = !words.length ? "" : shown
        ? count.dataset.templateFound.replace("__N__", shown)
        : count.dataset.templateNone;
    }
  }
  input.addEventListener("input", filter);
  if (input.value) filter();
})();
