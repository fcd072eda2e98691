// Small enhancements of the public pages. Every page works without this file.
(function () {
  "use strict";
  var KEY = "anphu-font-size";
  var MIN = -1;
  var MAX = 3;
  var root = document.documentElement;

  function currentStep() {
    var value = parseInt(root.getAttribute("data-font-size") || "0", 10);
    return isNaN(value) ? 0 : value;
  }

  function applyStep(step) {
    step = Math.max(MIN, Math.min(MAX, step));
    if (step === 0) {
      root.removeAttribute("data-font-size");
    } else {
      root.setAttribute("data-font-size", String(step));
    }
    try {
      window.localStorage.setItem(KEY, String(step));
    } catch (error) {
      // Storage may be disabled: the size holds for this page only.
    }
    showStep(step);
  }

  // The button of the size in use is pressed: A- below the default, A at it, A+ above.
  function showStep(step) {
    document.querySelectorAll("[data-font-step]").forEach(function (button) {
      var direction = parseInt(button.getAttribute("data-font-step"), 10);
      button.setAttribute("aria-pressed", direction === Math.sign(step) ? "true" : "false");
    });
  }

  document.querySelectorAll("[data-font-step]").forEach(function (button) {
    button.addEventListener("click", function () {
      var delta = parseInt(button.getAttribute("data-font-step"), 10);
      applyStep(delta === 0 ? 0 : currentStep() + delta);
    });
  });

  showStep(currentStep());

  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
})();
