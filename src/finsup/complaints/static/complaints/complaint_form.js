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
