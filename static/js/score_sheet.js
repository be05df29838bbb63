// The score sheet saves its draft in the background as the assessor works: each
// change posts the form to the autosave endpoint, which answers the new version.
// A dropped connection keeps the change pending and retries when the browser is
// back online; a stale page (409) stops saving and says so. Loaded as a file: the
// CSP forbids inline scripts. Without JavaScript the form's buttons still work.
(function () {
  "use strict";
  var form = document.querySelector("[data-score-sheet]");
  if (!form || form.querySelector("fieldset[disabled]")) {
    return;
  }
  var url = form.dataset.autosaveUrl;
  var version = form.querySelector("[data-version]");
  var status = form.querySelector("[data-autosave-status]");
  var timer = null;
  var pending = false;
  var saving = false;
  var stopped = false;

  function say(text) {
    if (status) {
      status.textContent = text;
    }
  }

  function save() {
    if (stopped || saving || !pending) {
      return;
    }
    pending = false;
    saving = true;
    var body = new FormData(form);
    body.delete("submit");
    fetch(url, { method: "POST", body: body, credentials: "same-origin" })
      .then(function (response) {
        return response.json().then(function (data) {
          return { status: response.status, data: data };
        });
      })
      .then(function (answer) {
        saving = false;
        if (answer.status === 200) {
          version.value = answer.data.version;
          say(form.dataset.savedText || "✓");
          save();
        } else {
          stopped = answer.status === 409 || answer.status === 403;
          say(answer.data.error || "!");
        }
      })
      .catch(function () {
        saving = false;
        pending = true;
        say("…");
      });
  }

  function later(delay) {
    pending = true;
    window.clearTimeout(timer);
    timer = window.setTimeout(save, delay);
  }

  form.addEventListener("change", function () { later(0); });
  form.addEventListener("input", function (event) {
    if (event.target.tagName === "TEXTAREA") {
      later(800);
    }
  });
  window.addEventListener("online", save);
})();
