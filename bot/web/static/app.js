// The review page's only script: no framework, no build step. Everything works without it;
// it adds the live queue and the evidence highlight.
(function () {
  "use strict";

  // Queue: poll the rows every few seconds so that a new item appears without a reload.
  var table = document.getElementById("queue");
  if (table && table.dataset.poll) {
    var news = document.getElementById("queue-news");
    var total = document.getElementById("queue-total");
    var poll = function () {
      fetch(table.dataset.poll, { headers: { Accept: "text/html" }, credentials: "same-origin" })
        .then(function (r) {
          if (r.redirected || r.status === 401) { window.location.reload(); return null; }
          return r.ok ? r.text() : null;
        })
        .then(function (html) {
          if (!html) return;
          var holder = document.createElement("table");
          holder.innerHTML = html;
          var fresh = holder.querySelector("tbody");
          var old = document.getElementById("queue-rows");
          if (!fresh || !old || fresh.innerHTML === old.innerHTML) return;
          var before = parseInt(old.dataset.latest || "0", 10);
          var after = parseInt(fresh.dataset.latest || "0", 10);
          var links = {};
          old.querySelectorAll("a").forEach(function (a) { links[a.getAttribute("href")] = true; });
          fresh.querySelectorAll("tr").forEach(function (tr) {
            var a = tr.querySelector("a");
            if (a && !links[a.getAttribute("href")]) tr.classList.add("new");
          });
          old.replaceWith(fresh);
          if (total) total.textContent = fresh.dataset.total;
          if (news && after > before) news.textContent = "New messages to review have arrived.";
        })
        .catch(function () { /* offline for a moment: try again on the next tick */ });
    };
    setInterval(poll, 4000);
  }

  // Evidence: focusing a field (or its evidence link) marks where the value was read.
  var show = function (id, scroll) {
    document.querySelectorAll("mark.active").forEach(function (m) { m.classList.remove("active"); });
    var mark = id && document.getElementById(id);
    if (!mark) return;
    mark.classList.add("active");
    if (scroll) mark.scrollIntoView({ block: "center", behavior: "smooth" });
  };
  document.querySelectorAll("input[data-evidence]").forEach(function (input) {
    input.addEventListener("focus", function () { show(input.dataset.evidence, true); });
  });
  document.querySelectorAll("a.ev[data-evidence]").forEach(function (a) {
    a.addEventListener("click", function (ev) { ev.preventDefault(); show(a.dataset.evidence, true); });
  });
})();
