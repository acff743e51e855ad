(function () {
  "use strict";
  var PAGE = 100, SHOW_ALL_MAX = 5000;
  var tables = [];
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function Table(host) {
    var d = JSON.parse(document.getElementById(host.getAttribute("data-src")).textContent);
    var self = this, S = d.strings.split("\n"), cols = d.columns;
    self.host = host; self.d = d; self.page = 0; self.all = false;
    self.sortCol = -1; self.sortDir = 1; self.query = ""; self.facet = {};
    self.rows = d.rows.map(function (r, i) { return i; });
    self.text = [];
    function rowText(i) {
      if (self.text[i] === undefined) {
        var parts = [], r = d.rows[i];
        for (var c = 0; c < cols.length; c++) {
          var v = r[c + 1];
          if (typeof v === "number") parts.push(S[v]);
          else if (Array.isArray(v)) for (var k = 0; k < v.length; k++) parts.push(S[v[k]]);
        }
        self.text[i] = parts.join(" \u0001 ").toLowerCase();
      }
      return self.text[i];
    }
    var controls = el("div", "controls");
    var label = el("label", null, "Filter rows");
    var input = el("input"); input.type = "search"; input.setAttribute("data-role", "filter");
    label.appendChild(input); controls.appendChild(label);
    input.addEventListener("input", function () { self.query = input.value.toLowerCase(); self.page = 0; self.update(); });
    cols.forEach(function (col, c) {
      if (!col.facets || col.facets.length < 2) return;
      var l = el("label", null, col.label);
      var sel = el("select"); sel.setAttribute("data-facet", col.label);
      var any = el("option", null, "all (" + d.rows.length + ")"); any.value = ""; sel.appendChild(any);
      col.facets.forEach(function (f) {
        var o = el("option", null, f[0].replace(/_/g, " ") + " (" + f[1] + ")"); o.value = f[0]; sel.appendChild(o);
      });
      sel.addEventListener("change", function () {
        if (sel.value) self.facet[c] = sel.value; else delete self.facet[c];
        self.page = 0; self.update();
      });
      l.appendChild(sel); controls.appendChild(l);
    });
    var count = el("p", "count"); count.setAttribute("aria-live", "polite"); count.setAttribute("data-role", "count");
    controls.appendChild(count);
    var table = el("table"), thead = el("thead"), tr = el("tr");
    if (host.getAttribute("data-caption")) { var cap = el("caption", "sr", host.getAttribute("data-caption")); table.appendChild(cap); }
    self.ths = cols.map(function (col, c) {
      var th = el("th"); th.scope = "col"; th.setAttribute("aria-sort", "none");
      var b = el("button", null, col.label); b.type = "button";
      b.addEventListener("click", function () {
        if (self.sortCol === c) self.sortDir = -self.sortDir; else { self.sortCol = c; self.sortDir = 1; }
        self.update();
      });
      th.appendChild(b); tr.appendChild(th); return th;
    });
    thead.appendChild(tr); table.appendChild(thead);
    var tbody = el("tbody"); table.appendChild(tbody);
    var pager = el("div", "pager");
    var prev = el("button", null, "← Previous"); prev.type = "button";
    var where = el("span");
    var next = el("button", null, "Next →"); next.type = "button";
    var all = el("button", null, "Show all"); all.type = "button";
    prev.addEventListener("click", function () { if (self.page > 0) { self.page--; self.render(); } });
    next.addEventListener("click", function () { self.page++; self.render(); });
    all.addEventListener("click", function () { self.all = true; self.render(); });
    [prev, where, next, all].forEach(function (x) { pager.appendChild(x); });
    host.textContent = "";
    host.appendChild(controls); host.appendChild(table); host.appendChild(pager);
    function key(i, c) {
      var v = d.rows[i][c + 1], col = cols[c];
      if (Array.isArray(v)) v = v.length ? v[v.length > 1 && col.kind === "links" ? 1 : 0] : -1;
      if (v < 0) return [1, ""];
      var s = S[v];
      if (col.order && col.order.length) { var k = col.order.indexOf(s); return [0, k < 0 ? 999 : k]; }
      return [0, s.toLowerCase()];
    }
    self.update = function () {
      var q = self.query, facets = Object.keys(self.facet);
      self.rows = [];
      for (var i = 0; i < d.rows.length; i++) {
        var ok = true;
        for (var f = 0; f < facets.length && ok; f++) { var c = +facets[f]; ok = S[d.rows[i][c + 1]] === self.facet[c]; }
        if (ok && q) ok = rowText(i).indexOf(q) >= 0;
        if (ok) self.rows.push(i);
      }
      if (self.sortCol >= 0) {
        var sc = self.sortCol, dir = self.sortDir;
        self.rows.sort(function (a, b) {
          var ka = key(a, sc), kb = key(b, sc);
          if (ka[0] !== kb[0]) return ka[0] - kb[0];
          if (ka[1] < kb[1]) return -dir; if (ka[1] > kb[1]) return dir;
          return a - b;
        });
      }
      self.ths.forEach(function (th, c) {
        th.setAttribute("aria-sort", c === self.sortCol ? (self.sortDir > 0 ? "ascending" : "descending") : "none");
      });
      self.render();
    };
    function cell(col, v) {
      var td = el("td");
      if (col.kind === "status") {
        if (v >= 0) { var b = el("span", "badge v-" + S[v], S[v].replace(/_/g, " ")); td.appendChild(b); }
      } else if (col.kind === "code") {
        if (v >= 0 && S[v]) td.appendChild(el("code", null, S[v]));
      } else if (col.kind === "locs") {
        if (v.length) {
          td.appendChild(el("span", null, S[v[0]]));
          if (v.length > 1) {
            var det = el("details"), sum = el("summary", null, (v.length - 1) + " more place" + (v.length > 2 ? "s" : ""));
            det.appendChild(sum);
            var ul = el("ul", "locs");
            for (var k = 1; k < v.length; k++) ul.appendChild(el("li", null, S[v[k]]));
            det.appendChild(ul); td.appendChild(det);
          }
        }
      } else if (col.kind === "links") {
        for (var j = 0; j + 1 < v.length; j += 2) {
          var href = S[v[j]], text = S[v[j + 1]];
          if (href) { var a = el("a", null, text); a.href = href; td.appendChild(a); }
          else td.appendChild(el("span", null, text));
          if (j + 2 < v.length) td.appendChild(document.createTextNode(" "));
        }
      } else {
        td.textContent = v >= 0 ? S[v] : "";
      }
      return td;
    }
    self.render = function () {
      var n = self.rows.length, pages = Math.max(1, Math.ceil(n / PAGE));
      if (self.page >= pages) self.page = pages - 1;
      var from = self.all ? 0 : self.page * PAGE, to = self.all ? n : Math.min(n, from + PAGE);
      var frag = document.createDocumentFragment();
      for (var r = from; r < to; r++) {
        var i = self.rows[r], row = d.rows[i], tr = el("tr");
        if (row[0] >= 0) tr.id = S[row[0]];
        for (var c = 0; c < cols.length; c++) tr.appendChild(cell(cols[c], row[c + 1]));
        frag.appendChild(tr);
      }
      tbody.textContent = ""; tbody.appendChild(frag);
      count.textContent = n + " of " + d.rows.length + " rows" + (n > PAGE && !self.all ? ", showing " + (from + 1) + "–" + to : "");
      where.textContent = "page " + (self.all ? 1 : self.page + 1) + " of " + (self.all ? 1 : pages);
      pager.hidden = n <= PAGE || self.all;
      all.hidden = n > SHOW_ALL_MAX;
    };
    self.reveal = function (id) {
      var idx = -1;
      for (var i = 0; i < d.rows.length; i++) if (d.rows[i][0] >= 0 && S[d.rows[i][0]] === id) { idx = i; break; }
      if (idx < 0) return false;
      var pos = self.rows.indexOf(idx);
      if (pos < 0) { self.query = ""; input.value = ""; self.facet = {}; host.querySelectorAll("select").forEach(function (s) { s.value = ""; }); self.update(); pos = self.rows.indexOf(idx); }
      self.all = false; self.page = Math.floor(pos / PAGE); self.render();
      var row = document.getElementById(id);
      if (row) { row.classList.add("hit"); row.scrollIntoView({ block: "center" }); }
      return true;
    };
    self.update();
  }
  function go() {
    var id = decodeURIComponent(location.hash.slice(1));
    if (!id || document.getElementById(id) && !/^f-/.test(id)) return;
    for (var t = 0; t < tables.length; t++) if (tables[t].reveal(id)) return;
  }
  document.querySelectorAll("[data-table]").forEach(function (h) { tables.push(new Table(h)); });
  window.addEventListener("hashchange", go);
  window.addEventListener("beforeprint", function () {
    tables.forEach(function (t) { if (t.rows.length <= SHOW_ALL_MAX) { t.all = true; t.render(); } });
    document.querySelectorAll("details").forEach(function (x) { x.setAttribute("open", ""); });
  });
  go();
})();
