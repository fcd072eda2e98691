// Apply the remembered text size before the page is drawn (loaded in <head>, no inline script).
(function () {
  try {
    var step = window.localStorage.getItem("anphu-font-size");
    if (step && /^-?[0-3]$/.test(step)) {
      document.documentElement.setAttribute("data-font-size", step);
    }
  } catch (error) {
    // Storage may be disabled; the default size stays.
  }
})();
