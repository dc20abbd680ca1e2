// Extras that need a script; the page works without it. Copy puts the message on the
// clipboard, and the mail link follows the edits made in the text box.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var copy = document.getElementById("copy");
  var body = document.getElementById("body");
  var subject = document.getElementById("subject");
  var status = document.getElementById("copy-status");
  if (copy && body && navigator.clipboard) {
    copy.hidden = false;
    copy.addEventListener("click", function () {
      var text = (subject ? "Subject: " + subject.value + "\n\n" : "") + body.value;
      navigator.clipboard.writeText(text).then(
        function () { status.textContent = "Copied to the clipboard."; },
        function () { status.textContent = "Could not copy; select the text and copy it yourself."; }
      );
    });
  }
  var mail = document.getElementById("mailto");
  if (mail && body && subject) {
    var to = mail.getAttribute("href").split("?")[0];
    var update = function () {
      mail.setAttribute("href", to + "?subject=" + encodeURIComponent(subject.value) +
        "&body=" + encodeURIComponent(body.value.replace(/\r?\n/g, "\r\n")));
    };
    body.addEventListener("input", update);
    subject.addEventListener("input", update);
  }
});
