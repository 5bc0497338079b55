// Links in emails carry their token after "#" (browsers never send it to a server, so it
// stays out of access logs): copy it into the page's form, drop it from the address bar,
// and post the form right away where the page asks for that.
"use strict";

document.addEventListener("DOMContentLoaded", function () {
  const form = document.querySelector("form[data-link-token]");
  if (!form) {
    return;
  }
  const match = /(?:^#|&)token=([^&]+)/.exec(window.location.hash);
  if (!match) {
    return;
  }
  form.elements.token.value = decodeURIComponent(match[1]);
  window.history.replaceState(null, "", window.location.pathname + window.location.search);
  if (form.hasAttribute("data-auto-submit")) {
    form.submit();
  }
});
