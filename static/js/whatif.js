// The "what if" page: every change of a weight or normalisation posts the form to
// the preview URL, which ranks the run's inputs by the same engine and answers
// JSON; the ranking table, the moves and the weight sum follow. Without script
// the "recompute" button does the same by reloading the page. Loaded as a file:
// the CSP forbids inline scripts.
(function () {
  "use strict";
  var form = document.querySelector("[data-whatif-form]");
  if (!form) {
    return;
  }
  var rows = document.querySelector("[data-whatif-rows]");
  var sum = form.querySelector("[data-weight-sum]");
  var errors = document.querySelector("[data-whatif-errors]");
  var reasons = document.querySelector("[data-whatif-reasons]");
  var timer = null;
  var latest = 0;

  function cell(tag, text, className) {
    var element = document.createElement(tag);
    element.textContent = text === null ? "—" : String(text);
    if (className) {
      element.className = className;
    }
    return element;
  }

  function moveCell(row) {
    var td = document.createElement("td");
    var badge = cell("span", row.arrow, "badge badge--" + row.tone);
    badge.setAttribute("aria-hidden", "true");
    td.appendChild(badge);
    td.appendChild(cell("span", row.label, "visually-hidden"));
    return td;
  }

  function showRows(data) {
    var fragment = document.createDocumentFragment();
    data.rows.forEach(function (row) {
      var tr = document.createElement("tr");
      tr.appendChild(cell("td", row.new_rank, "num"));
      tr.appendChild(moveCell(row));
      var name = cell("th", row.name);
      name.setAttribute("scope", "row");
      tr.appendChild(name);
      tr.appendChild(cell("td", row.new_total, "num"));
      tr.appendChild(cell("td", row.old_rank, "num"));
      tr.appendChild(cell("td", row.old_total, "num"));
      fragment.appendChild(tr);
    });
    rows.replaceChildren(fragment);
    sum.textContent = data.weight_sum;
    sum.classList.toggle("weight-sum--off", !data.sums_to_hundred);
  }

  function showErrors(list) {
    reasons.replaceChildren.apply(
      reasons,
      list.map(function (reason) {
        return cell("li", reason);
      })
    );
    errors.hidden = list.length === 0;
    if (list.length) {
      sum.textContent = "?";
      sum.classList.add("weight-sum--off");
    }
  }

  function recompute() {
    var request = ++latest;
    fetch(form.dataset.previewUrl, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then(function (response) {
        return response.json();
      })
      .then(function (data) {
        if (request !== latest) {
          return; // an answer to an older change
        }
        showErrors(data.errors || []);
        if (!data.errors || !data.errors.length) {
          showRows(data);
        }
      })
      .catch(function () {
        // The button still recomputes by reloading the page.
      });
  }

  function schedule() {
    window.clearTimeout(timer);
    timer = window.setTimeout(recompute, 250);
  }

  form.addEventListener("input", schedule);
  form.addEventListener("change", schedule);
})();
