// The main menu behind a button on phones (CSS hides the button on wider screens).
// Without this script the button stays hidden and the menu open.
(function () {
  "use strict";
  const toggle = document.querySelector(".site-nav__toggle");
  if (!toggle) {
    return;
  }
  toggle.hidden = false;
  toggle.setAttribute("aria-expanded", "false");
  toggle.addEventListener("click", function () {
    const open = toggle.getAttribute("aria-expanded") === "true";
    toggle.setAttribute("aria-expanded", open ? "false" : "true");
  });
})();
