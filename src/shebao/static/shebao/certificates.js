/* Unit certificates in the browser (WebCrypto + IndexedDB).
 *
 * 申领: an ECDSA P-256 key pair is generated with extractable=false, so the private key can be
 * used to sign but never read out, not even by this script; the public key (SPKI) goes to the
 * server, which returns the certificate. Key and certificate are stored in IndexedDB.
 * 登录: fetch a one-time challenge, sign its bytes (ECDSA-SHA256, raw r||s as WebCrypto gives
 * it), put certificate + challenge + signature into the form and submit it with the
 * operator's username and password.
 */
(function () {
  "use strict";

  var DB_NAME = "shebao-certificates";
  var STORE = "certificates";

  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (match) return decodeURIComponent(match[1]);
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function openDb() {
    return new Promise(function (resolve, reject) {
      var request = indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = function () {
        request.result.createObjectStore(STORE, { keyPath: "serial" });
      };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  function withStore(mode, action) {
    return openDb().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(STORE, mode);
        var result = action(tx.objectStore(STORE));
        tx.oncomplete = function () { resolve(result.result !== undefined ? result.result : result); };
        tx.onerror = function () { reject(tx.error); };
      });
    });
  }

  function toBase64(buffer) {
    var bytes = new Uint8Array(buffer);
    var text = "";
    for (var i = 0; i < bytes.length; i++) text += String.fromCharCode(bytes[i]);
    return btoa(text);
  }

  function fromBase64(text) {
    var raw = atob(text);
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
    return bytes;
  }

  function show(element, text, isError) {
    element.textContent = text;
    element.hidden = false;
    element.className = "msg " + (isError ? "msg--error" : "msg--success");
  }

  function enrol(button) {
    var status = document.getElementById("enrol-status");
    if (!window.crypto || !crypto.subtle || !window.indexedDB) {
      show(status, "本浏览器不支持安全密钥存储（WebCrypto / IndexedDB），请使用证书文件方式", true);
      return;
    }
    button.disabled = true;
    var pair;
    crypto.subtle
      .generateKey({ name: "ECDSA", namedCurve: "P-256" }, false, ["sign", "verify"])
      .then(function (generated) {
        pair = generated;
        return crypto.subtle.exportKey("spki", pair.publicKey);
      })
      .then(function (spki) {
        return fetch(button.dataset.enrolUrl, {
          method: "POST",
          credentials: "same-origin",
          headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
          body: JSON.stringify({ public_key: toBase64(spki) }),
        });
      })
      .then(function (response) {
        return response.json().then(function (body) {
          if (!response.ok) throw new Error(body.detail || "证书申领失败");
          return body;
        });
      })
      .then(function (body) {
        return withStore("readwrite", function (store) {
          return store.put({
            serial: body.serial,
            unitNo: body.unit_no,
            unitName: body.unit_name,
            notAfter: body.not_after,
            certificate: body.certificate,
            privateKey: pair.privateKey,
          });
        }).then(function () { return body; });
      })
      .then(function (body) {
        show(status, body.message, false);
      })
      .catch(function (error) {
        show(status, error.message || String(error), true);
      })
      .finally(function () { button.disabled = false; });
  }

  function loadChoices(select) {
    return withStore("readonly", function (store) { return store.getAll(); }).then(function (items) {
      select.innerHTML = "";
      if (!items.length) {
        var none = document.createElement("option");
        none.value = "";
        none.textContent = select.dataset.empty;
        select.appendChild(none);
      }
      items.forEach(function (item) {
        var option = document.createElement("option");
        option.value = item.serial;
        option.textContent = item.unitNo + " " + item.unitName + "（序列号 " + item.serial + "，有效期至 " + item.notAfter + "）";
        select.appendChild(option);
      });
      return items;
    });
  }

  function loginForm(form) {
    var select = document.getElementById("certificate-choice");
    var scriptError = document.getElementById("certificate-login-script-error");
    var items = [];
    if (window.indexedDB) {
      loadChoices(select).then(function (found) { items = found; });
    }
    var signed = false;
    form.addEventListener("submit", function (event) {
      if (signed) return;
      event.preventDefault();
      var chosen = items.filter(function (item) { return item.serial === select.value; })[0];
      if (!chosen) {
        form.submit(); // the server says what is missing
        return;
      }
      var script = document.getElementById("certificates-js");
      var challenge;
      fetch(script.dataset.challengeUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrfToken() },
      })
        .then(function (response) {
          if (!response.ok) throw new Error("无法获取挑战码，请稍后再试");
          return response.json();
        })
        .then(function (body) {
          challenge = body.challenge;
          return crypto.subtle.sign(
            { name: "ECDSA", hash: "SHA-256" }, chosen.privateKey, fromBase64(challenge)
          );
        })
        .then(function (signature) {
          form.elements.certificate.value = chosen.certificate;
          form.elements.challenge.value = challenge;
          form.elements.signature.value = toBase64(signature);
          signed = true;
          form.submit();
        })
        .catch(function (error) { show(scriptError, error.message || String(error), true); });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var button = document.getElementById("enrol-browser");
    if (button) {
      // rendered disabled: a click before this script runs would do nothing
      button.addEventListener("click", function () { enrol(button); });
      button.disabled = false;
    }
    var form = document.getElementById("certificate-login");
    if (form) loginForm(form);
  });
})();
