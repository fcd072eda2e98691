// Article page: print button and "copy link". The page works without this file.
(function () {
  "use strict";

  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () {
      window.print();
    });
  });

  document.querySelectorAll("[data-copy-link]").forEach(function (button) {
    var status = button.parentNode.querySelector(".share-links__status");
    button.addEventListener("click", function () {
      var url = button.getAttribute("data-copy-link");
      function done(message) {
        if (status) {
          status.textContent = message;
        }
      }
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(url).then(
          function () { done("Đã sao chép liên kết."); },
          function () { done("Không sao chép được; liên kết: " + url); }
        );
      } else {
        done("Liên kết: " + url);
      }
    });
  });
})();
