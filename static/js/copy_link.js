// A "Copy" button beside a read-only link field: it is added only when the browser
// can copy, so without JavaScript the link stays selectable text in its field.
(function () {
  "use strict";
  document.querySelectorAll("[data-copy-target]").forEach(function (button) {
    var field = document.getElementById(button.dataset.copyTarget);
    var status = document.getElementById(button.dataset.copyStatus);
    if (!field || !navigator.clipboard) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(field.value).then(
        function () {
          status.textContent = button.dataset.copied;
        },
        function () {
          field.select();
          status.textContent = button.dataset.failed;
        }
      );
    });
  });
})();
