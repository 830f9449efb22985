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

  // "Use my time zone": <button data-my-zone="input-id" hidden> appears where the
  // browser tells its zone, fills it in and submits the form.
  function myTimeZone() {
    var zone = "";
    try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) { return; }
    if (!zone) { return; }
    document.querySelectorAll("[data-my-zone]").forEach(function (button) {
      var input = document.getElementById(button.dataset.myZone);
      if (!input || !input.form) { return; }
      button.textContent = button.textContent + " (" + zone + ")";
      button.hidden = false;
      button.addEventListener("click", function () {
        input.value = zone;
        input.form.submit();
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    focusErrorSummary();
    confirmDangerousActions();
    copyButtons();
    myTimeZone();
  });
})();
