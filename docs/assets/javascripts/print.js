/* Printing: open collapsed follow-up answers so the printout has them, and close them again
   afterwards. (Quiz forms are hidden in print by quiz.css, answers included.) */
(function () {
  "use strict";
  var opened = [];
  window.addEventListener("beforeprint", function () {
    opened = [].slice.call(document.querySelectorAll("article details:not([open])"))
      .filter(function (d) { return !d.closest("form.quiz"); });
    opened.forEach(function (d) { d.open = true; });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (d) { d.open = false; });
    opened = [];
  });
})();
