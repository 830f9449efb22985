// Registration form: show only what the chosen category needs.
// Without this script every field stays visible and the form works the same.
(function () {
  "use strict";

  function update(select) {
    var key = select.value;
    document.querySelectorAll("[data-show-for]").forEach(function (block) {
      var keys = block.dataset.showFor.split(" ");
      block.hidden = Boolean(key) && keys.indexOf(key) === -1;
    });
    document.querySelectorAll("[data-hide-for]").forEach(function (block) {
      block.hidden = keys(block.dataset.hideFor).indexOf(key) !== -1;
    });
  }

  function keys(text) { return text.split(" "); }

  document.addEventListener("DOMContentLoaded", function () {
    var select = document.querySelector(".registration-form select[name='category']");
    if (!select) { return; }
    select.addEventListener("change", function () { update(select); });
    update(select);
  });
})();
