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
          updateCounts(fresh);
          reselect();
          if (news && after > before) news.textContent = "New messages to review have arrived.";
        })
        .catch(function () { /* offline for a moment: try again on the next tick */ });
    };
    setInterval(poll, 4000);
  }

  // Live counts: the filters' "(n)" follow the rows the poll brings.
  function updateCounts(tbody) {
    var counts;
    try { counts = JSON.parse(tbody.dataset.counts || "{}"); } catch (e) { return; }
    document.querySelectorAll("option[data-count-of]").forEach(function (o) {
      var n = (counts[o.dataset.countOf] || {})[o.value] || 0;
      o.textContent = o.dataset.label + " (" + n + ")";
    });
  }

  // Keyboard: j/k move, o or Enter opens, x ticks, a approves (after a question), w writes,
  // u goes back to the queue, ? shows the list. Never while typing in a field.
  var help = document.getElementById("keys");
  document.querySelectorAll("[data-keys]").forEach(function (b) {
    b.addEventListener("click", function () { if (help) help.showModal(); });
  });
  var selectedHref = null;
  var queueRows = function () { return Array.prototype.slice.call(document.querySelectorAll("#queue-rows tr[data-href]")); };
  var choose = function (list, i) {
    if (!list.length) return;
    i = Math.max(0, Math.min(list.length - 1, i));
    list.forEach(function (tr) { tr.classList.remove("selected"); tr.removeAttribute("aria-selected"); });
    list[i].classList.add("selected");
    list[i].setAttribute("aria-selected", "true");
    list[i].scrollIntoView({ block: "nearest" });
    selectedHref = list[i].dataset.href;
  };
  function reselect() {
    var list = queueRows();
    var i = list.findIndex(function (tr) { return tr.dataset.href === selectedHref; });
    if (i >= 0) choose(list, i);
  }
  var typing = function (el) {
    return el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT|BUTTON)$/.test(el.tagName));
  };
  var follow = function (id) { var a = document.getElementById(id); if (a) window.location.href = a.href; };
  document.addEventListener("keydown", function (ev) {
    if (ev.ctrlKey || ev.metaKey || ev.altKey || typing(ev.target) || (help && help.open)) return;
    var key = ev.key;
    if (key === "?") { if (help) { help.showModal(); ev.preventDefault(); } return; }
    var list = queueRows();
    if (document.getElementById("queue-rows")) {
      var at = list.findIndex(function (tr) { return tr.dataset.href === selectedHref; });
      if (key === "j") choose(list, at + 1);
      else if (key === "k") choose(list, at < 0 ? 0 : at - 1);
      else if ((key === "o" || key === "Enter") && at >= 0) window.location.href = list[at].dataset.href;
      else if (key === "x" && at >= 0) { var box = list[at].querySelector("input[type=checkbox]"); if (box) box.checked = !box.checked; }
      else return;
      ev.preventDefault();
      return;
    }
    if (key === "j") follow("next-item");
    else if (key === "k") follow("prev-item");
    else if (key === "w") follow("write");
    else if (key === "u") follow("to-queue");
    else if (key === "a") {
      var approve = document.getElementById("approve");
      if (!approve) return;
      if (window.confirm("Approve and record this item?")) approve.click();
    } else return;
    ev.preventDefault();
  });

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
