// Progressive enhancement only: every page works without this file.
document.documentElement.classList.add("js");

document.addEventListener("DOMContentLoaded", () => {
  // Put the keyboard on the first error, so a clerk can fix it without reaching for the mouse.
  const firstError = document.querySelector("[data-first-error], .field.has-error input, .field.has-error select, .field.has-error textarea");
  if (firstError) firstError.focus();

  // The property switcher submits itself when changed.
  document.querySelectorAll("select[data-autosubmit]").forEach((select) => {
    select.addEventListener("change", () => select.form.submit());
  });

  // Ask before a step that cannot be undone.
  document.querySelectorAll("form[data-confirm]").forEach((form) => {
    form.addEventListener("submit", (event) => {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  });

  // One submit per form: a double click must not send it twice.
  document.querySelectorAll("form[method='post']").forEach((form) => {
    form.addEventListener("submit", (event) => {
      if (event.defaultPrevented) return;
      if (form.dataset.submitting) { event.preventDefault(); return; }
      form.dataset.submitting = "1";
    });
  });
});
