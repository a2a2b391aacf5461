// Entity pages: the sentences behind a value the page did not carry (past its budget) are
// asked for when the reader opens them. Sentences come from articles: textContent only.
(function () {
  "use strict";
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function quote(src) {
    var q = el("blockquote", "source"), p = el("p"), text = src.text, at = 0;
    (src.marks || []).forEach(function (m) {
      if (m[0] < at) return;
      p.appendChild(document.createTextNode(text.slice(at, m[0])));
      p.appendChild(el("mark", null, text.slice(m[0], m[1])));
      at = m[1];
    });
    p.appendChild(document.createTextNode(text.slice(at)));
    var foot = el("footer"), a = el("a", "article", src.headline || src.article);
    a.href = "/resource?iri=" + encodeURIComponent(src.article);
    foot.appendChild(a);
    q.appendChild(p); q.appendChild(foot);
    return q;
  }
  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("details.why[data-s]"), function (d) {
      d.addEventListener("toggle", function () {
        if (!d.open || d.getAttribute("data-loaded")) return;
        d.setAttribute("data-loaded", "1");
        var url = "/api/evidence?s=" + encodeURIComponent(d.getAttribute("data-s")) + "&p=" +
          encodeURIComponent(d.getAttribute("data-p")) + "&o=" + encodeURIComponent(d.getAttribute("data-o"));
        fetch(url).then(function (r) { return r.json(); }).then(function (data) {
          (data.sentences || []).forEach(function (s) { d.appendChild(quote(s)); });
        }).catch(function () { d.appendChild(el("p", "muted", "the sentences could not be read")); });
      });
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
