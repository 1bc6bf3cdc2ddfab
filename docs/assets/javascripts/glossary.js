/* A glossary term's definition in a tooltip, on hover or keyboard focus; on touch screens the first
   tap shows it and a second tap follows the link. One element and document listeners serve every
   term: nothing runs per link at load (the theme's tooltips did, which cost a phone ~0.5 s).
   The definition is the term's title (build-made HTML, see kb.glossary.tooltip); while shown, the
   title moves aside, so the browser adds no tooltip of its own, and the tooltip describes the term.
   Glossary links have no title: the entry they point to is on the page. */
(function () {
  "use strict";
  var TERMS = "a.kb-term, .kb-key-terms a[title]";
  var tip = null;
  var current = null;
  var hideTimer = 0;
  var touched = null;

  function element() {
    if (!tip || !tip.isConnected) {
      tip = document.createElement("div");
      tip.id = "kb-tooltip";
      tip.className = "kb-tooltip";
      tip.setAttribute("role", "tooltip");
      tip.hidden = true;
      tip.addEventListener("mouseenter", function () { clearTimeout(hideTimer); });  // hoverable
      tip.addEventListener("mouseleave", later);
      document.body.appendChild(tip);
    }
    return tip;
  }

  function show(term) {
    clearTimeout(hideTimer);
    if (term === current) return;
    hide();
    var definition = term.getAttribute("title");
    var onPage = definition ? null : entryDefinition(term);
    if (!definition && !onPage) return;
    var box = element();
    if (onPage) {
      box.replaceChildren.apply(box, onPage);
    } else {
      box.innerHTML = definition;
      term.setAttribute("data-kb-title", definition);
      term.removeAttribute("title");
    }
    term.setAttribute("aria-describedby", box.id);
    box.hidden = false;
    place(term, box);
    current = term;
  }

  function hide() {
    clearTimeout(hideTimer);
    if (!current) return;
    if (current.hasAttribute("data-kb-title")) {
      current.setAttribute("title", current.getAttribute("data-kb-title"));
      current.removeAttribute("data-kb-title");
    }
    current.removeAttribute("aria-describedby");
    if (tip) tip.hidden = true;
    current = null;
  }

  function later() {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(function () {
      if (current && current !== document.activeElement) hide();
    }, 200);
  }

  /* Below the term, or above it when there is no room below; always inside the viewport. */
  function place(term, box) {
    var width = document.documentElement.clientWidth;
    var rect = term.getBoundingClientRect();  // a term wrapped over two lines: both of them
    var first = term.getClientRects()[0] || rect;
    box.style.maxWidth = Math.min(352, width - 16) + "px";
    box.style.left = "0px";
    box.style.top = "0px";
    var size = box.getBoundingClientRect();
    var left = Math.max(8, Math.min(first.left, width - size.width - 8));
    var top = rect.bottom + 6;
    if (top + size.height > window.innerHeight - 8 && rect.top - size.height - 6 > 8) {
      top = rect.top - size.height - 6;
    }
    box.style.left = left + window.scrollX + "px";
    box.style.top = top + window.scrollY + "px";
  }

  /* On the glossary: the definition in the entry the link points to, its links as plain text. */
  function entryDefinition(term) {
    var url = new URL(term.href);
    var heading = url.pathname === location.pathname && document.getElementById(decodeURIComponent(url.hash.slice(1)));
    var text = heading && heading.closest(".glossary-entry") && heading.nextElementSibling;
    if (!text || text.tagName !== "P") return null;
    text = text.cloneNode(true);
    text.querySelectorAll("a").forEach(function (a) { a.replaceWith.apply(a, [].slice.call(a.childNodes)); });
    return [].slice.call(text.childNodes);
  }

  function termOf(node) {
    return node && node.closest ? node.closest(TERMS) : null;
  }

  document.addEventListener("mouseover", function (event) {
    var term = termOf(event.target);
    if (term) show(term);
  });
  document.addEventListener("mouseout", function (event) {
    var term = termOf(event.target);
    if (term && term === current && !term.contains(event.relatedTarget)) later();
  });
  document.addEventListener("focusin", function (event) {
    var term = termOf(event.target);
    if (term) show(term);
    else if (current) hide();
  });
  document.addEventListener("focusout", function (event) {
    if (termOf(event.target) === current) later();
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && current) hide();  // dismissible without moving focus
  });

  document.addEventListener("pointerdown", function (event) {
    touched = event.pointerType === "touch" ? termOf(event.target) : null;
    if (touched && document.activeElement === touched) touched = null;  // second tap: follow
  }, true);
  document.addEventListener("click", function (event) {
    var term = termOf(event.target);
    if (term && term === touched) {
      event.preventDefault();
      event.stopPropagation();  // keep instant navigation from following it
      term.focus();
      show(term);
    }
    touched = null;
  }, true);

  /* Back and Forward lay out every glossary entry before the offset is restored, so that it names the
     place the reader left (site.css; main.html does this for the browser's own loads). */
  var ALL = "kb-layout-all";
  var root = document.documentElement;
  var popped = 0;
  window.addEventListener("popstate", function () {  // before the theme fetches and shows the page
    popped = Date.now();
    root.classList.add(ALL);
  });

  /* Instant navigation swaps the page's content: a tooltip must not outlive its term. */
  if (window.document$ && window.document$.subscribe) {
    var shown = 0;
    window.document$.subscribe(function () {
      hide();
      // A page reached by a link, not by a Back within the last seconds: the fast path.
      if (shown++ && Date.now() - popped > 10000) root.classList.remove(ALL);
      popped = 0;
    });
  }
})();
