// The methodology editor: the sum of the ranked (not independent) weights, shown
// as the national admin types. Loaded as a file: the CSP forbids inline scripts.
(function () {
  "use strict";
  var form = document.querySelector("[data-methodology-form]");
  if (!form) {
    return;
  }
  var output = form.querySelector("[data-weight-sum]");

  function parse(text) {
    var value = Number(String(text).trim().replace(",", "."));
    return isFinite(value) ? value : NaN;
  }

  function update() {
    var total = 0;
    var valid = true;
    form.querySelectorAll("[data-weight]").forEach(function (input) {
      var flag = form.querySelector('[data-independent="' + input.dataset.weight + '"]');
      if (flag && flag.checked) {
        return;
      }
      var value = parse(input.value);
      if (isNaN(value)) {
        valid = false;
      } else {
        total += value;
      }
    });
    var rounded = Math.round(total * 100) / 100;
    output.textContent = valid ? rounded.toLocaleString(document.documentElement.lang || "id") : "?";
    output.classList.toggle("weight-sum--off", !valid || rounded !== 100);
  }

  form.addEventListener("input", update);
  form.addEventListener("change", update);
  update();
})();
