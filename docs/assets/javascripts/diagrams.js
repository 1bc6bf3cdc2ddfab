/* A stand-in for the global `mermaid` that Material would fetch from a CDN: it loads the site's own
   copy when Material renders the first diagram (see assets/vendor/mermaid/README.md). */
(function () {
  var src = new URL("../vendor/mermaid/mermaid.min.js", document.currentScript.src).href;
  var settings = {}, loading;
  var standIn = {
    initialize: function (options) { settings = options; },
    render: function (id, text) {
      loading = loading || new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = src;
        script.onload = function () {
          var real = window.mermaid;
          if (real === standIn) return reject(new Error("no mermaid in " + src));
          real.initialize(Object.assign({}, settings, { startOnLoad: false }));
          resolve(real);
        };
        script.onerror = function () { reject(new Error("could not load " + src)); };
        document.head.appendChild(script);
      });
      return loading.then(function (real) { return real.render(id, text); });
    }
  };
  if (typeof window.mermaid === "undefined" || window.mermaid instanceof Element) window.mermaid = standIn;
})();
