// copytrace HTML report. Reads the report's data (an inert JSON block) and draws the lists,
// the matrix and the views on demand. Text from documents only ever enters the page as text
// (textContent, text nodes), never as markup.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("copytrace-data").textContent);
  var PAGE = 100;

  function el(tag, attrs) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        var v = attrs[k];
        if (v === null || v === undefined || v === false) return;
        if (k === "text") node.textContent = v;
        else if (k === "cls") node.className = v;
        else if (k === "on") Object.keys(v).forEach(function (ev) { node.addEventListener(ev, v[ev]); });
        else node.setAttribute(k, v === true ? "" : String(v));
      });
    }
    for (var i = 2; i < arguments.length; i++) {
      var c = arguments[i];
      if (c === null || c === undefined) continue;
      node.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    }
    return node;
  }
  function pct(x) { return Math.round(x * 100) + "%"; }
  function byId(id) { return document.getElementById(id); }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); return node; }

  // A list drawn PAGE items at a time, with a "Show more" button.
  function lazyList(container, items, draw, makeShell) {
    clear(container);
    if (!items.length) { container.appendChild(el("p", { cls: "note", text: "None." })); return; }
    var shell = makeShell();
    container.appendChild(shell.root);
    var shown = 0;
    var more = el("button", { cls: "more", type: "button" });
    function step() {
      var end = Math.min(items.length, shown + PAGE);
      for (; shown < end; shown++) shell.body.appendChild(draw(items[shown]));
      if (shown < items.length) more.textContent = "Show more (" + (items.length - shown) + " left)";
      else if (more.parentNode) more.parentNode.removeChild(more);
    }
    more.addEventListener("click", step);
    container.appendChild(more);
    step();
  }
  function table(headers) {
    var body = el("tbody");
    var tr = el("tr");
    headers.forEach(function (h) { tr.appendChild(el("th", { scope: "col", cls: h[1] || null, text: h[0] })); });
    return { root: el("table", null, el("thead", null, tr), body), body: body };
  }

  // ---- filter ----
  var filterText = "";
  function docMatches(i) {
    if (!filterText) return true;
    var d = data.documents[i];
    return [d.path, d.id, d.title, d.outlet, d.date].some(function (s) {
      return s && s.toLowerCase().indexOf(filterText) >= 0;
    });
  }

  // ---- scan ----
  function docName(i) { return data.documents[i].path; }
  var pairByDocs = {};
  var pairById = {};
  function tiersOf(pair) {
    var counts = {};
    pair.passages.forEach(function (p) { var t = data.passages[p].tier; counts[t] = (counts[t] || 0) + 1; });
    return counts;
  }
  function tierBadges(counts) {
    var span = el("span");
    ["verbatim", "edited", "reworded"].forEach(function (t) {
      if (counts[t]) {
        span.appendChild(el("span", { cls: "tier " + t, text: counts[t] + " " + t }));
        span.appendChild(document.createTextNode(" "));
      }
    });
    return span;
  }
  function directionText(pair) {
    var d = pair.direction;
    if (d.common_source !== null && d.common_source !== undefined) {
      return "both from " + docName(d.common_source) + " (" + d.basis + ", confidence " + d.confidence.toFixed(2) + ")";
    }
    if (d.source === null || d.source === undefined) return "unknown (" + d.basis + ")";
    return "source: " + docName(d.source) + " (" + d.basis + ", confidence " + d.confidence.toFixed(2) + ")";
  }
  function pairLink(pair, text) {
    return el("a", { href: "#pair-" + pair.id, text: text, "data-finding": "pair" });
  }

  function drawMatrix() {
    var body = clear(byId("matrix-body"));
    var docs = data.matrix.filter(docMatches);
    if (!docs.length) { body.appendChild(el("p", { cls: "note", text: "No reuse." })); return; }
    var head = el("tr", null, el("td"));
    docs.forEach(function (j) { head.appendChild(el("th", { scope: "col", title: docName(j), text: docName(j) })); });
    var tbody = el("tbody");
    docs.forEach(function (i) {
      var tr = el("tr", null, el("th", { scope: "row", title: docName(i), text: docName(i) }));
      docs.forEach(function (j) {
        if (i === j) { tr.appendChild(el("td", { cls: "self" }, el("span", { "aria-label": "same document", text: "·" }))); return; }
        var pair = pairByDocs[Math.min(i, j) + "," + Math.max(i, j)];
        if (!pair) { tr.appendChild(el("td", { cls: "heat-0" }, el("span", { "aria-label": "nothing shared", text: "" }))); return; }
        var x = pair.a === i ? pair.a_in_b : pair.b_in_a;
        var level = x === 0 ? 0 : x < 0.1 ? 1 : x < 0.3 ? 2 : x < 0.6 ? 3 : 4;
        var label = pct(x) + " of " + docName(i) + " is in " + docName(j) + "; open pair " + pair.id;
        tr.appendChild(el("td", { cls: "heat-" + level },
          el("button", { type: "button", "aria-label": label, title: label, "data-pair": pair.id, text: pct(x),
            on: { click: function () { location.hash = "#pair-" + pair.id; } } })));
      });
      tbody.appendChild(tr);
    });
    body.appendChild(el("table", { cls: "matrix" }, el("thead", null, head), tbody));
  }

  function drawPairs() {
    var pairs = data.pairs.filter(function (p) { return docMatches(p.a) || docMatches(p.b); });
    lazyList(byId("pairs-body"), pairs, function (p) {
      return el("tr", { cls: "finding", id: "row-pair-" + p.id, "data-pair": p.id },
        el("td", { cls: "num" }, pairLink(p, String(p.id))),
        el("td", { text: docName(p.a) }),
        el("td", { text: docName(p.b) }),
        el("td", { cls: "num", text: String(p.shared) }),
        el("td", { cls: "num", text: pct(p.a_in_b) }),
        el("td", { cls: "num", text: pct(p.b_in_a) }),
        el("td", { text: directionText(p) }),
        el("td", null, tierBadges(tiersOf(p)), p.accepted ? el("span", { cls: "accepted", text: "accepted" }) : null));
    }, function () {
      return table([["pair", "num"], ["document A"], ["document B"], ["words shared", "num"], ["A in B", "num"],
        ["B in A", "num"], ["direction"], ["passages"]]);
    });
  }

  function drawClusters() {
    var clusters = data.clusters.filter(function (c) { return c.documents.some(docMatches); });
    lazyList(byId("clusters-body"), clusters, function (c) {
      var text = c.text.length > 400 ? c.text.slice(0, 400) + "…" : c.text;
      return el("li", { id: "cluster-" + c.id },
        el("strong", { text: "Cluster " + c.id + ": " + c.words + " words in " + c.documents.length + " documents" }),
        c.origin !== null && c.origin !== undefined ? el("span", { text: "; likely origin " + docName(c.origin) }) : null,
        el("ul", null, c.documents.map(function (d) { return el("li", { text: docName(d) }); }).reduce(function (f, li) { f.appendChild(li); return f; }, document.createDocumentFragment())),
        el("p", { cls: "cluster-text", text: text }));
    }, function () { var ol = el("ol"); return { root: ol, body: ol }; });
  }

  function drawOriginality() {
    var docs = data.documents.map(function (d, i) { return i; }).filter(docMatches);
    docs.sort(function (x, y) { return data.documents[x].originality - data.documents[y].originality || x - y; });
    lazyList(byId("originality-body"), docs, function (i) {
      var d = data.documents[i];
      return el("tr", null,
        el("th", { scope: "row", text: d.path }),
        el("td", { cls: "num", text: String(d.words) }),
        el("td", { cls: "num", text: pct(d.reused) }),
        el("td", { cls: "num", text: pct(d.derived) }),
        el("td", null, el("meter", { min: 0, max: 1, value: d.originality, "aria-label": "originality of " + d.path }), " " + pct(d.originality)));
    }, function () { return table([["document"], ["words", "num"], ["reused", "num"], ["derived", "num"], ["original"]]); });
  }

  function drawBoilerplate() {
    lazyList(byId("boilerplate-body"), data.boilerplate, function (b) {
      return el("li", null, el("strong", { text: b.kind + ", in " + b.documents + " documents: " }),
        el("span", { cls: "bp-text", text: b.text.length > 300 ? b.text.slice(0, 300) + "…" : b.text }));
    }, function () { var ul = el("ul"); return { root: ul, body: ul }; });
  }

  function drawSide(pair, side) {
    var doc = data.documents[side === 0 ? pair.a : pair.b];
    var box = el("div", { cls: "side", id: "side-" + (side === 0 ? "a" : "b"), tabindex: -1 },
      el("h3", null, doc.path + (doc.date ? " · " + doc.date : "") + (doc.outlet ? " · " + doc.outlet : "")));
    pair.view[side].forEach(function (seg) {
      if (seg.t !== undefined) { box.appendChild(document.createTextNode(seg.t)); return; }
      if (seg.gap !== undefined) { box.appendChild(el("span", { cls: "gap", text: "[… " + seg.gap + " words not shown …]" })); return; }
      var p = data.passages[seg.p];
      box.appendChild(el("span", { cls: "hidden-label", text: "[passage " + p.id + ", " + p.tier + "] " }));
      var mark = el("mark", { cls: "p " + p.tier, id: "p" + p.id + "-" + (side === 0 ? "a" : "b"), tabindex: 0,
        "data-passage": p.id, "data-side": side === 0 ? "a" : "b", "data-start": seg.s, "data-end": seg.e,
        title: "passage " + p.id + ": " + p.tier + ", " + p.words + " words, similarity " + p.similarity.toFixed(2) +
          " (bytes " + seg.s + "–" + seg.e + "); select to see it in the other document" });
      seg.runs.forEach(function (r) {
        if (r[1]) mark.appendChild(el(side === 0 ? "del" : "ins", { text: r[0] }));
        else mark.appendChild(document.createTextNode(r[0]));
      });
      mark.addEventListener("click", function () { showCounterpart(mark); });
      mark.addEventListener("keydown", function (e) { if (e.key === "Enter") { e.preventDefault(); showCounterpart(mark); } });
      box.appendChild(mark);
    });
    return box;
  }
  function flash(node) {
    node.classList.add("flash");
    setTimeout(function () { node.classList.remove("flash"); }, 1200);
  }
  function showCounterpart(mark) {
    var other = byId("p" + mark.getAttribute("data-passage") + "-" + (mark.getAttribute("data-side") === "a" ? "b" : "a"));
    if (!other) return;
    other.scrollIntoView({ block: "center" });
    flash(other);
    other.focus({ preventScroll: true });
  }

  function showPair(id) {
    var pair = pairById[id];
    var view = byId("pair-view");
    if (!pair) return false;
    clear(view);
    var list = el("ul");
    pair.passages.forEach(function (pid) {
      var p = data.passages[pid];
      var item = el("li", null, el("span", { cls: "tier " + p.tier, text: p.tier }),
        " passage " + p.id + ": " + p.words + " words, similarity " + p.similarity.toFixed(2) + (p.accepted ? " (accepted)" : ""));
      if (p.alt && p.alt.length) {
        var alts = el("ul", { cls: "alternates" });
        p.alt.slice(0, 20).forEach(function (x) {
          alts.appendChild(el("li", { text: "also bytes " + x[0][0] + "–" + x[0][1] + " of " + docName(pair.a) +
            " with " + x[1][0] + "–" + x[1][1] + " of " + docName(pair.b) + " (" + x[2] + " words)" }));
        });
        if (p.alt.length > 20) alts.appendChild(el("li", { text: "and " + (p.alt.length - 20) + " more (see the JSON report)" }));
        item.appendChild(el("span", { text: " · repeated: " + p.alt.length + " more occurrence" + (p.alt.length === 1 ? "" : "s") + " of this text in the pair" }));
        item.appendChild(alts);
      }
      list.appendChild(item);
    });
    view.appendChild(el("div", { cls: "pair-head" },
      el("h2", { id: "pair-" + pair.id + "-h", tabindex: -1, text: "Pair " + pair.id + ": " + docName(pair.a) + " and " + docName(pair.b) }),
      el("a", { href: "#pairs", text: "Back to the overview (Esc)" })));
    view.appendChild(el("p", null, pct(pair.a_in_b) + " of " + docName(pair.a) + " is in " + docName(pair.b) + "; " +
      pct(pair.b_in_a) + " of " + docName(pair.b) + " is in " + docName(pair.a) + ". " + pair.shared +
      " words shared. Direction: " + directionText(pair) + "."));
    view.appendChild(list);
    view.appendChild(el("div", { cls: "sides" }, drawSide(pair, 0), drawSide(pair, 1)));
    view.hidden = false;
    setOverview(false);
    document.title = "Pair " + pair.id + " · copytrace scan";
    byId("pair-" + pair.id + "-h").focus();
    return true;
  }
  function setOverview(on) {
    ["summary", "matrix", "pairs", "clusters", "originality", "boilerplate", "skipped"].forEach(function (id) {
      var s = byId(id); if (s) s.hidden = !on;
    });
    if (on) { var v = byId("pair-view"); v.hidden = true; clear(v); }
  }

  // ---- navigation ----
  function route() {
    // The skip link moves the focus only; it does not leave a pair view.
    if (location.hash === "#main") return;
    var m = /^#pair-(\d+)$/.exec(location.hash);
    if (m && showPair(Number(m[1]))) return;
    setOverview(true);
    var target = location.hash && byId(location.hash.slice(1));
    if (target) target.scrollIntoView();
  }
  function findings() {
    var inView = findingsOfView();
    if (inView) return inView;
    var view = byId("pair-view");
    if (view && !view.hidden) return Array.prototype.slice.call(view.querySelectorAll("mark.p[data-side=a]"));
    return Array.prototype.slice.call(document.querySelectorAll("[data-finding]"));
  }
  function move(step) {
    var list = findings();
    if (!list.length) return;
    var at = list.indexOf(document.activeElement);
    var next = list[at < 0 ? (step > 0 ? 0 : list.length - 1) : Math.max(0, Math.min(list.length - 1, at + step))];
    next.focus();
    next.scrollIntoView({ block: "center" });
    if (next.tagName === "MARK") { flash(next); showCounterpart(next); next.focus({ preventScroll: true }); }
  }
  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    var typing = e.target && (e.target.tagName === "INPUT" || e.target.tagName === "TEXTAREA");
    if (e.key === "Escape") {
      if (typing) { e.target.blur(); return; }
      var pv = byId("pair-view");
      if (pv && !pv.hidden) location.hash = "#pairs";
      return;
    }
    if (typing) return;
    if (e.key === "/" && byId("filter")) { e.preventDefault(); byId("filter").focus(); }
    else if (e.key === "v" && data.kind === "diff") { e.preventDefault(); setDiffView(diffView === "side" ? "inline" : "side"); }
    else if (e.key === "n" || e.key === "j") { e.preventDefault(); move(1); }
    else if (e.key === "p" || e.key === "k") { e.preventDefault(); move(-1); }
  });

  function drawScan() {
    data.pairs.forEach(function (p) { pairByDocs[p.a + "," + p.b] = p; pairByDocs[p.b + "," + p.a] = p; pairById[p.id] = p; });
    function drawAll() { drawMatrix(); drawPairs(); drawClusters(); drawOriginality(); drawBoilerplate(); }
    var filter = byId("filter");
    filter.addEventListener("input", function () { filterText = filter.value.trim().toLowerCase(); drawAll(); });
    drawAll();
    window.addEventListener("hashchange", route);
    route();
  }

  // ---- trace ----
  function drawTrace() {
    var filter = byId("filter");
    filter.addEventListener("input", function () {
      var q = filter.value.trim().toLowerCase();
      Array.prototype.forEach.call(document.querySelectorAll(".source"), function (s) {
        s.hidden = q !== "" && s.getAttribute("data-name").toLowerCase().indexOf(q) < 0;
      });
    });
    Array.prototype.forEach.call(document.querySelectorAll("a.pmark, .excerpt a"), function (a) {
      a.addEventListener("click", function () {
        var target = byId(a.getAttribute("href").slice(1));
        if (target) { var m = target.querySelector("mark") || target; flash(m); }
      });
    });
  }

  // ---- diff ----
  var diffView = "side";
  function setDiffView(view) {
    diffView = view;
    byId("side-view").hidden = view !== "side";
    byId("inline-view").hidden = view !== "inline";
    Array.prototype.forEach.call(document.querySelectorAll("button.view"), function (b) {
      b.setAttribute("aria-pressed", String(b.getAttribute("data-view") === view));
    });
  }
  function drawDiff() {
    Array.prototype.forEach.call(document.querySelectorAll("button.view"), function (b) {
      b.addEventListener("click", function () { setDiffView(b.getAttribute("data-view")); });
    });
    function follow() {
      var id = location.hash.slice(1);
      if (/^inline-/.test(id)) setDiffView("inline");
      else if (/^(block|was|old|new)-/.test(id)) setDiffView("side");
      var target = id && byId(id);
      if (target) { target.scrollIntoView({ block: "center" }); flash(target); }
    }
    window.addEventListener("hashchange", follow);
    follow();
  }
  function findingsOfView() {
    if (data.kind !== "diff") return null;
    var root = byId(diffView === "side" ? "side-view" : "inline-view");
    return Array.prototype.slice.call(root.querySelectorAll("[data-finding]"));
  }

  if (data.kind === "scan") drawScan();
  else if (data.kind === "trace") drawTrace();
  else if (data.kind === "diff") drawDiff();
  document.body.setAttribute("data-render-ms", String(Math.round(performance.now())));
  document.body.setAttribute("data-ready", "true");
})();
