// The methodology editor: the sum of the ranked (not independent) weights, shown
// as the national admin types, and "move up / down" buttons on the tie-break rows
// (without JavaScript the order numbers do the same). Loaded as a file: the CSP
// forbids inline scripts.
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

  var chain = form.querySelector("[data-tie-breaks] tbody");
  if (!chain) {
    return;
  }

  function renumber() {
    chain.querySelectorAll("[data-tie-order]").forEach(function (input, index) {
      input.value = String(index + 1);
    });
  }

  function button(label, step) {
    var element = document.createElement("button");
    element.type = "button";
    element.className = "button button--secondary button--small";
    element.textContent = label;
    element.setAttribute("aria-label", label);
    element.dataset.move = String(step);
    return element;
  }

  chain.querySelectorAll("[data-tie-row]").forEach(function (row) {
    var cell = row.querySelector("[data-tie-order]").parentNode;
    cell.appendChild(button(form.dataset.moveUp || "↑", -1));
    cell.appendChild(button(form.dataset.moveDown || "↓", 1));
  });

  chain.addEventListener("click", function (event) {
    var target = event.target.closest("[data-move]");
    if (!target) {
      return;
    }
    var row = target.closest("[data-tie-row]");
    if (target.dataset.move === "-1" && row.previousElementSibling) {
      chain.insertBefore(row, row.previousElementSibling);
    } else if (target.dataset.move === "1" && row.nextElementSibling) {
      chain.insertBefore(row.nextElementSibling, row);
    }
    renumber();
    target.focus();
  });
})();
