// The search box of every page: suggestions from /api/suggest as you type.
// Names come from articles: they reach the page through textContent only.
(function () {
  "use strict";
  var TYPES = { Organization: "Tổ chức", Person: "Cá nhân", Document: "Văn bản", Campaign: "Phong trào",
                Event: "Sự kiện", Place: "Địa danh", Post: "Chức vụ" };
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function setup(form) {
    var input = form.querySelector("input[name=q]"), list = form.querySelector(".suggest");
    var hits = [], active = -1, timer = null, asked = 0;
    function pick(hit) {
      if (window.kgOnPick && window.kgOnPick(hit)) { list.hidden = true; input.value = ""; return; }
      window.location.href = hit.href;
    }
    function render() {
      while (list.firstChild) list.removeChild(list.firstChild);
      hits.forEach(function (h, i) {
        var li = el("li", i === active ? "active" : null), a = el("a", null, h.label);
        a.href = h.href;
        a.addEventListener("click", function (ev) { ev.preventDefault(); pick(h); });
        li.appendChild(a);
        li.appendChild(el("span", "type t-" + h.type, TYPES[h.type] || h.type));
        if (h.matched) li.appendChild(el("span", "matched", "“" + h.matched + "”"));
        if (h.province) li.appendChild(el("span", "muted", h.province));
        list.appendChild(li);
      });
      list.hidden = hits.length === 0;
    }
    function ask() {
      var q = input.value.trim(), n = ++asked;
      if (q.length < 2) { hits = []; render(); return; }
      fetch("/api/suggest?q=" + encodeURIComponent(q)).then(function (r) { return r.json(); }).then(function (d) {
        if (n !== asked) return; // an older answer
        hits = d.hits || []; active = hits.length ? 0 : -1; render();
        window.kgSuggested = (window.kgSuggested || 0) + 1;
      }).catch(function () {});
    }
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(ask, 60); });
    input.addEventListener("keydown", function (ev) {
      if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
        if (!hits.length) return;
        active = (active + (ev.key === "ArrowDown" ? 1 : hits.length - 1)) % hits.length;
        render(); ev.preventDefault();
      } else if (ev.key === "Enter") {
        if (active >= 0 && hits[active]) { ev.preventDefault(); pick(hits[active]); }
      } else if (ev.key === "Escape") {
        list.hidden = true;
      }
    });
    document.addEventListener("click", function (ev) { if (!form.contains(ev.target)) list.hidden = true; });
  }
  function start() { Array.prototype.forEach.call(document.querySelectorAll("form.search"), setup); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
