/* 显示完整号码 on the review page: post the form (CSRF token included), show the full value in
   place of the masked one. The server audits each reveal; without script the form posts and
   the browser shows the value as JSON. */
(function () {
  "use strict";
  document.querySelectorAll("form.reveal").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var button = form.querySelector("button");
      button.disabled = true;
      fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      })
        .then(function (response) {
          return response.json().then(function (data) {
            return { ok: response.ok, data: data };
          });
        })
        .then(function (result) {
          if (result.ok) {
            form.querySelector(".reveal__value").textContent = result.data.value;
            button.remove();
          } else {
            button.disabled = false;
            window.alert(result.data.detail || "");
          }
        })
        .catch(function () {
          button.disabled = false;
        });
    });
  });
})();
