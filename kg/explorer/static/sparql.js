// The SPARQL page: sends the query to the guarded endpoint, shows a sortable table, offers downloads.
// All data is written with textContent, never as HTML.
(function () {
  "use strict";
  var form = document.getElementById("sparql-form");
  if (!form) { return; }
  var text = document.getElementById("sparql-text");
  var statusEl = document.getElementById("status");
  var results = document.getElementById("results");
  var dlCsv = document.getElementById("dl-csv");
  var dlJson = document.getElementById("dl-json");
  var lastJson = null;

  function post(accept) {
    return fetch(form.action, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", "Accept": accept },
      body: new URLSearchParams({ query: text.value })
    });
  }

  function say(message, isError) {
    statusEl.textContent = message;
    statusEl.className = isError ? "error" : "";
  }

  function cellText(term) {
    if (!term) { return ""; }
    return term.value;
  }

  function sortKey(term) {
    if (!term) { return { n: null, s: "" }; }
    var n = term.type === "literal" && term.datatype && /#(integer|decimal|double|float|int|long)$/.test(term.datatype)
      ? Number(term.value) : null;
    return { n: n, s: term.value.toLowerCase() };
  }

  function compare(a, b) {
    if (a.n !== null && b.n !== null) { return a.n - b.n; }
    return a.s < b.s ? -1 : a.s > b.s ? 1 : 0;
  }

  function renderTable(doc) {
    var vars = doc.head.vars || [];
    var rows = doc.results.bindings.slice();
    var table = document.createElement("table");
    table.className = "sortable";
    var caption = document.createElement("caption");
    caption.textContent = rows.length + " row(s)" + (doc.truncated ? " — truncated at the endpoint's row cap" : "");
    table.appendChild(caption);
    var thead = table.createTHead();
    var hr = thead.insertRow();
    var tbody = table.createTBody();
    var state = { col: null, dir: 1 };
    function fill() {
      tbody.textContent = "";
      rows.forEach(function (row) {
        var tr = tbody.insertRow();
        vars.forEach(function (v) {
          var td = tr.insertCell();
          td.textContent = cellText(row[v]);
          if (row[v] && row[v].type === "uri") { td.className = "iri"; }
        });
      });
    }
    vars.forEach(function (v, i) {
      var th = document.createElement("th");
      th.scope = "col";
      th.setAttribute("aria-sort", "none");
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = v;
      button.addEventListener("click", function () {
        state.dir = state.col === v ? -state.dir : 1;
        state.col = v;
        rows.sort(function (a, b) { return state.dir * compare(sortKey(a[v]), sortKey(b[v])); });
        Array.prototype.forEach.call(hr.cells, function (c) { c.setAttribute("aria-sort", "none"); });
        th.setAttribute("aria-sort", state.dir === 1 ? "ascending" : "descending");
        fill();
      });
      th.appendChild(button);
      hr.appendChild(th);
    });
    fill();
    return table;
  }

  function download(name, type, body) {
    var url = URL.createObjectURL(new Blob([body], { type: type }));
    var a = document.createElement("a");
    a.href = url;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    say("Running…", false);
    results.textContent = "";
    lastJson = null;
    dlCsv.disabled = dlJson.disabled = true;
    post("application/sparql-results+json, text/turtle;q=0.5").then(function (response) {
      return response.text().then(function (body) { return { response: response, body: body }; });
    }).then(function (r) {
      if (!r.response.ok) {
        say("Error " + r.response.status + ": " + r.body.trim(), true);
        return;
      }
      var ctype = (r.response.headers.get("Content-Type") || "").split(";")[0];
      if (ctype.indexOf("json") < 0) {
        var pre = document.createElement("pre");
        pre.textContent = r.body;
        results.appendChild(pre);
        say("Graph result (" + ctype + ").", false);
        return;
      }
      var doc = JSON.parse(r.body);
      lastJson = r.body;
      dlJson.disabled = false;
      if (typeof doc.boolean === "boolean") {
        say("ASK answered: " + doc.boolean, false);
        return;
      }
      dlCsv.disabled = false;
      results.appendChild(renderTable(doc));
      say(doc.results.bindings.length + " row(s)." + (doc.truncated ? " Truncated at the row cap." : ""), false);
    }).catch(function (err) { say("Request failed: " + err, true); });
  });

  dlJson.addEventListener("click", function () {
    if (lastJson) { download("results.json", "application/sparql-results+json", lastJson); }
  });
  dlCsv.addEventListener("click", function () {
    post("text/csv").then(function (response) {
      return response.text().then(function (body) {
        if (response.ok) { download("results.csv", "text/csv", body); } else { say("Error " + response.status + ": " + body.trim(), true); }
      });
    });
  });
})();
