// Small progressive enhancements, hooked by data-* attributes. Every page works without this file.
(function () {
  "use strict";
  function ready(fn) {
    if (document.readyState !== "loading") fn(); else document.addEventListener("DOMContentLoaded", fn);
  }
  ready(function () {
    // Move focus to the error summary so screen readers announce it.
    var summary = document.querySelector("[data-focus-on-load]");
    if (summary) summary.focus();
    // Select a one-time token when it gets focus, ready to copy.
    document.querySelectorAll("[data-select-on-focus]").forEach(function (el) {
      el.addEventListener("focus", function () {
        var range = document.createRange();
        range.selectNodeContents(el);
        var selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
      });
    });
  });
})();
