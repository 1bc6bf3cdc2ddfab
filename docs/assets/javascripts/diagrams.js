/* Makes Material render ```mermaid diagrams with the site's own copy of Mermaid.

   Material renders every `pre.mermaid` itself (theme colours that follow the light and dark
   palettes included), but first looks for a global `mermaid` and, when there is none, fetches one
   from unpkg.com. This script runs before Material looks (Material waits for DOMContentLoaded) and
   defines a stand-in `mermaid` that Material configures and calls. The stand-in downloads the
   vendored Mermaid (3.4 MiB) on its first call, so only pages with a diagram pay for it, also
   after an instant-navigation page change. The real Mermaid replaces the global when it loads. */
(function () {
  "use strict";
  if (typeof window.mermaid !== "undefined" && !(window.mermaid instanceof Element)) return;

  var src = new URL("../vendor/mermaid/mermaid.min.js", document.currentScript.src).href;
  var settings = { startOnLoad: false };
  var loading = null;

  function load() {
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = src;
        script.onload = function () {
          var real = window.mermaid;
          if (!real || real === standIn) {
            reject(new Error("diagrams.js: " + src + " did not define mermaid"));
            return;
          }
          real.initialize(settings);
          resolve(real);
        };
        script.onerror = function () { reject(new Error("diagrams.js: could not load " + src)); };
        document.head.appendChild(script);
      });
    }
    return loading;
  }

  var standIn = {
    initialize: function (options) { settings = Object.assign({}, options, { startOnLoad: false }); },
    render: function (id, text) {
      return load().then(function (real) { return real.render(id, text); });
    }
  };

  window.mermaid = standIn;
})();
