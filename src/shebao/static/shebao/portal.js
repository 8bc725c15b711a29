/* Small behaviour shared by every page: show the name of a file chosen through a styled button. */
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
})();
