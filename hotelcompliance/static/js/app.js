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
  // ID scan by keyboard wedge: the scanner types into the focused box and ends with Enter.
  // Barcodes hold line breaks too, so the scan is sent once the keys stop for a moment.
  const wedge = document.querySelector("textarea[data-wedge]");
  if (wedge) {
    let quiet = null;
    wedge.addEventListener("keydown", (event) => {
      if (event.key !== "Enter") return;
      window.clearTimeout(quiet);
      quiet = window.setTimeout(() => { if (wedge.value.trim()) wedge.form.requestSubmit(); }, 250);
    });
    wedge.addEventListener("input", () => {
      if (quiet !== null) {
        window.clearTimeout(quiet);
        quiet = window.setTimeout(() => { if (wedge.value.trim()) wedge.form.requestSubmit(); }, 250);
      }
    });
  }

  // A returning guest: one key (the button, or Alt+U) copies their last stay's details.
  const fill = document.querySelector("[data-returning-fill]");
  if (fill) {
    fill.hidden = false;
    const useDetails = () => {
      document.querySelectorAll("[data-fill-target]").forEach((source) => {
        const target = document.getElementById(source.dataset.fillTarget);
        if (target) target.value = source.textContent.trim();
      });
      // On to the first required field still empty, so the clerk goes on typing.
      const next = Array.from(document.querySelectorAll("form input[required], form select[required]"))
        .find((field) => !field.value && field.type !== "hidden");
      if (next) next.focus();
    };
    fill.addEventListener("click", useDetails);
    document.addEventListener("keydown", (event) => {
      if (event.altKey && (event.key === "u" || event.key === "U")) { event.preventDefault(); useDetails(); }
    });
  }

  // A report's live progress bar: poll its status until the build finishes, then reload.
  const reportCard = document.querySelector("[data-report-status]");
  if (reportCard && !reportCard.dataset.reportFinished) {
    const bar = reportCard.querySelector("[data-report-progress]");
    const text = reportCard.querySelector("[data-report-progress-text]");
    const label = reportCard.querySelector("[data-report-status-label]");
    const error = reportCard.querySelector("[data-report-error]");
    const poll = () => {
      fetch(reportCard.dataset.reportStatus, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then((response) => (response.ok ? response.json() : Promise.reject(response.status)))
        .then((state) => {
          bar.value = state.progress;
          bar.textContent = `${state.progress}%`;
          text.textContent = state.progress;
          label.textContent = state.status_label;
          if (state.error) { error.textContent = state.error; error.hidden = false; }
          if (state.finished) { window.location.reload(); return; }
          window.setTimeout(poll, 1000);
        })
        .catch(() => window.setTimeout(poll, 5000));
    };
    window.setTimeout(poll, 700);
  }
});
