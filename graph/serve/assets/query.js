// The query page: YASGUI on this server's endpoint, the named queries as examples,
// result IRIs opened as this server's pages, and "show in graph".
(function () {
  "use strict";
  var endpoint = location.origin + "/sparql";
  var yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: false, endpointCatalogueOptions: { getData: function () { return []; } },
    persistenceId: null
  });
  window.yasgui = yasgui;
  var BASE = "https://w3id.org/vnkg/";
  function localHref(iri) {
    if (iri.indexOf(BASE + "id/") === 0) return "/id/" + iri.slice((BASE + "id/").length);
    if (iri.indexOf(BASE + "ontology#") === 0) return "/ontology/" + encodeURIComponent(iri.slice((BASE + "ontology#").length));
    return "/resource?iri=" + encodeURIComponent(iri);
  }
  // Result links point at w3id.org; here they open this server's page of the same IRI.
  function relink(root) {
    Array.prototype.forEach.call(root.querySelectorAll("a[href^='" + BASE + "']"), function (a) {
      a.setAttribute("data-iri", a.getAttribute("href"));
      a.setAttribute("href", localHref(a.getAttribute("href")));
      a.removeAttribute("target");
    });
  }
  // YASR handles clicks on its links itself; a plain click opens this server's page here.
  document.getElementById("yasgui").addEventListener("click", function (ev) {
    var a = ev.target.closest ? ev.target.closest("a[data-iri]") : null;
    if (!a || ev.button !== 0 || ev.ctrlKey || ev.metaKey || ev.shiftKey) return;
    ev.preventDefault(); ev.stopPropagation();
    window.location.href = a.getAttribute("href");
  }, true);
  new MutationObserver(function () { relink(document.getElementById("yasgui")); })
    .observe(document.getElementById("yasgui"), { childList: true, subtree: true });
  document.getElementById("show-graph").addEventListener("click", function () {
    var q = yasgui.getTab().getQuery();
    window.location.href = "/explore?query=" + encodeURIComponent(q);
  });
  fetch("/queries.json").then(function (r) { return r.json(); }).then(function (queries) {
    var select = document.getElementById("examples");
    queries.forEach(function (q) {
      var opt = document.createElement("option");
      opt.value = q.name; opt.textContent = q.name + " – " + q.comment;
      select.appendChild(opt);
    });
    select.addEventListener("change", function () {
      var q = queries.find(function (x) { return x.name === select.value; });
      if (!q) return;
      document.getElementById("comment").textContent = q.comment;
      var tab = yasgui.getTab();
      tab.setEndpoint(endpoint);
      tab.setQuery(q.query);
    });
  });
})();
