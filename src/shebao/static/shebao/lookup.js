/* 人员信息查询窗口: query persons of the acting unit whom the wizard's service may name (the
   spec's look-up hook), page 10 at a time, pick one into the form with every field it knows.
   The list and the pick show masked ID numbers only: the form posts the chosen person's id
   (picked_person) and the server fills in the full number. Typing in the field drops the pick. */
(function () {
  "use strict";
  var dialog = document.getElementById("lookup-dialog");
  var rowForm = document.getElementById("row-form");
  if (!dialog || !rowForm) return;
  var form = document.getElementById("lookup-form");
  var tbody = dialog.querySelector("#lookup-table tbody");
  var pager = document.getElementById("lookup-pager");
  // Read out how many persons a search found: a live region inside the dialog, since a modal
  // dialog hides the page's own one.
  var found = document.createElement("p");
  found.className = "visually-hidden";
  found.setAttribute("role", "status");
  pager.parentNode.insertBefore(found, pager);
  var okButton = document.getElementById("lookup-ok");
  var texts = document.getElementById("lookup-texts").dataset;
  var state = { page: 1, pages: 1, selected: null };

  function cell(text) {
    var td = document.createElement("td");
    td.textContent = text == null ? "" : String(text);
    return td;
  }

  function message(text) {
    tbody.innerHTML = "";
    var tr = document.createElement("tr");
    var td = cell(text);
    td.colSpan = 11;
    td.className = "empty";
    tr.appendChild(td);
    tbody.appendChild(tr);
  }

  function select(tr, id) {
    tbody.querySelectorAll("tr.is-selected").forEach(function (r) { r.classList.remove("is-selected"); });
    tr.classList.add("is-selected");
    state.selected = id;
    okButton.disabled = false;
  }

  function render(data) {
    tbody.innerHTML = "";
    state.page = data.page;
    state.pages = data.pages;
    state.selected = null;
    okButton.disabled = true;
    if (!data.results.length) {
      message(texts.empty);
    }
    data.results.forEach(function (p) {
      var tr = document.createElement("tr");
      [p.seq, p.person_no, p.id_number, p.id_type, p.name, p.gender, p.birth_date,
        p.unit_no, p.unit_name, p.region].forEach(function (v) { tr.appendChild(cell(v)); });
      var td = document.createElement("td");
      var button = document.createElement("button");
      button.type = "button";
      button.className = "btn btn--small";
      button.textContent = texts.pick;
      button.addEventListener("click", function (e) { e.stopPropagation(); pick(p.id); });
      td.appendChild(button);
      tr.appendChild(td);
      tr.addEventListener("click", function () { select(tr, p.id); });
      tr.addEventListener("dblclick", function () { pick(p.id); });
      tbody.appendChild(tr);
    });
    pager.hidden = false;
    pager.querySelector(".pos").textContent = data.page + " / " + data.pages;
    pager.querySelector(".total").textContent = texts.total.replace("%(n)s", data.count);
    found.textContent = texts.total.replace("%(n)s", data.count);
    pager.querySelector("[data-go=first]").disabled = data.page <= 1;
    pager.querySelector("[data-go=prev]").disabled = data.page <= 1;
    pager.querySelector("[data-go=next]").disabled = data.page >= data.pages;
    pager.querySelector("[data-go=last]").disabled = data.page >= data.pages;
  }

  function query(page) {
    var params = new URLSearchParams(new FormData(form));
    params.set("page", page);
    fetch(form.action + "?" + params.toString(), { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
      .then(render)
      .catch(function () { message(texts.error); });
  }

  function setField(name, value) {
    var input = rowForm.querySelector("[name='" + name + "']");
    if (input) {
      input.value = value;
      input.dispatchEvent(new Event("change", { bubbles: true }));
    }
  }

  function pick(id) {
    var url = dialog.dataset.pickUrl.replace(/0\/$/, id + "/");
    if (dialog.dataset.service) url += "?service=" + encodeURIComponent(dialog.dataset.service);
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
      .then(function (p) {
        setField("id_number", p.id_number);
        setField("picked_person", p.id);
        setField("name", p.name);
        setField("person_no", p.person_no);
        Object.keys(p.fill || {}).forEach(function (name) {
          if (name !== "id_number") setField(name, p.fill[name]);
        });
        dialog.close();
      })
      .catch(function () { message(texts.error); });
  }

  var idInput = rowForm.querySelector("[name='id_number']");
  if (idInput) {
    idInput.addEventListener("input", function () { setField("picked_person", ""); });
  }

  document.querySelectorAll(".lookup-open").forEach(function (button) {
    button.addEventListener("click", function () {
      var typed = rowForm.querySelector("[name='id_number']");
      var value = typed ? typed.value.trim() : "";
      document.getElementById("lk-id-number").value = value.indexOf("*") < 0 ? value : "";
      dialog.showModal();
      query(1);
    });
  });
  dialog.querySelectorAll(".lookup-close").forEach(function (b) {
    b.addEventListener("click", function () { dialog.close(); });
  });
  form.addEventListener("submit", function (e) { e.preventDefault(); query(1); });
  pager.addEventListener("click", function (e) {
    var go = e.target.dataset && e.target.dataset.go;
    if (!go) return;
    var page = { first: 1, prev: state.page - 1, next: state.page + 1, last: state.pages }[go];
    query(Math.min(Math.max(page, 1), state.pages));
  });
  okButton.addEventListener("click", function () { if (state.selected) pick(state.selected); });
})();
