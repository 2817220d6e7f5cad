// The public complaint form: hide the identity fields when the complainant files anonymously; with
// script running, the captcha's HTMX buttons replace the form's fallback ones (complaints.css).
document.documentElement.classList.add("js");
(() => {
  const form = document.getElementById("complaint-form");
  if (!form) return;
  const anonymous = form.querySelector("input[name=anonymous]");
  const sync = () => {
    form.querySelectorAll(".complainant-identity").forEach((el) => {
      el.hidden = anonymous.checked;
      el.style.display = anonymous.checked ? "none" : "";  // .field sets display, which beats [hidden]
    });
  };
  anonymous.addEventListener("change", sync);
  sync();
})();

// A new captcha replaces the buttons that asked for it: focus goes to the answer field, so that a
// screen reader reads its label and the question (aria-describedby) instead of losing its place.
document.addEventListener("htmx:afterSettle", (event) => {
  if (event.detail.elt && event.detail.elt.id === "captcha") {
    document.getElementById("id_captcha")?.focus();
  }
});
