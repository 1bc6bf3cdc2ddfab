/* Renders the page's math with the KaTeX copy the site serves itself.
   KaTeX (about 300 KiB with its fonts) is loaded only on pages that have
   math, once, and re-applied after every instant-navigation page change. */
(function () {
  "use strict";
  var base = new URL("../vendor/katex/", document.currentScript.src).href;
  var loading = null;

  function add(tag, attributes) {
    return new Promise(function (resolve, reject) {
      var element = document.createElement(tag);
      Object.assign(element, attributes);
      element.onload = resolve;
      element.onerror = reject;
      document.head.appendChild(element);
    });
  }

  // Render only once both the script and the stylesheet are in: KaTeX's markup without its CSS
  // shows every formula twice (HTML and MathML) and unwrapped, which widens a phone's page.
  function load() {
    if (!loading) {
      loading = Promise.all([
        add("link", { rel: "stylesheet", href: base + "katex.min.css" }),
        add("script", { src: base + "katex.min.js" })
      ]);
    }
    return loading;
  }

  // pymdownx.arithmatex (generic mode) wraps math as \( … \) or \[ … \].
  function strip(text) {
    var t = text.trim();
    return t.slice(2, t.length - 2);
  }

  function render(root) {
    var nodes = root.querySelectorAll(".arithmatex");
    if (!nodes.length) return;
    load().then(function () {
      nodes.forEach(function (node) {
        if (node.dataset.rendered) return;
        var display = node.tagName === "DIV";
        window.katex.render(strip(node.textContent), node, {
          displayMode: display,
          throwOnError: false,
          output: "htmlAndMathml"
        });
        node.dataset.rendered = "1";
      });
    });
  }

  window.renderMath = render;  // for content added later (quiz feedback, mock interviews)

  if (window.document$) {
    window.document$.subscribe(function () { render(document.body); });
  } else {
    document.addEventListener("DOMContentLoaded", function () { render(document.body); });
  }
})();
