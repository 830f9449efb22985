// Small progressive enhancements; every page works without this file.
(function () {
  "use strict";

  // Move focus to the error summary so screen readers announce it.
  function focusErrorSummary() {
    var summary = document.getElementById("error-summary");
    if (summary) { summary.focus(); }
  }

  // Buttons with data-confirm ask before submitting destructive forms.
  function confirmDangerousActions() {
    document.addEventListener("submit", function (event) {
      var button = event.submitter;
      var message = (button && button.dataset.confirm) || event.target.dataset.confirm;
      if (message && !window.confirm(message)) { event.preventDefault(); }
    });
  }

  // Copy-to-clipboard buttons: <button data-copy="#id">.
  function copyButtons() {
    document.querySelectorAll("[data-copy]").forEach(function (button) {
      button.addEventListener("click", function () {
        var target = document.querySelector(button.dataset.copy);
        if (!target || !navigator.clipboard) { return; }
        navigator.clipboard.writeText(target.value || target.textContent).then(function () {
          button.dataset.copied = "true";
        });
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    focusErrorSummary();
    confirmDangerousActions();
    copyButtons();
  });
})();
