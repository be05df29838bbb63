/* Live totals on the coverage entry form, and "add a row" for its free tables.
   Progressive enhancement: without this script the form still works (extra empty
   rows are there) and the server decides what is valid; this only shows the sums
   and percentages as people type, formatted the way the page's language writes them. */
(function () {
  "use strict";

  var form = document.querySelector("[data-coverage-form]");
  if (!form) {
    return;
  }
  var texts = JSON.parse(document.getElementById("coverage-texts").textContent);
  var lang = document.documentElement.lang || "id";
  var commaGroups = lang.slice(0, 2) === "en";
  var wholeFormat = new Intl.NumberFormat(lang, { maximumFractionDigits: 0 });
  var pctFormat = new Intl.NumberFormat(lang, {
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  });
  var minimum = Number(form.dataset.minimum);
  var jump = Number(form.dataset.jump);
  var target = Number(form.dataset.villageTarget);
  var villagesTotal = Number(form.dataset.villagesTotal);
  var numberMax = Number(form.dataset.numberMax);
  var decimalMark = commaGroups ? "." : ",";
  var previous = form.dataset.previousCoverage
    ? Number(form.dataset.previousCoverage)
    : null;

  /* "1.234.567", "1234567" and " 1 234 567 " are 1234567; anything else is NaN. */
  function parse(text) {
    var compact = String(text || "").replace(/[\s\u00a0\u202f]+/g, "");
    if (compact === "") {
      return null;
    }
    if (/^\d+$/.test(compact)) {
      return Number(compact);
    }
    if (/^\d{1,3}(\.\d{3})+$/.test(compact)) {
      return Number(compact.replace(/\./g, ""));
    }
    if (commaGroups && /^\d{1,3}(,\d{3})+$/.test(compact)) {
      return Number(compact.replace(/,/g, ""));
    }
    return NaN;
  }

  /* Why a typed number is not read (the server's own rules, in words), or "". */
  function problem(text) {
    var compact = String(text || "").replace(/[\s\u00a0\u202f]+/g, "");
    var unsigned = compact.replace(/^[-\u2212]/, "");
    var number = parse(unsigned);
    if (number === null) {
      return compact === "" ? "" : texts.notNumber;
    }
    if (known(number)) {
      if (unsigned !== compact) {
        return texts.negative;
      }
      return number > numberMax ? texts.tooLarge : "";
    }
    if (!/^[0-9.,]+$/.test(unsigned)) {
      return texts.notNumber;
    }
    return unsigned.indexOf(decimalMark) >= 0 ? texts.decimals : texts.grouping;
  }

  function known(n) {
    return typeof n === "number" && isFinite(n);
  }

  function valueOf(element) {
    return element ? parse(element.value) : null;
  }

  function field(name) {
    return valueOf(form.elements.namedItem(name));
  }

  function within(row, suffix) {
    return valueOf(row.querySelector('[name$="' + suffix + '"]'));
  }

  /* part ÷ whole × 100, two places, as the server rounds (half up). */
  function pct(part, whole) {
    if (!known(part) || !known(whole) || whole <= 0) {
      return null;
    }
    return Math.round((part * 10000) / whole) / 100;
  }

  function showPct(p) {
    return p === null ? "—" : pctFormat.format(p) + " %";
  }

  function showWhole(n) {
    return known(n) ? wholeFormat.format(n) : "—";
  }

  function showRupiah(n) {
    return known(n) ? "Rp" + wholeFormat.format(Math.round(n)) : "—";
  }

  /* Per worker-month with cents: Rp16.799,96 must not look like the minimum. */
  function showRate(n) {
    return "Rp" + pctFormat.format(Math.round(n * 100) / 100);
  }

  function fill(text, values) {
    return text.replace(/%\((\w+)\)s/g, function (all, key) {
      return key in values ? values[key] : all;
    });
  }

  function put(scope, name, text, state) {
    scope.querySelectorAll('[data-out="' + name + '"]').forEach(function (el) {
      el.textContent = text;
      if (state) {
        el.setAttribute("data-state", state);
      } else {
        el.removeAttribute("data-state");
      }
    });
  }

  /* The line keeps its place when empty, so the sections below do not move. */
  function check(name, text, state) {
    var el = form.querySelector('[data-out="' + name + '"]');
    if (!el) {
      return;
    }
    el.hidden = false;
    el.textContent = text || "";
    el.setAttribute("data-state", state || "");
  }

  /* A line beside each number box, kept in the layout so nothing moves when it
     fills; the box points to it for screen readers. */
  function addHint(input) {
    var hint = document.createElement("span");
    hint.className = "live-hint";
    hint.id = input.id + "_hint";
    hint.setAttribute("aria-live", "polite");
    hint.setAttribute("data-state", "error");
    input.insertAdjacentElement("afterend", hint);
    var described = input.getAttribute("aria-describedby");
    input.setAttribute("aria-describedby", (described ? described + " " : "") + hint.id);
    return hint;
  }

  function hint(input, text) {
    var el = document.getElementById(input.id + "_hint") || addHint(input);
    if (el.textContent !== text) {
      el.textContent = text;
    }
  }

  /* After a refused save the server's message is there already; the live one
     takes over once the box is edited. */
  var edited = new WeakSet();

  function formats() {
    form.querySelectorAll("input.input-number").forEach(function (input) {
      var refused = input.getAttribute("aria-invalid") === "true";
      hint(input, refused && !edited.has(input) ? "" : problem(input.value));
    });
  }

  function sumOf(values) {
    var present = values.filter(known);
    return present.length ? present.reduce(function (a, b) {
          return a + b;
        }, 0) : null;
  }

  function coverage() {
    var workforce = field("angkatan_kerja");
    var formal = field("pekerja_formal");
    var informal = field("pekerja_informal");
    var pu = field("peserta_pu");
    var bpu = field("peserta_bpu");
    var total = null;
    if (known(pu) && known(bpu)) {
      total = pu + bpu + (sumOf([field("peserta_jakon"), field("peserta_pmi")]) || 0);
    }
    var covered = pct(total, workforce);
    put(form, "participants", showWhole(total));
    put(form, "coverage", showPct(covered));
    put(form, "coverage-pu", showPct(pct(pu, formal)));
    put(form, "coverage-bpu", showPct(pct(bpu, informal)));
    growth(covered);
    workforceSum(workforce, formal, informal);
    var above = known(total) && known(workforce) && total > workforce;
    check("participants-check", above ? texts.above : "", "error");
  }

  function growth(covered) {
    if (previous === null) {
      return;
    }
    if (covered === null) {
      put(form, "growth", "—");
      return;
    }
    var points = Math.round((covered - previous) * 100) / 100;
    var text = (points > 0 ? "+" : "") + pctFormat.format(points) + " pp";
    if (Math.abs(points) > jump) {
      put(form, "growth", text + " · " + texts.jump, "warn");
    } else {
      put(form, "growth", text);
    }
  }

  function workforceSum(workforce, formal, informal) {
    if (!known(formal) || !known(informal)) {
      put(form, "workforce-sum", "—");
      check("workforce-check", "");
      return;
    }
    var sum = formal + informal;
    if (!known(workforce)) {
      put(form, "workforce-sum", showWhole(sum));
      check("workforce-check", "");
      return;
    }
    var text = showWhole(sum) + " · ";
    if (sum === workforce) {
      text += "✓ " + texts.matches;
      put(form, "workforce-sum", text, "ok");
      check("workforce-check", text, "ok");
    } else {
      text += "✗ " + fill(texts.differs, { n: showWhole(Math.abs(sum - workforce)) });
      put(form, "workforce-sum", text, "error");
      check("workforce-check", text, "error");
    }
  }

  function nonAsn() {
    var eligible = 0;
    var protectedTotal = 0;
    var complete = 0;
    form.querySelectorAll("[data-non-asn-row]").forEach(function (row) {
      var e = within(row, "__eligible");
      var p = within(row, "__protected");
      var rowPct = pct(p, e);
      var above = known(p) && known(e) && p > e;
      put(row, "row-pct", showPct(rowPct), above ? "error" : "");
      var box = row.querySelector('[name$="__protected"]');
      if (above && box) {
        hint(box, texts.protectedAbove);
      }
      if (known(e) && known(p)) {
        eligible += e;
        protectedTotal += p;
        complete += 1;
      }
    });
    var share = complete ? pct(protectedTotal, eligible) : null;
    put(form, "non-asn-eligible", complete ? showWhole(eligible) : "—");
    put(form, "non-asn-protected", complete ? showWhole(protectedTotal) : "—");
    put(form, "non-asn-pct", showPct(share));
    put(form, "non-asn-summary", showPct(share));
  }

  function vulnerable() {
    var workers = [];
    var workerMonths = 0;
    var rupiah = 0;
    var complete = 0;
    var table = form.querySelector('[data-formset="vulnerable"]');
    table.querySelectorAll("tr[data-line-row]").forEach(function (row) {
      var w = within(row, "-workers");
      var m = within(row, "-months");
      var r = within(row, "-rupiah");
      workers.push(w);
      if (known(w) && known(m) && known(r) && w * m > 0) {
        workerMonths += w * m;
        rupiah += r;
        complete += 1;
        rate(row, "row-rate", r / (w * m));
      } else {
        put(row, "row-rate", "—");
      }
    });
    var totalWorkers = sumOf(workers);
    put(table, "vulnerable-workers", showWhole(totalWorkers));
    put(table, "vulnerable-worker-months", complete ? showWhole(workerMonths) : "—");
    put(table, "vulnerable-rupiah", complete ? showRupiah(rupiah) : "—");
    put(
      form,
      "vulnerable-summary",
      known(totalWorkers) ? fill(texts.workers, { n: showWhole(totalWorkers) }) : "—"
    );
    if (complete) {
      rate(table, "vulnerable-rate", rupiah / workerMonths);
      rate(form, "rate-summary", rupiah / workerMonths);
    } else {
      put(table, "vulnerable-rate", "—");
      put(form, "rate-summary", "—");
    }
  }

  function rate(scope, name, value) {
    if (value < minimum) {
      put(scope, name, showRate(value) + " · " + texts.belowMinimum, "warn");
    } else {
      put(scope, name, showRate(value), "ok");
    }
  }

  function villages() {
    var table = form.querySelector('[data-formset="villages"]');
    var rows = 0;
    var reaching = 0;
    table.querySelectorAll("tr[data-line-row]").forEach(function (row) {
      var w = within(row, "-workers");
      if (known(w)) {
        rows += 1;
        reaching += w >= target ? 1 : 0;
      }
    });
    /* As the saved report counts it: desa reaching the target ÷ all desa of the
       region, not ÷ the rows typed. */
    var share = pct(reaching, villagesTotal);
    put(
      table,
      "villages-target",
      rows && share !== null
        ? fill(texts.reaching, {
            pct: showPct(share),
            n: showWhole(reaching),
            total: showWhole(villagesTotal),
          })
        : "—"
    );
  }

  function update() {
    formats();
    coverage();
    nonAsn();
    vulnerable();
    villages();
  }

  var announcer = document.createElement("p");
  announcer.className = "visually-hidden";
  announcer.setAttribute("role", "status");
  form.appendChild(announcer);

  function addRow(button) {
    var prefix = button.getAttribute("data-add-row");
    var template = document.getElementById(prefix + "-empty-row");
    var total = form.elements.namedItem(prefix + "-TOTAL_FORMS");
    var most = form.elements.namedItem(prefix + "-MAX_NUM_FORMS");
    var body = form.querySelector('[data-formset="' + prefix + '"] tbody');
    var index = Number(total.value);
    if (most && index >= Number(most.value)) {
      return;
    }
    var html = template.innerHTML
      .replace(/__prefix__/g, String(index))
      .replace(/__number__/g, String(index + 1));
    body.insertAdjacentHTML("beforeend", html);
    total.value = String(index + 1);
    var rows = body.querySelectorAll("tr[data-line-row]");
    var first = rows[rows.length - 1].querySelector("select, input");
    if (first) {
      first.focus();
    }
    announcer.textContent = fill(texts.added, { n: index + 1 });
  }

  form.querySelectorAll("[data-add-row]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      addRow(button);
    });
  });
  form.querySelectorAll("[data-summary]").forEach(function (el) {
    el.hidden = false;
  });
  /* Enter in a box must not save the whole report half-typed; the Save buttons
     still do. */
  form.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.key !== "Enter" || target.tagName !== "INPUT") {
      return;
    }
    if (target.type === "submit" || target.type === "button") {
      return;
    }
    event.preventDefault();
  });
  form.addEventListener("input", function (event) {
    edited.add(event.target);
    update();
  });
  form.addEventListener("change", update);
  update();
})();
