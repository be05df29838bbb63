/* The progress bar of an upload being checked or saved in the background: asks the
   server every second where the job is, moves the bar, and reloads the page when the
   job is done so that the preview or the result shows. Without this script the page
   refreshes itself (a <noscript> meta refresh) and offers a "refresh" link. */
(function () {
  "use strict";

  var box = document.querySelector("[data-upload-progress]");
  if (!box || !window.fetch) {
    return;
  }
  var bar = box.querySelector("progress");
  var text = box.querySelector("[data-upload-text]");
  var refresh = box.querySelector("[data-upload-refresh]");
  var detail = box.querySelector("[data-upload-detail]");
  var url = box.getAttribute("data-status-url");
  var EVERY = 1000;
  var AFTER_ERROR = 5000;

  if (refresh) {
    refresh.hidden = true;
  }

  function show(state) {
    var percent = Math.max(0, Math.min(100, Number(state.progress) || 0));
    bar.value = percent;
    bar.textContent = percent + " %";
    // Written only when it changes, so screen readers announce each step once.
    var label = state.status_label + " · " + percent + " %";
    if (text.textContent !== label) {
      text.textContent = label;
    }
    if (detail && state.detail && detail.textContent !== state.detail) {
      detail.textContent = state.detail;
    }
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.json();
      })
      .then(function (state) {
        show(state);
        if (state.done) {
          window.location.reload();
        } else {
          window.setTimeout(poll, EVERY);
        }
      })
      .catch(function () {
        if (refresh) {
          refresh.hidden = false;
        }
        window.setTimeout(poll, AFTER_ERROR);
      });
  }

  window.setTimeout(poll, EVERY);
})();
