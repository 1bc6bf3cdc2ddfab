/* Touch screens have no hover: the first tap on a glossary term shows its
   definition (the theme's tooltip opens on focus), a second tap follows it. */
(function () {
  "use strict";
  var touched = null;
  document.addEventListener("pointerdown", function (event) {
    touched = event.pointerType === "touch" ? event.target.closest("a.kb-term") : null;
    if (touched && document.activeElement === touched) touched = null;  // second tap: follow
  }, true);
  document.addEventListener("click", function (event) {
    var term = event.target.closest && event.target.closest("a.kb-term");
    if (term && term === touched) {
      event.preventDefault();
      event.stopPropagation();  // keep instant navigation from following it
      term.focus();
    }
    touched = null;
  }, true);
})();
