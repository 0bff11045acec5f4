// Conditional fields: a field wrapper with data-show-if="<name of another field>" (and
// data-show-if-value) is hidden until that field has the value. Without JavaScript every
// field shows, and the server ignores the answers to fields whose condition does not hold.
(function () {
  "use strict";
  function valuesOf(form, name) {
    var values = [];
    form.querySelectorAll('[name="' + name + '"]').forEach(function (input) {
      if ((input.type === "checkbox" || input.type === "radio") && !input.checked) return;
      if (input.type === "checkbox" && input.value === "on") { values.push("on"); return; }
      if (input.value) values.push(input.value.trim().toLowerCase());
    });
    return values;
  }
  function update(form) {
    form.querySelectorAll("[data-show-if]").forEach(function (wrapper) {
      var values = valuesOf(form, wrapper.getAttribute("data-show-if").replace(/^id_/, ""));
      var expected = (wrapper.getAttribute("data-show-if-value") || "").toLowerCase();
      var show = expected ? values.indexOf(expected) !== -1 : values.length > 0;
      wrapper.hidden = !show;
    });
  }
  function ready(fn) {
    if (document.readyState !== "loading") fn(); else document.addEventListener("DOMContentLoaded", fn);
  }
  ready(function () {
    document.querySelectorAll("form[data-conditional-form]").forEach(function (form) {
      update(form);
      form.addEventListener("change", function () { update(form); });
      form.addEventListener("input", function () { update(form); });
    });
  });
})();
