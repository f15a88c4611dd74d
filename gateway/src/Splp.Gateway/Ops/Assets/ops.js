// The SPLP ops dashboard: reads only this gateway's /ops/api endpoints and redraws itself every few seconds.
// Values go into the page through textContent only, never as HTML.
(function () {
  "use strict";

  var refreshMs = 5000;
  var timer = null;
  var tokenKey = "splp.ops.token";

  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    if (className) { node.className = className; }
    return node;
  }

  function percent(share) {
    return share === null || share === undefined ? "—" : (share * 100).toFixed(share >= 0.999 || share === 0 ? 0 : 1) + "%";
  }

  function ms(value) {
    return value === null || value === undefined ? "—" : (value >= 1000 ? (value / 1000).toFixed(1) + " s" : Math.round(value) + " ms");
  }

  function ago(iso) {
    if (!iso) { return "never"; }
    var seconds = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
    if (seconds < 60) { return seconds + " s ago"; }
    if (seconds < 3600) { return Math.round(seconds / 60) + " min ago"; }
    if (seconds < 172800) { return Math.round(seconds / 3600) + " h ago"; }
    return Math.round(seconds / 86400) + " days ago";
  }

  function clock(iso) {
    return iso ? new Date(iso).toISOString().replace("T", " ").substring(0, 19) + " UTC" : "";
  }

  function headers() {
    var token = sessionStorage.getItem(tokenKey);
    var h = { "Accept": "application/json" };
    if (token) { h.Authorization = "Bearer " + token; }
    return h;
  }

  function setStatus(text, isError) {
    var status = document.getElementById("status");
    status.textContent = text;
    status.className = isError ? "error" : "";
  }

  function cell(row, text, className, sub) {
    var td = el("td", text, className);
    if (sub) { td.appendChild(el("span", sub, "sub")); }
    row.appendChild(td);
    return td;
  }

  function drawServices(data) {
    var body = document.querySelector("#services tbody");
    var rows = document.createDocumentFragment();
    var counts = { active: 0, degraded: 0, down: 0, inactive: 0 };
    data.services.forEach(function (s) {
      counts[s.state] = (counts[s.state] || 0) + 1;
      var tr = el("tr");
      tr.setAttribute("data-service", s.name);
      tr.setAttribute("data-state", s.state);
      var name = el("th", s.name);
      name.setAttribute("scope", "row");
      name.appendChild(el("span", s.contract, "sub"));
      tr.appendChild(name);
      cell(tr, s.agency, null, s.agencyName);
      var state = el("td", null, "state");
      var badge = el("span", s.state, "badge " + s.state);
      badge.setAttribute("title", s.reason);
      state.appendChild(badge);
      state.appendChild(el("span", s.reason, "sub"));
      tr.appendChild(state);
      cell(tr, ago(s.since), null, clock(s.since));
      cell(tr, s.window.perMinute.toFixed(1), "num", s.window.requests + " in window");
      cell(tr, percent(s.window.errorRate), "num", s.window.clientErrors ? s.window.clientErrors + " caller errors" : null);
      cell(tr, ms(s.window.p95Ms), "num");
      cell(tr, percent(s.window.conformance), "num", s.validation === "none" ? "no contract" : s.validation);
      cell(tr, s.circuit);
      cell(tr, s.upstream, null, s.destinations.map(function (d) { return d.id + ": " + d.health; }).join(", "));
      cell(tr, ago(s.lastSuccess), null, clock(s.lastSuccess));
      rows.appendChild(tr);
    });
    body.replaceChildren(rows);

    var summary = document.getElementById("summary");
    var items = document.createDocumentFragment();
    ["active", "degraded", "down", "inactive"].forEach(function (state) {
      var li = el("li");
      li.appendChild(el("strong", counts[state] || 0));
      li.appendChild(el("span", state, "badge " + state));
      items.appendChild(li);
    });
    summary.replaceChildren(items);
    document.getElementById("window").textContent = data.windowSeconds >= 120 ? Math.round(data.windowSeconds / 60) + " minutes" : data.windowSeconds + " seconds";
  }

  function drawFailures(data) {
    var body = document.querySelector("#failures tbody");
    var rows = document.createDocumentFragment();
    if (data.failures.length === 0) {
      var tr = el("tr");
      var td = el("td", "No failed exchange since this replica started.");
      td.setAttribute("colspan", "8");
      tr.appendChild(td);
      rows.appendChild(tr);
    }
    data.failures.forEach(function (f) {
      var tr = el("tr");
      cell(tr, clock(f.time));
      cell(tr, f.service);
      cell(tr, f.operation || "—");
      cell(tr, f.status, "num");
      cell(tr, f.kind);
      cell(tr, f.problemType || "—", "mono");
      cell(tr, f.traceId || "—", "mono");
      cell(tr, f.consumer || "anonymous");
      rows.appendChild(tr);
    });
    body.replaceChildren(rows);
  }

  function load(path) {
    return fetch(path, { headers: headers(), cache: "no-store", credentials: "same-origin" }).then(function (response) {
      if (response.status === 401 || response.status === 403) {
        var error = new Error("not allowed");
        error.status = response.status;
        throw error;
      }
      if (!response.ok) { throw new Error(path + " answered " + response.status); }
      return response.json();
    });
  }

  function refresh() {
    Promise.all([load("/ops/api/services"), load("/ops/api/failures?limit=50")]).then(function (results) {
      document.getElementById("token-form").hidden = true;
      drawServices(results[0]);
      drawFailures(results[1]);
      if (results[0].refreshSeconds > 0) { refreshMs = results[0].refreshSeconds * 1000; }
      setStatus("Updated " + clock(results[0].generatedAt) + " · refreshes every " + refreshMs / 1000 + " s", false);
    }).catch(function (error) {
      if (error.status) {
        document.getElementById("token-form").hidden = false;
        setStatus(error.status === 401 ? "A token is needed to read the ops data." : "This token may not read the ops data.", true);
      } else {
        setStatus("Could not refresh: " + error.message + " (retrying)", true);
      }
    }).finally(function () {
      timer = setTimeout(refresh, refreshMs);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.getElementById("token-form").addEventListener("submit", function (event) {
      event.preventDefault();
      var value = document.getElementById("token").value.trim();
      if (value) { sessionStorage.setItem(tokenKey, value); }
      clearTimeout(timer);
      refresh();
    });
    refresh();
  });
})();
