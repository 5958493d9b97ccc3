// claimcheck HTML report: filters. Inline, no network; the page's CSP allows this script only.
(function () {
  "use strict";
  var byId = function (id) { return document.getElementById(id); };
  var findings = Array.prototype.slice.call(document.querySelectorAll("article.finding"));
  var groups = Array.prototype.slice.call(document.querySelectorAll("section.group"));
  var form = byId("filters");
  if (!form) { return; }
  var controls = ["f-kind", "f-tier", "f-conf", "f-source", "f-since", "f-until", "f-hidden"];

  function list(value) {
    try { return JSON.parse(value || "[]"); } catch (e) { return []; }
  }

  function matches(el) {
    var d = el.dataset;
    var kind = byId("f-kind").value, tier = byId("f-tier").value;
    var conf = parseFloat(byId("f-conf").value || "0");
    var source = byId("f-source").value, since = byId("f-since").value, until = byId("f-until").value;
    if (kind && d.kind !== kind) { return false; }
    if (tier && d.tier !== tier) { return false; }
    if (conf && !(parseFloat(d.confidence) >= conf)) { return false; }
    if (source && list(d.sources).indexOf(source) < 0) { return false; }
    if (since || until) {
      var inRange = list(d.dates).some(function (x) {
        return (!since || x >= since) && (!until || x <= until);
      });
      if (!inRange) { return false; }
    }
    if (d.hidden === "1" && !byId("f-hidden").checked) { return false; }
    return true;
  }

  function apply() {
    var shown = 0;
    findings.forEach(function (el) {
      var ok = matches(el);
      el.hidden = !ok;
      if (ok) { shown += 1; }
    });
    groups.forEach(function (g) {
      var n = g.querySelectorAll("article.finding:not([hidden])").length;
      g.querySelector(".group-count").textContent = String(n);
      g.hidden = n === 0;
    });
    byId("f-count").textContent = shown + " of " + findings.length + " findings shown";
    byId("f-none").hidden = !(findings.length && shown === 0);
  }

  controls.forEach(function (id) {
    var el = byId(id);
    if (el) {
      el.addEventListener("change", apply);
      el.addEventListener("input", apply);
    }
  });
  form.addEventListener("reset", function () { window.setTimeout(apply, 0); });
  form.addEventListener("submit", function (e) { e.preventDefault(); });

  // a link to one finding (report.html#finding-7) shows it even if it starts hidden
  function reveal() {
    var target = window.location.hash && document.getElementById(window.location.hash.slice(1));
    if (target && target.classList.contains("finding") && target.dataset.hidden === "1") {
      byId("f-hidden").checked = true;
      apply();
      target.scrollIntoView();
    }
  }
  window.addEventListener("hashchange", reveal);
  apply();
  reveal();
}());
