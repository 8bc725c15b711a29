/* Small behaviour shared by every page, bound here because the Content-Security-Policy allows
   no inline script or event handler:
   - input[type=file][data-file-name]: show the name of a file chosen through a styled button;
   - form[data-confirm]: ask before submitting;
   - form[data-submit-once]: disable its buttons once submitted (no double submission);
   - [data-print]: print the page;
   - input[data-select-all=NAME]: tick or clear every checkbox NAME of its form;
   - the phone menu button, wide tables, the messages (issue #12 §9, below). */
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

  // Phones: the header's menu and operator fold behind the 菜单 button. Without this script
  // the button stays hidden and the header simply wraps.
  var toggle = document.querySelector(".menu-toggle");
  if (toggle) {
    var bar = toggle.closest(".topbar");
    bar.classList.add("has-toggle");
    toggle.hidden = false;
    toggle.addEventListener("click", function () {
      var open = bar.classList.toggle("is-open");
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }

  // Wide tables scroll inside their own box instead of widening the page; a box that scrolls
  // is a named region in the tab order, so a keyboard can scroll it too.
  document.querySelectorAll("table.grid").forEach(function (table) {
    if (table.closest(".table-wrap, .report, dialog")) return;
    var wrap = document.createElement("div");
    wrap.className = "table-wrap";
    table.parentNode.insertBefore(wrap, table);
    wrap.appendChild(table);
  });
  // Card lists on phones: each cell carries its column's name.
  document.querySelectorAll("table.grid--cards").forEach(function (table) {
    var names = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
      return th.textContent.replace(/\s+/g, " ").trim();
    });
    table.querySelectorAll("tbody tr").forEach(function (tr) {
      Array.prototype.forEach.call(tr.cells, function (td, i) {
        if (td.colSpan === 1 && names[i]) td.setAttribute("data-label", names[i]);
      });
    });
  });
  function regionName(box) {
    var caption = box.querySelector("caption");
    var before = box.previousElementSibling;  // the heading just above the table, if any
    while (before && !/^H[1-6]$/.test(before.tagName)) before = before.previousElementSibling;
    var panel = box.closest(".panel, .tabpane, section");
    var head = panel && panel.querySelector(".panel__head, h2, h3");
    var text = (caption || before || head || document.querySelector("h1") || document.body).textContent;
    return text.replace(/\s+/g, " ").trim().slice(0, 60);
  }
  var boxes = document.querySelectorAll(".table-wrap, .report");
  function markScrolling() {
    boxes.forEach(function (box) {
      if (box.scrollWidth > box.clientWidth + 1) {
        if (!box.hasAttribute("tabindex")) {
          box.setAttribute("tabindex", "0");
          box.setAttribute("role", "region");
          box.setAttribute("aria-label", regionName(box));
        }
      } else if (box.getAttribute("tabindex") === "0") {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
      }
    });
  }
  markScrolling();
  window.addEventListener("resize", markScrolling);

  // The result of what was just done (e.g. 【添加校验】: 第 1 行已添加，校验通过) takes the
  // focus, so a keyboard continues from there, and is read out through the live region.
  var live = document.getElementById("live");
  window.shebaoAnnounce = function (text) {
    if (!live) return;
    live.textContent = "";
    window.setTimeout(function () { live.textContent = text; }, 100);
  };
  var news = document.querySelector(".container > .messages");
  if (news) {
    news.setAttribute("tabindex", "-1");
    if (document.activeElement === document.body || document.activeElement === null) {
      news.focus();
    }
    window.shebaoAnnounce(news.textContent.replace(/\s+/g, " ").trim());
  }
})();
